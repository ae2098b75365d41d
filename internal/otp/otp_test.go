package otp

import (
	"bytes"
	"context"
	"encoding/base32"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"pishkhan/internal/fa"
)

var ctx = context.Background()

const mobile = "09121234567"

// RFC 6238 appendix B, SHA-1 column.
var rfcVectors = []struct {
	unix int64
	code string
}{
	{59, "94287082"},
	{1111111109, "07081804"},
	{1111111111, "14050471"},
	{1234567890, "89005924"},
	{2000000000, "69279037"},
}

var rfcSecret = []byte("12345678901234567890")

func TestRFC6238Vectors(t *testing.T) {
	b32 := base32.StdEncoding.EncodeToString(rfcSecret)
	for _, v := range rfcVectors {
		at := time.Unix(v.unix, 0)
		got, err := totp.GenerateCodeCustom(b32, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsEight, Algorithm: otp.AlgorithmSHA1})
		if err != nil || got != v.code {
			t.Errorf("library at %d: %q, %v; want %s", v.unix, got, err, v.code)
		}
		if ref := refTOTP(rfcSecret, at, 8); ref != v.code {
			t.Errorf("reference at %d: %s; want %s", v.unix, ref, v.code)
		}
		// The 6-digit code is the 8-digit one modulo 10^6.
		step, err := matchStep(b32, v.code[2:], at)
		if err != nil || step != v.unix/30 {
			t.Errorf("6-digit path at %d: step %d, %v; want %d", v.unix, step, err, v.unix/30)
		}
	}
}

// activeDevice stores an active device with the given raw seed, as a
// confirmed enrolment would.
func (e *env) activeDevice(t *testing.T, personID int64, seed []byte) {
	t.Helper()
	if _, err := e.d.Exec(ctx, `INSERT INTO otp_devices (person_id, status, seed_sealed, created_at, activated_at)
		VALUES ($1, 'active', $2, $3, $3)`, personID, e.s.seal(base32.StdEncoding.EncodeToString(seed)), e.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyTOTPVectorsAndReplay(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for _, v := range rfcVectors {
			p := e.customer(t)
			e.activeDevice(t, p, rfcSecret)
			e.clock.Set(time.Unix(v.unix, 0))
			ok, err := e.s.VerifyTOTP(ctx, p, v.code[2:])
			if !ok || err != nil {
				t.Fatalf("vector %d: %v, %v", v.unix, ok, err)
			}
			ok, err = e.s.VerifyTOTP(ctx, p, v.code[2:])
			if ok || err != nil {
				t.Fatalf("vector %d replayed: %v, %v; want refused", v.unix, ok, err)
			}
		}
	})
}

func TestVerifyTOTPIndependentCodesSkewAndLimit(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		seed := []byte("an-independent-seed!")
		p := e.customer(t)
		e.activeDevice(t, p, seed)
		now := e.clock.Now()
		// One step behind (a slow phone) is accepted, and then the current
		// step, but not the older one again.
		if ok, err := e.s.VerifyTOTP(ctx, p, refTOTP(seed, now.Add(-30*time.Second), 6)); !ok || err != nil {
			t.Fatalf("previous step: %v, %v", ok, err)
		}
		if ok, err := e.s.VerifyTOTP(ctx, p, refTOTP(seed, now, 6)); !ok || err != nil {
			t.Fatalf("current step: %v, %v", ok, err)
		}
		if ok, _ := e.s.VerifyTOTP(ctx, p, refTOTP(seed, now.Add(-30*time.Second), 6)); ok {
			t.Fatal("older step after newer accepted")
		}
		// Two steps ahead is outside the skew.
		if ok, _ := e.s.VerifyTOTP(ctx, p, refTOTP(seed, now.Add(60*time.Second), 6)); ok {
			t.Fatal("code two steps ahead accepted")
		}
		// Persian digits are accepted.
		e.clock.Advance(30 * time.Second)
		fa := strings.NewReplacer("0", "۰", "1", "۱", "2", "۲", "3", "۳", "4", "۴", "5", "۵", "6", "۶", "7", "۷", "8", "۸", "9", "۹")
		if ok, err := e.s.VerifyTOTP(ctx, p, fa.Replace(refTOTP(seed, e.clock.Now(), 6))); !ok || err != nil {
			t.Fatalf("Persian digits: %v, %v", ok, err)
		}
		// Wrong codes: 5 a minute, then even a right one is refused.
		e.clock.Advance(30 * time.Second)
		// (the two wrong codes above were in an earlier minute)
		for i := 0; i < 5; i++ {
			if ok, err := e.s.VerifyTOTP(ctx, p, "000000"); ok || err != nil {
				t.Fatalf("wrong %d: %v, %v", i, ok, err)
			}
		}
		if ok, err := e.s.VerifyTOTP(ctx, p, refTOTP(seed, e.clock.Now(), 6)); ok || !errors.Is(err, ErrTooManyTries) {
			t.Fatalf("after limit: %v, %v; want ErrTooManyTries", ok, err)
		}
		e.clock.Advance(time.Minute)
		if ok, err := e.s.VerifyTOTP(ctx, p, refTOTP(seed, e.clock.Now(), 6)); !ok || err != nil {
			t.Fatalf("after the minute: %v, %v", ok, err)
		}
		// No device.
		if ok, err := e.s.VerifyTOTP(ctx, e.customer(t), "123456"); ok || !errors.Is(err, ErrNoDevice) {
			t.Fatalf("no device: %v, %v", ok, err)
		}
	})
}

