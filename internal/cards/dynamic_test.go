package cards

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"pishkhan/internal/billing"
	"pishkhan/internal/otp"
)

// The dynamic second password tests use the real otp service on the
// test's database and clock, so a refusal arrives exactly as in
// production (otp.ErrCodeExpired for an expired, used or burned SMS code).

const testMobile = "09121234567"

// dynEnv is a card service wired to the real otp service.
type dynEnv struct {
	*env
	s   *Service
	otp *otp.Service
	// secret is the holder's authenticator seed, once enrolled.
	secret string
}

func (e *env) withRealOTP(t *testing.T) *dynEnv {
	t.Helper()
	o := otp.New(e.d, e.sms, otp.Options{Key: testKey, Now: e.clock.Now})
	o.UseAudit(e.ids)
	s, err := New(e.d, e.ids, Options{Key: testKey, BIN: testBIN, Now: e.clock.Now, Dynamic: o})
	if err != nil {
		t.Fatal(err)
	}
	return &dynEnv{env: e, s: s, otp: o}
}

// smsOn confirms the holder's mobile (as staff do at a branch) and turns
// SMS codes on for the card.
func (e *dynEnv) smsOn(t *testing.T, cust int64, ic *IssuedCard) {
	t.Helper()
	ctx := context.Background()
	if _, ok, _ := e.otp.ConfirmedMobile(ctx, cust); !ok {
		if err := e.otp.ConfirmMobile(ctx, cust, testMobile, 7, "کارت ملی"); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.s.ActivateSMS(ctx, cust, ic.ID, true); err != nil {
		t.Fatal(err)
	}
}

// appOn enrols an authenticator for the holder (QR seed, activation code
// from the SMS, a current app code) and adds the card to it. The clock
// then moves past the step used to confirm.
func (e *dynEnv) appOn(t *testing.T, cust int64, ic *IssuedCard) {
	t.Helper()
	ctx := context.Background()
	if _, ok, _ := e.otp.ConfirmedMobile(ctx, cust); !ok {
		if err := e.otp.ConfirmMobile(ctx, cust, testMobile, 7, "کارت ملی"); err != nil {
			t.Fatal(err)
		}
	}
	en, err := e.otp.StartEnrolment(ctx, cust, "holder", testMobile)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(en.URI)
	if err != nil {
		t.Fatal(err)
	}
	e.secret = u.Query().Get("secret")
	if err := e.otp.ConfirmEnrolment(ctx, cust, e.lastCode(t, cust), e.appCode(t)); err != nil {
		t.Fatal(err)
	}
	if err := e.s.AddCardToApp(ctx, cust, ic.ID, true); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(e.clock.Now().Add(30 * time.Second))
}

// appCode is the authenticator's code now.
func (e *dynEnv) appCode(t *testing.T) string {
	t.Helper()
	c, err := totp.GenerateCode(e.secret, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// lastCode is the code of the newest SMS to person (its provider token).
func (e *dynEnv) lastCode(t *testing.T, person int64) string {
	t.Helper()
	var code string
	if err := e.d.QueryRow(context.Background(), `SELECT tokens FROM sms_outbox WHERE person_id = $1 ORDER BY id DESC LIMIT 1`,
		person).Scan(&code); err != nil {
		t.Fatalf("read outbox: %v", err)
	}
	return code
}

// smsCode is «دریافت رمز از طریق پیامک» on the bank page for a, and the
// code the SMS carries.
func (e *dynEnv) smsCode(t *testing.T, cust int64, a billing.Authorization) string {
	t.Helper()
	msg, err := e.s.RequestDynamicPassword(context.Background(), a)
	if err != nil || msg != msgDynamicSent {
		t.Fatalf("request a code: %q %v", msg, err)
	}
	return e.lastCode(t, cust)
}

// refused asserts a decline with code 55 and the given message, and no
// error (a person's mistake is never «خطای سامانه»).
func (e *dynEnv) refused(t *testing.T, a billing.Authorization, msg string) {
	t.Helper()
	d, err := e.s.Authorize(context.Background(), a)
	if err != nil {
		t.Fatalf("pay %d (ref %q): error %v, want the bank page's refusal", a.Amount, a.Reference, err)
	}
	if d.Approved || d.Code != CodeWrongPassword || d.Message != msg {
		t.Fatalf("pay %d (ref %q): got %+v, want 55 «%s»", a.Amount, a.Reference, d, msg)
	}
}

func (e *dynEnv) later(d time.Duration) { e.clock.Set(e.clock.Now().Add(d)) }

// An SMS code pays until 120 s after it was sent; at 121 s the bank page
// says it has expired, and nothing is drawn.
func TestDynamicSMSCodeExpiresAfter120Seconds(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		e := base.withRealOTP(t)
		cust, acct, ic := e.creditCard(t, 10_000_000)
		e.smsOn(t, cust, ic)
		a := payment(ic, "", 1_500_000, "")
		code := e.smsCode(t, cust, a)
		e.later(119 * time.Second)
		e.pay(t, e.s, payment(ic, code, 1_500_000, "e1"), CodeApproved)

		e.later(time.Minute) // past the resend cool-down
		code = e.smsCode(t, cust, a)
		e.later(121 * time.Second)
		e.refused(t, payment(ic, code, 1_500_000, "e2"), msgDynamicStale)
		if a := e.checkLedger(t, acct.ID); a.Balance != -1_500_000 {
			t.Fatalf("balance %d, want -1,500,000 (the expired code drew nothing)", a.Balance)
		}
	})
}

// A used SMS code, and one burned by three wrong tries, get the same
// Persian refusal; a wrong code with tries left is a plain wrong password.
func TestDynamicSMSCodeUsedOrBurned(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		e := base.withRealOTP(t)
		cust, acct, ic := e.creditCard(t, 10_000_000)
		e.smsOn(t, cust, ic)
		a := payment(ic, "", 1_500_000, "")
		code := e.smsCode(t, cust, a)
		e.pay(t, e.s, payment(ic, code, 1_500_000, "u1"), CodeApproved)
		// The same code for a new payment of the same amount and merchant.
		e.refused(t, payment(ic, code, 1_500_000, "u2"), msgDynamicStale)

		e.later(time.Minute)
		code = e.smsCode(t, cust, a)
		wrong := "000000"
		if wrong == code {
			wrong = "111111"
		}
		e.refused(t, payment(ic, wrong, 1_500_000, "b1"), CodeMessages[CodeWrongPassword])
		e.refused(t, payment(ic, wrong, 1_500_000, "b2"), CodeMessages[CodeWrongPassword])
		// The third wrong try burns the code; then the right one is refused.
		e.refused(t, payment(ic, wrong, 1_500_000, "b3"), msgDynamicStale)
		e.refused(t, payment(ic, code, 1_500_000, "b4"), msgDynamicStale)
		if a := e.checkLedger(t, acct.ID); a.Balance != -1_500_000 {
			t.Fatalf("balance %d, want -1,500,000", a.Balance)
		}
	})
}

