package cards

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/otp"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web/webtest"
)

// fakeDynamic accepts one SMS code for one (purpose, binding, person) and
// one TOTP code for one person, each once, answering as the otp service
// does (dynamic_test.go uses the real one).
type fakeDynamic struct {
	mu                 sync.Mutex
	smsCode, binding   string
	totpCode           string
	person             int64
	usedSMS, usedTOTP  bool
	smsCalls, totCalls int
}

func (f *fakeDynamic) VerifySMSCode(_ context.Context, purpose, binding string, personID int64, code string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.smsCalls++
	// As the otp service: no live code for this binding (none sent, or
	// used) is otp.ErrCodeExpired; a wrong code with tries left is false.
	if purpose != PurposeCardPayment || binding != f.binding || personID != f.person || f.usedSMS {
		return false, otp.ErrCodeExpired
	}
	if code != f.smsCode {
		return false, nil
	}
	f.usedSMS = true
	return true, nil
}

// VerifyPaymentCode answers as otp.Service.VerifyPaymentCode: the SMS
// code first (if on), then the authenticator whatever the SMS answer (if
// on); a stale SMS code is otp.ErrCodeExpired unless the authenticator
// accepts.
func (f *fakeDynamic) VerifyPaymentCode(ctx context.Context, c otp.PaymentCode) (bool, error) {
	var outcome error
	if c.SMS {
		ok, err := f.VerifySMSCode(ctx, c.Purpose, c.Binding, c.PersonID, c.Code)
		if ok {
			return true, nil
		}
		outcome = err
	}
	if c.App {
		if ok, _ := f.VerifyTOTP(ctx, c.PersonID, c.Code); ok {
			return true, nil
		}
	}
	return false, outcome
}

func (f *fakeDynamic) VerifyTOTP(_ context.Context, personID int64, code string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.totCalls++
	if personID != f.person || code != f.totpCode || f.usedTOTP {
		return false, nil
	}
	f.usedTOTP = true
	return true, nil
}

// The static-cap tests' fakeDynamic knows no confirmed mobile and no
// device, and sends nothing.
func (f *fakeDynamic) IssueSMSCode(context.Context, otp.CodeRequest) error {
	return errors.New("fakeDynamic: no SMS")
}
func (f *fakeDynamic) ConfirmedMobile(context.Context, int64) (string, bool, error) {
	return "", false, nil
}
func (f *fakeDynamic) HasDevice(context.Context, int64) (bool, error) { return false, nil }

// fakeOTP is fakeDynamic plus a confirmed mobile, a device, the SMS codes
// requested, and an enrolment (activation "1234", TOTP "654321").
type fakeOTP struct {
	*fakeDynamic
	mu       sync.Mutex
	mobile   string
	device   bool
	issued   []otp.CodeRequest
	enrolled []string // account names
}

func (f *fakeOTP) IssueSMSCode(_ context.Context, r otp.CodeRequest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.issued = append(f.issued, r)
	return nil
}

func (f *fakeOTP) ConfirmedMobile(_ context.Context, personID int64) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if personID != f.person || f.mobile == "" {
		return "", false, nil
	}
	return f.mobile, true, nil
}

func (f *fakeOTP) HasDevice(_ context.Context, personID int64) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return personID == f.person && f.device, nil
}

func (f *fakeOTP) StartEnrolment(_ context.Context, personID int64, accountName, mobile string) (otp.Enrolment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if mobile != f.mobile {
		return otp.Enrolment{}, errors.New("fakeOTP: enrolment to an unconfirmed mobile")
	}
	f.enrolled = append(f.enrolled, accountName)
	return otp.Enrolment{URI: "otpauth://totp/Pishkhan:" + accountName + "?secret=ABC&issuer=Pishkhan", QRPNG: []byte("\x89PNG fake")}, nil
}

func (f *fakeOTP) ConfirmEnrolment(_ context.Context, personID int64, activation, totp string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if activation != "1234" || totp != "654321" {
		return otp.ErrActivationWrong
	}
	f.device = true
	return nil
}

func (f *fakeOTP) RemoveDevice(_ context.Context, personID int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if personID != f.person || !f.device {
		return otp.ErrNoDevice
	}
	f.device = false
	return nil
}