func payment(p int64, amount string) CodeRequest {
	return CodeRequest{PersonID: p, Mobile: mobile, Purpose: "card-payment",
		Binding: "card:42|amount:" + amount + "|merchant:X", Reason: "رمز پویای خرید اینترنتی"}
}

func TestSMSCodeBoundaryOnceAndBinding(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.customer(t)
		r := payment(p, "1500000")
		if err := e.s.IssueSMSCode(ctx, r); err != nil {
			t.Fatal(err)
		}
		code, text := e.lastSMS(t, p)
		if len(code) != 6 || !strings.Contains(text, code) || !strings.Contains(text, "محرمانه") {
			t.Fatalf("SMS %q / code %q", text, code)
		}
		var stored string
		if err := e.d.QueryRow(ctx, `SELECT code_mac FROM otp_sms_codes WHERE person_id = $1`, p).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, code) {
			t.Fatal("code stored in clear")
		}
		// Another amount, another merchant: refused (and no row to count).
		for _, b := range []string{"card:42|amount:1500001|merchant:X", "card:42|amount:1500000|merchant:Y", "card:43|amount:1500000|merchant:X"} {
			if ok, _ := e.s.VerifySMSCode(ctx, r.Purpose, b, p, code); ok {
				t.Fatalf("code accepted for %s", b)
			}
		}
		if ok, _ := e.s.VerifySMSCode(ctx, "staff-signin", r.Binding, p, code); ok {
			t.Fatal("code accepted for another purpose")
		}
		if ok, _ := e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, e.customer(t), code); ok {
			t.Fatal("code accepted for another person")
		}
		e.clock.Advance(119 * time.Second)
		if ok, err := e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, p, code); !ok || err != nil {
			t.Fatalf("at 119 s: %v, %v", ok, err)
		}
		if ok, err := e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, p, code); ok || !errors.Is(err, ErrCodeExpired) {
			t.Fatalf("used again: %v, %v", ok, err)
		}

		// 121 s and exactly 120 s are refused.
		for _, after := range []time.Duration{121 * time.Second, 120 * time.Second} {
			e.clock.Advance(time.Hour)
			r := payment(p, "2000000")
			if err := e.s.IssueSMSCode(ctx, r); err != nil {
				t.Fatal(err)
			}
			code, _ := e.lastSMS(t, p)
			e.clock.Advance(after)
			if ok, err := e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, p, code); ok || !errors.Is(err, ErrCodeExpired) {
				t.Fatalf("at %v: %v, %v; want expired", after, ok, err)
			}
		}
	})
}

func TestSMSCodeWrongThriceBurnsAndCooldown(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.customer(t)
		r := payment(p, "3000000")
		if err := e.s.IssueSMSCode(ctx, r); err != nil {
			t.Fatal(err)
		}
		code, _ := e.lastSMS(t, p)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for i := 1; i <= 3; i++ {
			ok, err := e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, p, wrong)
			if ok || (i < 3 && err != nil) || (i == 3 && !errors.Is(err, ErrCodeExpired)) {
				t.Fatalf("wrong %d: %v, %v", i, ok, err)
			}
		}
		ok, err := e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, p, code)
		if ok || !errors.Is(err, ErrCodeExpired) {
			t.Fatalf("right code after burn: %v, %v", ok, err)
		}
		if err.(*fa.Error).Message != "کد منقضی شده است؛ کد جدید درخواست کنید" {
			t.Fatalf("message %q", err.(*fa.Error).Message)
		}

		// Cool-down: 20 s later the resend is refused with 40 s left.
		e.clock.Advance(20 * time.Second)
		err = e.s.IssueSMSCode(ctx, r)
		var oe *fa.Error
		if !errors.Is(err, ErrCooldown) || !errors.As(err, &oe) || !strings.Contains(oe.Message, "۴۰ ثانیه") {
			t.Fatalf("cool-down: %v", err)
		}
		// After 60 s a new code replaces the burned one.
		e.clock.Advance(40 * time.Second)
		if err := e.s.IssueSMSCode(ctx, r); err != nil {
			t.Fatal(err)
		}
		code2, _ := e.lastSMS(t, p)
		if ok, err := e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, p, code2); !ok || err != nil {
			t.Fatalf("replacement code: %v, %v", ok, err)
		}
		var n int
		if err := e.d.QueryRow(ctx, `SELECT COUNT(*) FROM otp_sms_codes WHERE person_id = $1`, p).Scan(&n); err != nil || n != 1 {
			t.Fatalf("rows %d, %v; want 1 (replaced)", n, err)
		}
	})
}