// SMS codes off, the authenticator on: its code pays once (a replay is a
// wrong password), and an SMS code is never checked.
func TestDynamicAuthenticatorOnlySMSOff(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		e := base.withRealOTP(t)
		cust, _, ic := e.creditCard(t, 10_000_000)
		e.appOn(t, cust, ic)
		if msg, err := e.s.RequestDynamicPassword(context.Background(), payment(ic, "", 1_500_000, "")); err != nil || msg != msgDynamicNoSMS {
			t.Fatalf("SMS off: %q %v", msg, err)
		}
		code := e.appCode(t)
		e.pay(t, e.s, payment(ic, code, 1_500_000, "t1"), CodeApproved)
		e.refused(t, payment(ic, code, 1_500_000, "t2"), CodeMessages[CodeWrongPassword])
		e.later(30 * time.Second)
		e.pay(t, e.s, payment(ic, e.appCode(t), 2_000_000, "t3"), CodeApproved)
	})
}

// Both methods on (as the demo card holder may have them): an
// authenticator code pays whether or not an SMS code was requested, and
// whether that SMS code is live, used or expired.
func TestDynamicBothMethodsAcceptAuthenticatorCode(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		e := base.withRealOTP(t)
		cust, acct, ic := e.creditCard(t, 10_000_000)
		e.smsOn(t, cust, ic)
		e.appOn(t, cust, ic)
		// No SMS code requested for this payment.
		e.pay(t, e.s, payment(ic, e.appCode(t), 1_500_000, "x1"), CodeApproved)
		// An SMS code requested and live: the app's code still pays…
		e.later(time.Minute)
		sms := e.smsCode(t, cust, payment(ic, "", 1_200_000, ""))
		e.pay(t, e.s, payment(ic, e.appCode(t), 1_200_000, "x2"), CodeApproved)
		// …and so does the SMS code.
		e.pay(t, e.s, payment(ic, sms, 1_200_000, "x3"), CodeApproved)
		// The SMS code now used, expired besides: the app's code pays.
		e.later(121 * time.Second)
		e.pay(t, e.s, payment(ic, e.appCode(t), 1_200_000, "x4"), CodeApproved)
		// Neither the used SMS code nor a wrong one pays.
		e.refused(t, payment(ic, sms, 1_200_000, "x5"), msgDynamicStale)
		if a := e.checkLedger(t, acct.ID); a.Balance != -5_100_000 {
			t.Fatalf("balance %d, want -5,100,000", a.Balance)
		}
	})
}