var _ Enroller = (*fakeOTP)(nil)

// withOTP is a card service whose dynamic passwords are fake: SMS code
// "482913" bound to amount 1,500,000 at payment()'s merchant, TOTP code
// "10293847", for the card's customer.
func (e *env) withOTP(t *testing.T, cust int64, ic *IssuedCard) (*Service, *fakeOTP) {
	t.Helper()
	fake := &fakeOTP{fakeDynamic: &fakeDynamic{smsCode: "482913", totpCode: "10293847", person: cust,
		binding: PaymentBinding(ic.ID, 1_500_000, "فروشگاه نمونه")}}
	s, err := New(e.d, e.ids, Options{Key: testKey, BIN: testBIN, Now: e.clock.Now, Dynamic: fake})
	if err != nil {
		t.Fatal(err)
	}
	return s, fake
}

func TestInternetPasswordOffDeclines57(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 10_000_000)
		s, fake := e.withOTP(t, cust, ic)
		fake.mobile = "09121234567"
		if err := s.ActivateSMS(ctx, cust, ic.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetInternetPassword(ctx, cust, ic.ID, false); err != nil {
			t.Fatal(err)
		}
		for _, pw := range []string{ic.SecondPassword, "482913"} {
			d, err := s.Authorize(ctx, payment(ic, pw, 1_500_000, "off-"+pw))
			if err != nil {
				t.Fatal(err)
			}
			if d.Approved || d.Code != CodeNotAllowed || d.Message != msgInternetOff {
				t.Fatalf("internet password off: %+v", d)
			}
		}
		if fake.smsCalls != 0 {
			t.Fatal("a dynamic code was checked with the internet password off")
		}
		if msg, err := s.RequestDynamicPassword(ctx, payment(ic, "", 1_500_000, "")); err != nil || msg != msgDynamicNoSMS && msg != msgInternetOff {
			t.Fatalf("request with internet password off: %q %v", msg, err)
		}
		if len(fake.issued) != 0 {
			t.Fatal("an SMS code was sent with the internet password off")
		}
		// Another customer cannot switch it.
		if err := s.SetInternetPassword(ctx, e.customer(t), ic.ID, true); !errors.Is(err, ErrNotFound) {
			t.Fatalf("another customer: %v", err)
		}
		if err := s.SetInternetPassword(ctx, cust, ic.ID, true); err != nil {
			t.Fatal(err)
		}
		e.pay(t, s, payment(ic, ic.SecondPassword, 100_000, "on-1"), CodeApproved)
	})
}

func TestAlwaysDynamicRefusesStatic(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 10_000_000)
		s, fake := e.withOTP(t, cust, ic)
		// Not without a dynamic method.
		if err := s.SetAlwaysDynamic(ctx, cust, ic.ID, true); err != ErrNoDynamicMethod {
			t.Fatalf("always dynamic without a method: %v", err)
		}
		fake.mobile = "09121234567"
		if err := s.ActivateSMS(ctx, cust, ic.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAlwaysDynamic(ctx, cust, ic.ID, true); err != nil {
			t.Fatal(err)
		}
		e.pay(t, s, payment(ic, ic.SecondPassword, 100, "a1"), CodeDynamicRequired)
		e.spent(t, ic.ID, 0)
		e.pay(t, s, payment(ic, "482913", 1_500_000, "a2"), CodeApproved)
		if err := s.SetAlwaysDynamic(ctx, cust, ic.ID, false); err != nil {
			t.Fatal(err)
		}
		e.pay(t, s, payment(ic, ic.SecondPassword, 100, "a3"), CodeApproved)
	})
}

