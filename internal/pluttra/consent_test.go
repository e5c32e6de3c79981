package pluttra

import "testing"

func TestEffectiveConsent(t *testing.T) {
	cases := []struct {
		name      string
		protected bool
		guardians []int64
		latest    map[int64]ConsentLevel
		want      ConsentLevel
	}{
		{"BothShared", false, []int64{1, 2}, map[int64]ConsentLevel{1: ConsentShared, 2: ConsentShared}, ConsentShared},
		{"MostRestrictiveWins", false, []int64{1, 2}, map[int64]ConsentLevel{1: ConsentShared, 2: ConsentNone}, ConsentNone},
		{"NoAnswerCountsAsOwn", false, []int64{1, 2}, map[int64]ConsentLevel{1: ConsentShared}, ConsentOwn},
		{"EndedGuardianIgnored", false, []int64{1}, map[int64]ConsentLevel{1: ConsentShared, 2: ConsentNone}, ConsentShared},
		{"ProtectedCapsAtOwn", true, []int64{1}, map[int64]ConsentLevel{1: ConsentShared}, ConsentOwn},
		{"ProtectedKeepsNone", true, []int64{1}, map[int64]ConsentLevel{1: ConsentNone}, ConsentNone},
		{"NoGuardiansIsOwn", false, nil, nil, ConsentOwn},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := EffectiveConsent(c.protected, c.guardians, c.latest); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}
