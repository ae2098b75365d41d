package identity

import (
	"context"
	"fmt"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
)

// An account whose initial password is its national code is created
// without an argon2id hash, and still: opens only with the national code
// (in any digits), only for the forced change, only within its lifetime;
// wrong guesses lock the address and the account as for anyone; each
// attempt costs one argon2 verification, as any account's does.
func TestNationalCodeInitialPasswordNeedsNoHash(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		var hashes int
		e.s.hashHook = func() { hashes++ }
		e.s.dummyHash() // made once per process, not per account

		code := nationalCode("313131313")
		hashes = 0
		c := e.customer(t, NewCustomer{NationalCode: code, Mobile: "09121110000"})
		if hashes != 0 {
			t.Fatalf("creating the account ran argon2 %d times", hashes)
		}
		cred, err := getCredential(ctx, d, KindCustomer, c.ID)
		if err != nil || cred.hash != NationalCodePassword || !cred.mustChange || cred.expiresAt == nil {
			t.Fatalf("credential %+v %v", cred, err)
		}

		// Each attempt, right or wrong, is one verification.
		before := e.s.HashChecks()
		wantCode(t, errOf(e.s.SignIn(ctx, code, code[:9]+"x", "192.0.2.1", "ua")), ErrBadCredentials)
		res, err := e.s.SignIn(ctx, code, fa.Digits(code), "192.0.2.2", "ua")
		if err != nil || !res.MustChangePassword {
			t.Fatalf("national code in Persian digits: %+v %v", res, err)
		}
		if got := e.s.HashChecks() - before; got != 2 {
			t.Fatalf("two attempts ran %d verifications", got)
		}

		// Wrong guesses lock the address after three, the account after ten.
		for i := range 3 {
			_, err := e.s.SignIn(ctx, code, fmt.Sprintf("%010d", i), "192.0.2.9", "ua")
			if i < 2 {
				wantCode(t, err, ErrBadCredentials)
			} else {
				wantCode(t, err, ErrAddressLocked)
			}
		}
		wantCode(t, errOf(e.s.SignIn(ctx, code, code, "192.0.2.9", "ua")), ErrAddressLocked)
		// The three wrong guesses above count for the account too.
		for i := range 10 - 3 {
			_, err := e.s.SignIn(ctx, code, fmt.Sprintf("%010d", i), fmt.Sprintf("198.51.100.%d", i+1), "ua")
			if i < 10-3-1 {
				wantCode(t, err, ErrBadCredentials)
			} else {
				wantCode(t, err, ErrAccountLocked)
			}
		}
		wantCode(t, errOf(e.s.SignIn(ctx, code, code, "198.51.100.200", "ua")), ErrAccountLocked)

		// After the lock, within the lifetime: the forced change, and the
		// national code cannot be kept.
		e.clock.Advance(31 * time.Minute)
		if res, err := e.s.SignIn(ctx, code, code, "198.51.100.201", "ua"); err != nil || !res.MustChangePassword {
			t.Fatalf("after the lock: %+v %v", res, err)
		}
		wantCode(t, e.s.ChangePassword(ctx, c.ID, "", code, code), ErrPolicy)
		wantCode(t, e.s.ChangePassword(ctx, c.ID, "0000000000", strongPassword, strongPassword), ErrWrongOldPassword)
		if err := e.s.ChangePassword(ctx, c.ID, code, strongPassword, strongPassword); err != nil {
			t.Fatalf("forced change giving the national code as the old password: %v", err)
		}
		cred, _ = getCredential(ctx, d, KindCustomer, c.ID)
		if cred.mustChange || cred.hash == NationalCodePassword {
			t.Fatalf("after the change: %+v", cred)
		}
		wantCode(t, errOf(e.s.SignIn(ctx, code, code, "198.51.100.202", "ua")), ErrBadCredentials)

		// A reset by support goes back to the national code, without a hash,
		// for a fresh lifetime that runs out as before.
		hashes = 0
		if err := e.s.ResetPassword(ctx, Actor{StaffID: 1}, c.ID); err != nil {
			t.Fatal(err)
		}
		if cred, _ = getCredential(ctx, d, KindCustomer, c.ID); cred.hash != NationalCodePassword || hashes != 0 {
			t.Fatalf("after reset: %+v, %d hashes", cred, hashes)
		}
		e.clock.Advance(30 * 24 * time.Hour)
		wantCode(t, errOf(e.s.SignIn(ctx, code, code, "198.51.100.203", "ua")), ErrInitialExpired)
	})
}

// The marker is never a password: a staff credential holding it (or a
// customer whose national code were somehow empty) opens with nothing.
func TestNationalCodeMarkerOpensNothingElse(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, nil)
		cred := credential{hash: NationalCodePassword, mustChange: true}
		for _, secret := range []string{"", NationalCodePassword, "0000000000"} {
			if ok, _, err := e.s.checkPassword(context.Background(), cred, "", secret); ok || err != nil {
				t.Fatalf("%q opened a credential without a national code (%v)", secret, err)
			}
		}
	})
}
