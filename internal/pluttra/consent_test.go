package pluttra

import (
	"fmt"
	"testing"
)

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

func TestCheckConsent(t *testing.T) {
	levels := map[int64]ConsentLevel{1: ConsentShared, 2: ConsentOwn, 3: ConsentNone}
	cases := []struct {
		name     string
		audience Audience
		children []int64
		media    bool
		want     []int64
	}{
		{"DepartmentPostSharedOnly", AudienceDepartment, []int64{1}, true, nil},
		{"DepartmentPostRefusesOwn", AudienceDepartment, []int64{1, 2}, false, []int64{2}},
		{"SeveralChildrenRefuseOwnAndNone", AudienceChildren, []int64{1, 2, 3}, false, []int64{2, 3}},
		{"OneChildAtOwnIsFine", AudienceChildren, []int64{2}, true, nil},
		{"OneChildAtNoneWithoutMediaIsFine", AudienceChildren, []int64{3}, false, nil},
		{"OneChildAtNoneWithMediaRefused", AudienceChildren, []int64{3}, true, []int64{3}},
		{"UnknownChildCountsAsNone", AudienceChildren, []int64{9}, true, []int64{9}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckConsent(&Post{Audience: tc.audience, Children: tc.children}, levels, tc.media)
			var ids []int64
			for _, p := range got {
				ids = append(ids, p.ChildID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tc.want) {
				t.Fatalf("refused %v, want %v", ids, tc.want)
			}
		})
	}
}
