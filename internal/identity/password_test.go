package identity

import (
	"strings"
	"testing"
)

func TestHashFormatAndVerify(t *testing.T) {
	h, err := DefaultParams.hashPassword("Secret-Pass-9")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || len(strings.Split(h, "$")) != 6 {
		t.Fatalf("hash %q is not the PHC string with OWASP parameters", h)
	}
	ok, rehash, err := DefaultParams.verifyPassword(h, "Secret-Pass-9")
	if !ok || rehash || err != nil {
		t.Fatalf("right password: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	if ok, _, _ := DefaultParams.verifyPassword(h, "Secret-Pass-8"); ok {
		t.Fatal("wrong password accepted")
	}
	// A hash made with weaker parameters verifies with its own and asks
	// to be redone.
	weak, _ := testParams.hashPassword("x")
	ok, rehash, err = DefaultParams.verifyPassword(weak, "x")
	if !ok || !rehash || err != nil {
		t.Fatalf("weak hash: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=18$m=1,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA"} {
		if _, _, err := DefaultParams.verifyPassword(bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestRandomPasswordMeetsPolicy(t *testing.T) {
	for i := 0; i < 20; i++ {
		p := randomPassword(customerPasswordLen)
		if len(p) != customerPasswordLen || strings.ContainsAny(p, "0O1lI") {
			t.Fatalf("random password %q", p)
		}
		if problems := CheckPassword(p, PasswordContext{}); len(problems) > 0 {
			// zxcvbn may rarely dislike one; the generator retries, so
			// only the character rules must always hold.
			for _, pr := range problems {
				if pr != msgGuessable {
					t.Fatalf("random password %q breaks %q", p, pr)
				}
			}
		}
	}
}
