package password

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	h := Hash("correct horse battery", Fast)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash = %q", h)
	}
	if h == Hash("correct horse battery", Fast) {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	ok, rehash, err := Verify("correct horse battery", h, Fast)
	if err != nil || !ok || rehash {
		t.Fatalf("right password: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	ok, _, err = Verify("correct horse batterY", h, Fast)
	if err != nil || ok {
		t.Fatalf("wrong password accepted: ok=%v err=%v", ok, err)
	}
}

func TestVerifyAsksForRehashWhenParamsChange(t *testing.T) {
	h := Hash("correct horse battery", Fast)
	ok, rehash, err := Verify("correct horse battery", h, Params{MemoryKiB: 128, Time: 1, Threads: 1})
	if err != nil || !ok || !rehash {
		t.Fatalf("ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	// A wrong password never asks for a rehash: nothing may be stored.
	_, rehash, _ = Verify("wrong", h, Default)
	if rehash {
		t.Fatal("rehash asked for a wrong password")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=18$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=64,t=1,p=1$!!$a2V5"} {
		if _, _, err := Verify("x", h, Fast); err != ErrMalformed {
			t.Errorf("%q: err = %v, want ErrMalformed", h, err)
		}
	}
}