func TestDynamicCodesOnlyForActivatedMethods(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 10_000_000)
		s, fake := e.withOTP(t, cust, ic)
		// Valid codes, but neither method is activated for the card.
		e.pay(t, s, payment(ic, "482913", 1_500_000, "d1"), CodeWrongPassword)
		e.pay(t, s, payment(ic, "10293847", 1_200_000, "d2"), CodeWrongPassword)
		if fake.smsCalls != 0 || fake.totCalls != 0 {
			t.Fatal("a code was checked for a card without dynamic methods")
		}
		// SMS needs a confirmed mobile; the app needs a device.
		if err := s.ActivateSMS(ctx, cust, ic.ID, true); err != ErrNoConfirmedMobile {
			t.Fatalf("SMS without a confirmed mobile: %v", err)
		}
		if err := s.AddCardToApp(ctx, cust, ic.ID, true); err != ErrNoAuthenticator {
			t.Fatalf("app without a device: %v", err)
		}
		// The app activated, SMS not: the SMS code is still refused.
		fake.device = true
		if err := s.AddCardToApp(ctx, cust, ic.ID, true); err != nil {
			t.Fatal(err)
		}
		e.pay(t, s, payment(ic, "482913", 1_500_000, "d3"), CodeWrongPassword)
		if fake.smsCalls != 0 {
			t.Fatal("an SMS code was checked for a card without SMS activated")
		}
		e.pay(t, s, payment(ic, "10293847", 1_200_000, "d4"), CodeApproved)
		fake.mobile = "09121234567"
		if err := s.ActivateSMS(ctx, cust, ic.ID, true); err != nil {
			t.Fatal(err)
		}
		e.pay(t, s, payment(ic, "482913", 1_500_000, "d5"), CodeApproved)
		st, err := s.Settings(ctx, ic.ID)
		if err != nil || st != (SecondPasswordSettings{InternetPassword: true, SMS: true, App: true}) {
			t.Fatalf("settings %+v %v", st, err)
		}
	})
}

func TestRequestDynamicPasswordIssuesBoundCode(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 10_000_000)
		s, fake := e.withOTP(t, cust, ic)
		a := payment(ic, "", 1_500_000, "r1")
		if msg, err := s.RequestDynamicPassword(ctx, a); err != nil || msg != msgDynamicNoMobile {
			t.Fatalf("no confirmed mobile: %q %v", msg, err)
		}
		fake.mobile = "09121234567"
		if msg, err := s.RequestDynamicPassword(ctx, a); err != nil || msg != msgDynamicNoSMS {
			t.Fatalf("SMS not activated: %q %v", msg, err)
		}
		if len(fake.issued) != 0 {
			t.Fatal("a code was sent before SMS was activated")
		}
		if err := s.ActivateSMS(ctx, cust, ic.ID, true); err != nil {
			t.Fatal(err)
		}
		msg, err := s.RequestDynamicPassword(ctx, a)
		if err != nil || msg != "رمز پویا به شماره همراه تایید شده ارسال شد" {
			t.Fatalf("request: %q %v", msg, err)
		}
		if len(fake.issued) != 1 {
			t.Fatalf("%d codes issued", len(fake.issued))
		}
		r := fake.issued[0]
		if r.PersonID != cust || r.Mobile != "09121234567" || r.Purpose != PurposeCardPayment ||
			r.Binding != PaymentBinding(ic.ID, 1_500_000, "فروشگاه نمونه") || r.Reason == "" {
			t.Fatalf("issued %+v", r)
		}
		// Not ours, or blocked: nothing sent.
		if msg, err := s.RequestDynamicPassword(ctx, billing.Authorization{Card: "6281570000000000", Amount: 1}); err != nil || msg != msgDynamicNoCard {
			t.Fatalf("unknown card: %q %v", msg, err)
		}
		if err := s.BlockByHolder(ctx, cust, ic.ID); err != nil {
			t.Fatal(err)
		}
		if msg, err := s.RequestDynamicPassword(ctx, a); err != nil || msg != msgDynamicNoCard || len(fake.issued) != 1 {
			t.Fatalf("blocked card: %q %v", msg, err)
		}
	})
}

