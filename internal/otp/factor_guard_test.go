package otp

import (
	"encoding/base32"
	"errors"
	"fmt"
	"testing"
	"time"

	"pishkhan/internal/identity"
)

// Wrong codes are counted per account across sessions and codes: the
// tenth wrong authenticator code within an hour locks the customer's
// second factor, so that even the right code is refused for an hour
// (moved on the injected clock); the lock is audited and the customer
// gets an SMS. Without it, each new code or minute started over.
func TestWrongCodesLockTheCustomerFactor(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.s.UseAudit(e.ids)
		c, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: nationalCode("321999001"),
			FirstName: "مریم", LastName: "احمدی", Mobile: mobile})
		if err != nil {
			t.Fatal(err)
		}
		seed := []byte("a-seed-for-the-lock!")
		e.activeDevice(t, c.ID, seed)
		for i := 1; i <= 10; i++ {
			if i%4 == 0 {
				e.clock.Advance(time.Minute) // stay under the per-minute window
			}
			ok, err := e.s.VerifyTOTP(ctx, c.ID, "000000")
			if i < 10 && (ok || err != nil) {
				t.Fatalf("wrong code %d: %v %v", i, ok, err)
			}
			if i == 10 && !errors.Is(err, ErrFactorLocked) {
				t.Fatalf("tenth wrong code: %v %v, want ErrFactorLocked", ok, err)
			}
		}
		e.clock.Advance(59 * time.Minute)
		if ok, err := e.s.VerifyTOTP(ctx, c.ID, refTOTP(seed, e.clock.Now(), 6)); ok || !errors.Is(err, ErrFactorLocked) {
			t.Fatalf("right code while locked: %v %v", ok, err)
		}
		// SMS codes of the same person are refused too.
		if err := e.s.IssueSMSCode(ctx, payment(c.ID, "1000")); err != nil {
			t.Fatal(err)
		}
		code, _ := e.lastSMS(t, c.ID)
		if ok, err := e.s.VerifySMSCode(ctx, "card-payment", payment(c.ID, "1000").Binding, c.ID, code); ok || !errors.Is(err, ErrFactorLocked) {
			t.Fatalf("right SMS code while locked: %v %v", ok, err)
		}
		var audits, notices int
		e.d.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND target_id = $2", identity.ActionFactorLocked, c.ID).Scan(&audits)
		e.d.QueryRow(ctx, "SELECT COUNT(*) FROM sms_outbox WHERE person_id = $1 AND reason = $2", c.ID, identity.FactorLockedReason).Scan(&notices)
		if audits != 1 || notices != 1 {
			t.Fatalf("lock audited %d times, %d SMS notices", audits, notices)
		}
		e.clock.Advance(time.Minute)
		if ok, err := e.s.VerifyTOTP(ctx, c.ID, refTOTP(seed, e.clock.Now(), 6)); !ok || err != nil {
			t.Fatalf("right code an hour after the last wrong one: %v %v", ok, err)
		}
	})
}

// Wrong SMS codes count too, across codes: three codes burned by three
// wrong tries each, and one more wrong try, lock the factor.
func TestWrongSMSCodesLockAcrossCodes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.s.UseAudit(e.ids)
		p := e.customer(t)
		wrong := 0
		var last error
		for n := 0; wrong < 10; n++ {
			r := payment(p, fmt.Sprint(1000+n))
			if err := e.s.IssueSMSCode(ctx, r); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				_, last = e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, p, "000000")
				if wrong++; wrong == 10 {
					break
				}
			}
			e.clock.Advance(2 * time.Minute)
		}
		if !errors.Is(last, ErrFactorLocked) {
			t.Fatalf("tenth wrong SMS code: %v", last)
		}
	})
}

// A staff member's wrong authenticator codes lock it across sign-ins;
// an admin lifts the lock (audited) and the right code is accepted.
func TestWrongCodesLockTheStaffAuthenticator(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.s.UseAudit(e.ids)
		m, _, err := e.ids.CreateStaff(ctx, identity.Actor{}, "leila", "لیلا", []string{identity.RoleSupport})
		if err != nil {
			t.Fatal(err)
		}
		seed := []byte("a-staff-seed-to-lock")
		if _, err := e.d.Exec(ctx, `INSERT INTO otp_staff_devices (staff_id, status, seed_sealed, created_at, activated_at)
			VALUES ($1, 'active', $2, $3, $3)`, m.ID, e.s.seal(base32.StdEncoding.EncodeToString(seed)), e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 10; i++ {
			if i%4 == 0 {
				e.clock.Advance(time.Minute)
			}
			err := e.s.VerifyStaffCode(ctx, m.ID, "000000")
			if (i < 10 && !errors.Is(err, ErrStaffCodeWrong)) || (i == 10 && !errors.Is(err, ErrFactorLocked)) {
				t.Fatalf("wrong code %d: %v", i, err)
			}
		}
		if err := e.s.VerifyStaffCode(ctx, m.ID, refTOTP(seed, e.clock.Now(), 6)); !errors.Is(err, ErrFactorLocked) {
			t.Fatalf("right code while locked: %v", err)
		}
		if err := e.ids.UnlockFactor(ctx, identity.Actor{StaffID: m.ID}, identity.KindStaff, m.ID); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(30 * time.Second)
		if err := e.s.VerifyStaffCode(ctx, m.ID, refTOTP(seed, e.clock.Now(), 6)); err != nil {
			t.Fatalf("right code after the lift: %v", err)
		}
		var n int
		e.d.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = $1", identity.ActionUnlockFactor).Scan(&n)
		if n != 1 {
			t.Fatalf("lift audited %d times", n)
		}
	})
}
