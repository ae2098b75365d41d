package otp

import (
	"encoding/base32"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/web/webtest"
)

var staffSecretRE = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)

// staffSignIn posts the password and returns the client and where the
// back office sent it.
func staffSignIn(t *testing.T, base, username, password string) (*pgClient, pgResp) {
	t.Helper()
	c := webtest.NewClient(t, base)
	return c, c.PostForm("/staff/login", "/staff/login", url.Values{"username": {username}, "password": {password}})
}

// Staff two-factor through the pages: enrolment at the first sign-in
// (after the forced password change), a code at every sign-in, replay and
// wrong codes refused, the wrong-code window ending the half-made
// session, and an admin's reset sending the next sign-in back to
// enrolment. Codes come from refTOTP, an independent RFC 6238.
func TestPageStaffTwoFactor(t *testing.T) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		base := pgServer(t, e, d)
		// The admin signs in before two-factor is switched on (a full
		// session), so the reset can be driven from the back office.
		admin := pgStaff(t, e, base, "boss", identity.RoleAdmin)
		e.ids.UseStaffTwoFactor(e.s)

		m, once, err := e.ids.CreateStaff(ctx, identity.Actor{}, "leila", "لیلا کارشناس", []string{identity.RoleSupport})
		if err != nil {
			t.Fatal(err)
		}
		const pw = "Sahand-Peak-3710-Blue"
		c, r := staffSignIn(t, base, "leila", once)
		r.Want(t, http.StatusSeeOther, "/staff/password/first")
		c.PostForm("/staff/password/first", "/staff/password/first", url.Values{"new_password": {pw}, "repeat_password": {pw}}).
			Want(t, http.StatusSeeOther, staffEnrolPath)
		// Nothing of the back office opens before the enrolment.
		c.Get("/staff/otp").Want(t, http.StatusSeeOther, staffEnrolPath)

		page := c.Get(staffEnrolPath).Want(t, http.StatusOK, "")
		page.Has(t, "فعال‌سازی برنامک رمزساز", "otpauth://totp/")
		mm := staffSecretRE.FindStringSubmatch(page.Body)
		if mm == nil {
			t.Fatalf("no secret on the enrolment page:\n%s", webtest.Snippet(page.Body))
		}
		secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(mm[1], " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		// A reload shows the same secret (the scanned QR stays good).
		if again := staffSecretRE.FindStringSubmatch(c.Get(staffEnrolPath).Body); again == nil || again[1] != mm[1] {
			t.Fatalf("the enrolment page drew a new secret on reload")
		}
		if png := c.Get(staffEnrolPath + "/qr.png"); png.Status != http.StatusOK || !strings.HasPrefix(png.Body, "\x89PNG") {
			t.Fatalf("QR: %d", png.Status)
		}
		code := refTOTP(secret, e.clock.Now(), 6)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		c.PostForm(staffEnrolPath, staffEnrolPath, url.Values{"code": {wrong}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, ErrStaffCodeWrong.Message)
		c.PostForm(staffEnrolPath, staffEnrolPath, url.Values{"code": {code}}).Want(t, http.StatusSeeOther, "/staff")
		c.Get("/staff").Want(t, http.StatusOK, "")
		if ok, err := e.s.StaffEnrolled(ctx, m.ID); err != nil || !ok {
			t.Fatalf("enrolled: %v %v", ok, err)
		}

		// The next sign-in asks for a code; the enrolment's code, in the
		// same 30 s step, is a replay.
		c, r = staffSignIn(t, base, "leila", pw)
		r.Want(t, http.StatusSeeOther, staffCodePath)
		c.Get("/staff").Want(t, http.StatusSeeOther, staffCodePath)
		c.PostForm(staffCodePath, staffCodePath, url.Values{"code": {code}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, ErrStaffCodeWrong.Message)
		e.clock.Advance(30 * time.Second)
		next := refTOTP(secret, e.clock.Now(), 6)
		// Persian digits are the same code.
		c.PostForm(staffCodePath, staffCodePath, url.Values{"code": {toPersian(next)}}).Want(t, http.StatusSeeOther, "/staff")
		c.Get("/staff/otp").Want(t, http.StatusOK, "")

		// Wrong codes fill the one-minute window; the next try ends the
		// half-made session.
		e.clock.Advance(2 * time.Minute)
		c, _ = staffSignIn(t, base, "leila", pw)
		for i := 0; i < e.s.opts.TOTPWrongPerMinute; i++ {
			c.PostForm(staffCodePath, staffCodePath, url.Values{"code": {"12345" + strconv.Itoa(i)}}).Want(t, http.StatusUnprocessableEntity, "")
		}
		c.PostForm(staffCodePath, staffCodePath, url.Values{"code": {refTOTP(secret, e.clock.Now(), 6)}}).Want(t, http.StatusSeeOther, "/staff/login")
		c.Get("/staff").Want(t, http.StatusSeeOther, "/staff/login?next=%2Fstaff")

		// Lost phone: the admin resets the device (audited); the next
		// sign-in enrols again, and a member still enrolling reaches
		// nothing else.
		admin.PostForm("/staff/otp", "/staff/otp/staff/"+strconv.FormatInt(m.ID, 10)+"/reset-device", url.Values{"reason": {"گوشی گم شده"}}).
			Want(t, http.StatusSeeOther, "/staff/otp#staff-devices")
		log, _, err := e.ids.AuditLog(ctx, identity.AuditFilter{Action: ActionStaffDeviceReset})
		if err != nil || len(log) != 1 || log[0].TargetID != m.ID || !strings.Contains(log[0].Detail, "گوشی گم شده") {
			t.Fatalf("reset audit: %+v %v", log, err)
		}
		if identity.ActionLabel(ActionStaffDeviceReset) == ActionStaffDeviceReset {
			t.Fatal("the reset has no Persian label in the audit log")
		}
		e.clock.Advance(2 * time.Minute)
		c, r = staffSignIn(t, base, "leila", pw)
		r.Want(t, http.StatusSeeOther, staffEnrolPath)
		c.PostForm(staffEnrolPath, "/staff/otp/staff/"+strconv.FormatInt(m.ID, 10)+"/reset-device", url.Values{"reason": {"x"}}).
			Want(t, http.StatusSeeOther, staffEnrolPath)
	})
}