// With SMS codes and the authenticator both on, one wrong dynamic password
// is one wrong code toward the account's lock (identity's FactorLimit,
// 10 an hour), not one per method; and once the lock falls, the bank page
// says so in Persian — even the right code is refused — instead of failing.
func TestDynamicWrongCodeCountsOnceAndLockIsARefusal(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		e := base.withRealOTP(t)
		cust, acct, ic := e.creditCard(t, 10_000_000)
		e.smsOn(t, cust, ic)
		e.appOn(t, cust, ic)
		e.smsCode(t, cust, payment(ic, "", 1_000_000, ""))
		wrong := func(i int) string {
			for _, w := range []string{"000000", "111111", "222222"} {
				if w != e.appCode(t) && w != e.lastCode(t, cust) {
					return w
				}
			}
			t.Fatal("no wrong code")
			return ""
		}
		// Nine wrong codes, a minute apart (the authenticator's own
		// per-minute limit stays out of it): not locked.
		for i := range 9 {
			e.later(time.Minute)
			d, err := e.s.Authorize(context.Background(), payment(ic, wrong(i), 1_000_000, "w"+string(rune('a'+i))))
			if err != nil || d.Approved {
				t.Fatalf("wrong code %d: %+v %v", i+1, d, err)
			}
		}
		e.later(time.Minute)
		e.pay(t, e.s, payment(ic, e.appCode(t), 1_000_000, "right"), CodeApproved)

		// The right code cleared the count; ten wrong ones lock.
		for i := range 10 {
			e.later(time.Minute)
			if _, err := e.s.Authorize(context.Background(), payment(ic, wrong(i), 1_000_000, "x"+string(rune('a'+i)))); err != nil {
				t.Fatalf("wrong code %d: %v", i+1, err)
			}
		}
		e.later(time.Minute)
		d, err := e.s.Authorize(context.Background(), payment(ic, e.appCode(t), 1_000_000, "locked"))
		if err != nil {
			t.Fatalf("locked account's code: error %v, want the bank page's refusal", err)
		}
		if d.Approved || d.Code != CodeWrongPassword || !strings.Contains(d.Message, "قفل") {
			t.Fatalf("locked account's code: %+v, want 55 with the lock's message", d)
		}
		if a := e.checkLedger(t, acct.ID); a.Balance != -1_000_000 {
			t.Fatalf("balance %d, want -1,000,000 (one payment)", a.Balance)
		}
	})
}