func TestSMSCodeConcurrentUseOnce(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.customer(t)
		r := payment(p, "5000000")
		if err := e.s.IssueSMSCode(ctx, r); err != nil {
			t.Fatal(err)
		}
		code, _ := e.lastSMS(t, p)
		var wg sync.WaitGroup
		var mu sync.Mutex
		accepted := 0
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := e.s.VerifySMSCode(ctx, r.Purpose, r.Binding, p, code)
				if err != nil && !errors.Is(err, ErrCodeExpired) {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					accepted++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if accepted != 1 {
			t.Fatalf("accepted %d times; want once", accepted)
		}
	})
}

// enrol starts an enrolment and returns the seed (from the URI) and the
// activation code (from the outbox).
func (e *env) enrol(t *testing.T, p int64) (secret, activation string, en Enrolment) {
	t.Helper()
	en, err := e.s.StartEnrolment(ctx, p, "0012345678", mobile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(en.URI, "otpauth://totp/") || !bytes.HasPrefix(en.QRPNG, []byte("\x89PNG")) {
		t.Fatalf("enrolment %q, %d bytes", en.URI, len(en.QRPNG))
	}
	key, err := otp.NewKeyFromURL(en.URI)
	if err != nil {
		t.Fatal(err)
	}
	if key.Issuer() != "Pishkhan" || key.Period() != 30 || key.Digits() != otp.DigitsSix || key.Algorithm() != otp.AlgorithmSHA1 {
		t.Fatalf("key parameters: %s", en.URI)
	}
	activation, text := e.lastSMS(t, p)
	if len(activation) != 4 || !strings.Contains(text, "محرمانه") {
		t.Fatalf("activation SMS %q", text)
	}
	return key.Secret(), activation, en
}

func seedBytes(t *testing.T, secret string) []byte {
	t.Helper()
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(secret, "="))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEnrolmentNeedsBothCodes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.customer(t)
		secret, act, _ := e.enrol(t, p)
		seed := seedBytes(t, secret)

		// The seed is not stored in clear, in any encoding.
		var sealed []byte
		if err := e.d.QueryRow(ctx, `SELECT seed_sealed FROM otp_devices WHERE person_id = $1`, p).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, []byte(secret)) || bytes.Contains(sealed, seed) || len(sealed) < len(secret)+12 {
			t.Fatal("seed stored in clear")
		}

		wrongAct := "0000"
		if act == wrongAct {
			wrongAct = "1111"
		}
		totpNow := refTOTP(seed, e.clock.Now(), 6)
		// Right TOTP, wrong activation code; right activation code, wrong TOTP.
		if err := e.s.ConfirmEnrolment(ctx, p, wrongAct, totpNow); !errors.Is(err, ErrActivationWrong) {
			t.Fatalf("wrong activation: %v", err)
		}
		if err := e.s.ConfirmEnrolment(ctx, p, act, "000000"); !errors.Is(err, ErrActivationWrong) {
			t.Fatalf("wrong TOTP: %v", err)
		}
		if has, _ := e.s.HasDevice(ctx, p); has {
			t.Fatal("device active before confirmation")
		}
		if err := e.s.ConfirmEnrolment(ctx, p, act, totpNow); err != nil {
			t.Fatalf("both right: %v", err)
		}
		if has, _ := e.s.HasDevice(ctx, p); !has {
			t.Fatal("no device after confirmation")
		}
		// The code used to confirm is spent.
		if ok, _ := e.s.VerifyTOTP(ctx, p, totpNow); ok {
			t.Fatal("confirmation code replayed")
		}
		e.clock.Advance(30 * time.Second)
		if ok, err := e.s.VerifyTOTP(ctx, p, refTOTP(seed, e.clock.Now(), 6)); !ok || err != nil {
			t.Fatalf("enrolled device: %v, %v", ok, err)
		}
	})
}