// The service rules under the pages: one active device, confirmation only
// of a pending one, codes of a reset device refused.
func TestStaffDeviceRules(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.s.UseAudit(e.ids)
		m, _, err := e.ids.CreateStaff(ctx, identity.Actor{}, "omid", "امید", []string{identity.RoleFinance})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.s.VerifyStaffCode(ctx, m.ID, "123456"); err != ErrNoDevice {
			t.Fatalf("no device: %v", err)
		}
		if err := e.s.ConfirmStaffEnrolment(ctx, m.ID, "123456"); err != ErrNoStaffEnrolment {
			t.Fatalf("nothing pending: %v", err)
		}
		en, err := e.s.StartStaffEnrolment(ctx, m.ID, m.Username)
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(en.Secret)
		if !strings.Contains(en.URI, "secret="+en.Secret) {
			t.Fatalf("URI %q does not carry the secret", en.URI)
		}
		if err := e.s.ConfirmStaffEnrolment(ctx, m.ID, refTOTP(secret, e.clock.Now(), 6)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.StartStaffEnrolment(ctx, m.ID, m.Username); err != ErrAlreadyEnrolled {
			t.Fatalf("second enrolment: %v", err)
		}
		// At 119 s from now a code of "now" is out of the ±1 step window
		// anyway; what matters: the code of the current step, once.
		e.clock.Advance(30 * time.Second)
		c := refTOTP(secret, e.clock.Now(), 6)
		if err := e.s.VerifyStaffCode(ctx, m.ID, c); err != nil {
			t.Fatal(err)
		}
		if err := e.s.VerifyStaffCode(ctx, m.ID, c); err != ErrStaffCodeWrong {
			t.Fatalf("replay: %v", err)
		}
		if err := e.s.ResetStaffDevice(ctx, m.ID, 0, ""); err != ErrReasonRequired {
			t.Fatalf("reset without a reason: %v", err)
		}
		if err := e.s.ResetStaffDevice(ctx, m.ID, 0, "خط فرمان"); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(30 * time.Second)
		if err := e.s.VerifyStaffCode(ctx, m.ID, refTOTP(secret, e.clock.Now(), 6)); err != ErrNoDevice {
			t.Fatalf("a reset device's code: %v", err)
		}
		if ok, _ := e.s.StaffEnrolled(ctx, m.ID); ok {
			t.Fatal("still enrolled after the reset")
		}
	})
}

func toPersian(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = '۰' + (r - '0')
		}
		b.WriteRune(r)
	}
	return b.String()
}
