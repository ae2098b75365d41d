package otp

import (
	"encoding/base32"
	"testing"
	"time"

	"pishkhan/internal/identity"
)

// With the rules on a moved clock (the demo's, years back), authenticator
// codes are still those of the phone's real time, once UsePhoneClock says
// what that is; a code of the moved clock is refused.
func TestPhoneClockChecksAuthenticatorCodes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.s.UseAudit(e.ids)
		phone := e.clock.Now()
		e.s.UsePhoneClock(func() time.Time { return phone })
		e.clock.Advance(-600 * 24 * time.Hour) // the rules' clock, far from the phone's
		m, _, err := e.ids.CreateStaff(ctx, identity.Actor{}, "omid", "امید", []string{identity.RoleFinance})
		if err != nil {
			t.Fatal(err)
		}
		en, err := e.s.StartStaffEnrolment(ctx, m.ID, m.Username)
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(en.Secret)
		if err := e.s.ConfirmStaffEnrolment(ctx, m.ID, refTOTP(secret, e.clock.Now(), 6)); err == nil {
			t.Fatal("a code of the rules' clock confirmed the enrolment")
		}
		if err := e.s.ConfirmStaffEnrolment(ctx, m.ID, refTOTP(secret, phone, 6)); err != nil {
			t.Fatalf("the phone's code at enrolment: %v", err)
		}
		phone = phone.Add(30 * time.Second)
		if err := e.s.VerifyStaffCode(ctx, m.ID, refTOTP(secret, phone, 6)); err != nil {
			t.Fatalf("the phone's code at sign-in: %v", err)
		}
	})
}