func TestChangeSecondPassword(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 10_000_000)
		s := e.s
		for _, c := range []struct {
			old, new, repeat string
			want             error
		}{
			{ic.SecondPassword, "1234", "1234", ErrSecondPasswordFormat},
			{ic.SecondPassword, "12345678901", "12345678901", ErrSecondPasswordFormat},
			{ic.SecondPassword, "12a456", "12a456", ErrSecondPasswordFormat},
			{ic.SecondPassword, "123456", "123457", ErrSecondPasswordRepeat},
			{"99999999999", "123456", "123456", ErrSecondPasswordWrong},
			{ic.SecondPassword, ic.SecondPassword, ic.SecondPassword, ErrSecondPasswordSame},
		} {
			if err := s.ChangeSecondPassword(ctx, cust, ic.ID, c.old, c.new, c.repeat); !errors.Is(err, c.want) {
				if !(c.want == ErrSecondPasswordSame && errors.Is(err, ErrSecondPasswordFormat)) {
					t.Fatalf("change %+v: %v, want %v", c, err, c.want)
				}
			}
		}
		if err := s.ChangeSecondPassword(ctx, e.customer(t), ic.ID, ic.SecondPassword, "5544332", "5544332"); err != ErrNotFound {
			t.Fatalf("another customer: %v", err)
		}
		e.pay(t, s, payment(ic, ic.SecondPassword, 100, "c0"), CodeApproved)
		// Persian digits are accepted.
		if err := s.ChangeSecondPassword(ctx, cust, ic.ID, ic.SecondPassword, "۵۵۴۴۳۳۲", "5544332"); err != nil {
			t.Fatal(err)
		}
		e.pay(t, s, payment(ic, ic.SecondPassword, 100, "c1"), CodeWrongPassword)
		e.pay(t, s, payment(ic, "5544332", 100, "c2"), CodeApproved)

		// Guessing the old password: the counter is shared with the PIN
		// change and survives the refusal; the third wrong blocks the card.
		for i, want := range []error{ErrSecondPasswordWrong, ErrSecondPasswordWrong, ErrCardBlocked} {
			if err := s.ChangeSecondPassword(ctx, cust, ic.ID, "1111111", "6655443", "6655443"); err != want {
				t.Fatalf("wrong old password #%d: %v, want %v", i+1, err, want)
			}
		}
		if err := s.ChangeSecondPassword(ctx, cust, ic.ID, "5544332", "6655443", "6655443"); !errors.Is(err, ErrNotActive) && err != ErrNotFound {
			t.Fatalf("a blocked card's password changed: %v", err)
		}
	})
}

// --- the page, over HTTP ---

type spEnv struct {
	*env
	svc  *Service
	fake *fakeOTP
	url  string
}

// spClient is a browser on the site of spEngines.
type spClient = webtest.Client

func spEngines(t *testing.T, fn func(t *testing.T, e *spEnv)) {
	dbtest.Each(t, []*db.Schema{identity.Schema, billing.Schema, Schema}, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		fake := &fakeOTP{fakeDynamic: &fakeDynamic{}}
		var svc *Service
		site := pagetest.NewOn(t, e.base, pagetest.Options{Billing: true, Routes: func(s *pagetest.Site) error {
			var err error
			svc, err = New(d, e.ids, Options{Key: testKey, BIN: testBIN, Now: e.clock.Now, Logger: s.Logger, Dynamic: fake})
			if err != nil {
				return err
			}
			return Routes(s.Server, svc, e.ids, s.Billing, pagetest.PublicURL)
		}})
		fn(t, &spEnv{env: e, svc: svc, fake: fake, url: site.URL})
	})
}

const spPassword = "Kavir-Lut-2071!"

// holder is a customer with a card, signed in.
func (e *spEnv) holder(t *testing.T) (int64, *IssuedCard, *spClient) {
	t.Helper()
	ctx := context.Background()
	cust, _, ic := e.creditCard(t, 10_000_000)
	if err := e.ids.ChangePassword(ctx, cust, "", spPassword, spPassword); err != nil {
		t.Fatal(err)
	}
	if err := e.ids.SetSecurityAnswers(ctx, cust, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
		t.Fatal(err)
	}
	c, err := e.ids.Customer(ctx, cust)
	if err != nil {
		t.Fatal(err)
	}
	b := webtest.NewClient(t, e.url)
	if r := b.PostForm("/login", "/login", url.Values{"identifier": {c.NationalCode}, "password": {spPassword}}); r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Fatalf("login: %d → %q", r.Status, r.Location)
	}
	return cust, ic, b
}