func TestEnrolmentTriesAndExpiry(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.customer(t)
		secret, act, _ := e.enrol(t, p)
		seed := seedBytes(t, secret)
		wrongAct := "0000"
		if act == wrongAct {
			wrongAct = "1111"
		}
		for i := 1; i <= 3; i++ {
			err := e.s.ConfirmEnrolment(ctx, p, wrongAct, refTOTP(seed, e.clock.Now(), 6))
			want := ErrActivationWrong
			if i == 3 {
				want = ErrActivationExpired
			}
			if !errors.Is(err, want) {
				t.Fatalf("try %d: %v; want %v", i, err, want)
			}
		}
		if err := e.s.ConfirmEnrolment(ctx, p, act, refTOTP(seed, e.clock.Now(), 6)); !errors.Is(err, ErrNoEnrolment) {
			t.Fatalf("after three tries: %v", err)
		}

		// Expiry: ActivationTTL (5 min) later the right codes are refused.
		e.clock.Advance(time.Minute)
		secret, act, _ = e.enrol(t, p)
		seed = seedBytes(t, secret)
		e.clock.Advance(5 * time.Minute)
		if err := e.s.ConfirmEnrolment(ctx, p, act, refTOTP(seed, e.clock.Now(), 6)); !errors.Is(err, ErrActivationExpired) {
			t.Fatalf("after 5 min: %v", err)
		}
		if has, _ := e.s.HasDevice(ctx, p); has {
			t.Fatal("expired enrolment active")
		}

		// Just inside the TTL works.
		e.clock.Advance(time.Minute)
		secret, act, _ = e.enrol(t, p)
		seed = seedBytes(t, secret)
		e.clock.Advance(5*time.Minute - time.Second)
		if err := e.s.ConfirmEnrolment(ctx, p, act, refTOTP(seed, e.clock.Now(), 6)); err != nil {
			t.Fatalf("inside TTL: %v", err)
		}
	})
}

func TestReEnrolmentReplacesAndStaffDisable(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.customer(t)
		secret1, act1, _ := e.enrol(t, p)
		seed1 := seedBytes(t, secret1)
		if err := e.s.ConfirmEnrolment(ctx, p, act1, refTOTP(seed1, e.clock.Now(), 6)); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(2 * time.Minute)
		secret2, act2, _ := e.enrol(t, p)
		seed2 := seedBytes(t, secret2)
		// Until the new one is confirmed the old device still works.
		if ok, err := e.s.VerifyTOTP(ctx, p, refTOTP(seed1, e.clock.Now(), 6)); !ok || err != nil {
			t.Fatalf("old device before confirmation: %v, %v", ok, err)
		}
		e.clock.Advance(30 * time.Second)
		if err := e.s.ConfirmEnrolment(ctx, p, act2, refTOTP(seed2, e.clock.Now(), 6)); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(30 * time.Second)
		if ok, _ := e.s.VerifyTOTP(ctx, p, refTOTP(seed1, e.clock.Now(), 6)); ok {
			t.Fatal("replaced device's code accepted")
		}
		if ok, err := e.s.VerifyTOTP(ctx, p, refTOTP(seed2, e.clock.Now(), 6)); !ok || err != nil {
			t.Fatalf("new device: %v, %v", ok, err)
		}
		var active int
		if err := e.d.QueryRow(ctx, `SELECT COUNT(*) FROM otp_devices WHERE person_id = $1 AND status = 'active'`, p).Scan(&active); err != nil || active != 1 {
			t.Fatalf("active devices %d, %v", active, err)
		}

		// Staff disable a lost phone.
		if err := e.s.DisableDevice(ctx, p); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(30 * time.Second)
		if ok, err := e.s.VerifyTOTP(ctx, p, refTOTP(seed2, e.clock.Now(), 6)); ok || !errors.Is(err, ErrNoDevice) {
			t.Fatalf("disabled device: %v, %v", ok, err)
		}
		if err := e.s.DisableDevice(ctx, p); !errors.Is(err, ErrNoDevice) {
			t.Fatalf("disable twice: %v", err)
		}

		// The customer removes their own device.
		q := e.customer(t)
		s3, a3, _ := e.enrol(t, q)
		if err := e.s.ConfirmEnrolment(ctx, q, a3, refTOTP(seedBytes(t, s3), e.clock.Now(), 6)); err != nil {
			t.Fatal(err)
		}
		if err := e.s.RemoveDevice(ctx, q); err != nil {
			t.Fatal(err)
		}
		if has, _ := e.s.HasDevice(ctx, q); has {
			t.Fatal("removed device still there")
		}
	})
}