func TestPageSecondPassword(t *testing.T) {
	spEngines(t, func(t *testing.T, e *spEnv) {
		ctx := context.Background()
		cust, ic, owner := e.holder(t)
		_, _, other := e.holder(t)
		e.fake.person = cust
		const page = "/cards/second-password"
		r := owner.Get(page)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", page, r.Status)
		}
		for _, s := range []string{"رمز دوم", "تغییر رمز دوم", "غیر فعال سازی رمز اینترنتی", "افزودن کارت", "مسدود کردن کارت", "/cards/second-password/" + strconv.FormatInt(ic.ID, 10) + "/static"} {
			if !strings.Contains(r.Body, s) {
				t.Fatalf("page lacks %q", s)
			}
		}
		// Another customer: the owner's card is not found, and unchanged.
		cardPath := page + "/" + strconv.FormatInt(ic.ID, 10)
		for _, a := range []string{"/internet", "/block", "/static", "/sms", "/app", "/always"} {
			if r := other.PostForm(page, cardPath+a, url.Values{"on": {"0"}, "confirm": {"1"}}); r.Status != http.StatusNotFound {
				t.Fatalf("another customer's POST %s: %d", a, r.Status)
			}
		}
		if st, _ := e.svc.Settings(ctx, ic.ID); !st.InternetPassword {
			t.Fatal("another customer turned the internet password off")
		}
		if r := other.Get(page); strings.Contains(r.Body, cardPath) {
			t.Fatal("another customer sees the card")
		}
		// The owner turns the internet password off and changes the
		// static password.
		if r := owner.PostForm(page, cardPath+"/internet", url.Values{"on": {"0"}}); r.Status != http.StatusSeeOther || r.Location != page {
			t.Fatalf("internet off: %d → %q", r.Status, r.Location)
		}
		if st, _ := e.svc.Settings(ctx, ic.ID); st.InternetPassword {
			t.Fatal("internet password still on")
		}
		owner.PostForm(page, cardPath+"/static", url.Values{"old_password": {ic.SecondPassword}, "new_password": {"7654321"}, "repeat_password": {"7654321"}})
		if err := e.svc.ChangeSecondPassword(ctx, cust, ic.ID, "7654321", "1234567", "1234567"); err != nil {
			t.Fatalf("the page did not change the second password: %v", err)
		}
		// «افزودن کارت» without a confirmed mobile explains; with one it
		// shows the QR, and the enrolment adds the card.
		owner.PostForm(page, cardPath+"/app", url.Values{"on": {"1"}})
		if r := owner.Get(page); !strings.Contains(r.Body, "شماره تلفن همراه تایید شده‌ای") {
			t.Fatal("no explanation without a confirmed mobile")
		}
		e.fake.mobile = "09121234567"
		owner.PostForm(page, cardPath+"/app", url.Values{"on": {"1"}})
		r = owner.Get(page)
		if !strings.Contains(r.Body, "otpauth://totp/Pishkhan:") || !strings.Contains(r.Body, "/cards/second-password/qr.png") {
			t.Fatal("enrolment not shown")
		}
		if q := owner.Get(page + "/qr.png"); q.Status != http.StatusOK || q.Body != "\x89PNG fake" {
			t.Fatalf("QR: %d", q.Status)
		}
		if q := other.Get(page + "/qr.png"); q.Status != http.StatusNotFound {
			t.Fatalf("another customer's QR: %d", q.Status)
		}
		owner.PostForm(page, page+"/enrol", url.Values{"activation_code": {"1234"}, "totp_code": {"654321"}})
		if st, _ := e.svc.Settings(ctx, ic.ID); !st.App {
			t.Fatalf("card not added to the authenticator: %+v", st)
		}
		if q := owner.Get(page + "/qr.png"); q.Status != http.StatusNotFound {
			t.Fatalf("QR after enrolment: %d", q.Status)
		}
		// Block.
		owner.PostForm(page, cardPath+"/block", url.Values{"confirm": {"1"}})
		if c, _ := e.svc.card(ctx, e.d, ic.ID); c.Status != StatusBlocked {
			t.Fatalf("card status %s", c.Status)
		}
	})
}
