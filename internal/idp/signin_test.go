package idp_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/idp"
)

func TestCodeBurnsAfterFiveWrongTries(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		m := reza.PrimaryMobile()
		if err := e.svc.SendCode(ctx, m); err != nil {
			t.Fatal(err)
		}
		code, _ := e.lastCode(m)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for i := 1; i <= 4; i++ {
			if err := e.svc.CheckCode(ctx, m, wrong); !errors.Is(err, idp.ErrCodeWrong) {
				t.Fatalf("wrong try %d: %v", i, err)
			}
		}
		if err := e.svc.CheckCode(ctx, m, wrong); !errors.Is(err, idp.ErrCodeExpired) {
			t.Fatalf("fifth wrong try: %v, want the code burned", err)
		}
		if err := e.svc.CheckCode(ctx, m, code); !errors.Is(err, idp.ErrCodeExpired) {
			t.Fatalf("right code after burning: %v", err)
		}
		// A new code (after the cool-down) works, once.
		e.clock.Advance(61 * time.Second)
		if err := e.svc.SendCode(ctx, m); err != nil {
			t.Fatal(err)
		}
		code, _ = e.lastCode(m)
		if err := e.svc.CheckCode(ctx, m, "۱"+code[1:]); err != nil && code[0] == '1' {
			t.Fatalf("Persian digits: %v", err)
		}
		if err := e.svc.CheckCode(ctx, m, code); err != nil && code[0] != '1' {
			t.Fatalf("new code: %v", err)
		}
		if err := e.svc.CheckCode(ctx, m, code); !errors.Is(err, idp.ErrCodeExpired) {
			t.Fatalf("code used twice: %v", err)
		}
	})
}

func TestCodeLivesFor120Seconds(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		m := reza.PrimaryMobile()
		if err := e.svc.SendCode(ctx, m); err != nil {
			t.Fatal(err)
		}
		code, _ := e.lastCode(m)
		e.clock.Advance(119 * time.Second)
		if err := e.svc.CheckCode(ctx, m, "x"); !errors.Is(err, idp.ErrCodeWrong) {
			t.Fatalf("at 119 s the code is still live: %v", err)
		}
		e.clock.Advance(2 * time.Second) // 121 s
		if err := e.svc.CheckCode(ctx, m, code); !errors.Is(err, idp.ErrCodeExpired) {
			t.Fatalf("right code at 121 s: %v", err)
		}

		// At exactly 120 s it is dead too; at 119 s a right one passes.
		e.clock.Advance(time.Minute)
		e.svc.SendCode(ctx, m)
		code, _ = e.lastCode(m)
		e.clock.Advance(120 * time.Second)
		if err := e.svc.CheckCode(ctx, m, code); !errors.Is(err, idp.ErrCodeExpired) {
			t.Fatalf("right code at 120 s: %v", err)
		}
		e.svc.SendCode(ctx, m)
		code, _ = e.lastCode(m)
		e.clock.Advance(119 * time.Second)
		if err := e.svc.CheckCode(ctx, m, code); err != nil {
			t.Fatalf("right code at 119 s: %v", err)
		}
	})
}

func TestResendWaitsForTheCooldown(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		m := narge.PrimaryMobile()
		if err := e.svc.SendCode(ctx, m); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(59 * time.Second)
		if err := e.svc.SendCode(ctx, m); !errors.Is(err, idp.ErrCooldown) {
			t.Fatalf("resend at 59 s: %v", err)
		}
		if _, n := e.lastCode(m); n != 1 {
			t.Fatalf("%d SMS after a refused resend", n)
		}
		e.clock.Advance(time.Second)
		if err := e.svc.SendCode(ctx, m); err != nil {
			t.Fatalf("resend at 60 s: %v", err)
		}
		if _, n := e.lastCode(m); n != 2 {
			t.Fatalf("%d SMS, want 2", n)
		}
	})
}

func TestAMobileGetsFiveCodesAnHour(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		m := reza.PrimaryMobile()
		for i := 1; i <= 5; i++ {
			if err := e.svc.SendCode(ctx, m); err != nil {
				t.Fatalf("code %d: %v", i, err)
			}
			e.clock.Advance(61 * time.Second)
		}
		if err := e.svc.SendCode(ctx, m); !errors.Is(err, idp.ErrTooManyCodes) {
			t.Fatalf("sixth code within the hour: %v", err)
		}
		if _, n := e.lastCode(m); n != 5 {
			t.Fatalf("%d SMS sent", n)
		}
		// The sign-in page says so after the captcha.
		b := e.browser()
		p := b.get(e.rp().authURL())
		p = b.get(p.location)
		login := p.location
		b.get(login)
		b.post(login+"/mobile", url.Values{"mobile": {m}}).want(t, http.StatusSeeOther, login)
		id, answer := e.captchaAnswer(b.get(login).body)
		b.post(login+"/captcha", url.Values{"captcha_id": {id}, "captcha": {answer}}).want(t, http.StatusUnprocessableEntity, "").
			has(t, "یک ساعت دیگر دوباره تلاش کنید")
		// An hour after the first, codes flow again.
		e.clock.Advance(time.Hour - 5*61*time.Second + time.Second)
		if err := e.svc.SendCode(ctx, m); err != nil {
			t.Fatalf("after the hour: %v", err)
		}
	})
}

func TestVerificationChecksRegistryAndMobileOwnership(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.rp()
		b := e.browser()
		// Narges's mobile with Reza's national code: the mobile is not his.
		login := b.toVerify(r.authURL(), narge.PrimaryMobile())
		code, _ := e.lastCode(narge.PrimaryMobile())
		p := b.post(login+"/verify", url.Values{"code": {code}, "national_code": {reza.NationalCode}, "birth_date": {reza.BirthDate}})
		p.want(t, http.StatusUnprocessableEntity, "").has(t, "احراز اطلاعات شخصی امکان پذیر نخواهد بود")

		// Field checks cost nothing: a bad national code or date is
		// refused before the code is tried.
		e.clock.Advance(61 * time.Second)
		b.post(login+"/resend", nil).want(t, http.StatusSeeOther, login)
		code, n := e.lastCode(narge.PrimaryMobile())
		if n != 2 {
			t.Fatalf("%d codes after resend", n)
		}
		b.post(login+"/verify", url.Values{"code": {code}, "national_code": {"0067891234"}, "birth_date": {narge.BirthDate}}).
			want(t, http.StatusUnprocessableEntity, "").has(t, "کد ملی معتبر نیست")
		b.post(login+"/verify", url.Values{"code": {code}, "national_code": {narge.NationalCode}, "birth_date": {"1377/13/07"}}).
			want(t, http.StatusUnprocessableEntity, "").has(t, "مثال: 1377/07/07")
		// A mistyped birth date costs a try, not the code: corrected, the
		// same code passes.
		b.post(login+"/verify", url.Values{"code": {code}, "national_code": {narge.NationalCode}, "birth_date": {"1377/07/08"}}).
			want(t, http.StatusUnprocessableEntity, "").has(t, idp.ErrMismatch.Message)
		b.post(login+"/verify", url.Values{"code": {code}, "national_code": {narge.NationalCode}, "birth_date": {narge.BirthDate}}).
			want(t, http.StatusSeeOther, "/idp/consent/")

		// A mobile nobody owns never passes, whoever claims it.
		b2 := e.browser()
		login = b2.toVerify(e.rp().authURL(), "09121110009")
		code, _ = e.lastCode("09121110009")
		b2.post(login+"/verify", url.Values{"code": {code}, "national_code": {reza.NationalCode}, "birth_date": {reza.BirthDate}}).
			want(t, http.StatusUnprocessableEntity, "").has(t, "احراز اطلاعات شخصی امکان پذیر نخواهد بود")
	})
}

// The registry is no oracle: with one's own mobile and its code, an
// unknown national code, someone else's national code and a wrong birth
// date all get the same page; each costs one of the code's five tries,
// after which the code is spent.
func TestRegistryMismatchesLookAlike(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		login := b.toVerify(e.rp().authURL(), narge.PrimaryMobile())
		code, _ := e.lastCode(narge.PrimaryMobile())
		var bodies []string
		for _, v := range []url.Values{
			{"national_code": {"0012345679"}, "birth_date": {narge.BirthDate}},     // nobody's
			{"national_code": {reza.NationalCode}, "birth_date": {reza.BirthDate}}, // not her mobile
			{"national_code": {narge.NationalCode}, "birth_date": {"1377/07/08"}},  // her, another date
			{"national_code": {reza.NationalCode}, "birth_date": {"1369/08/18"}},   // both wrong
		} {
			v.Set("code", code)
			p := b.post(login+"/verify", v).want(t, http.StatusUnprocessableEntity, "").has(t, idp.ErrMismatch.Message)
			// The form keeps what was typed: leave that out of the comparison.
			body := strings.ReplaceAll(p.body, `value="`+v.Get("national_code")+`"`, "")
			bodies = append(bodies, strings.ReplaceAll(body, `value="`+v.Get("birth_date")+`"`, ""))
		}
		for i := range bodies {
			if bodies[i] != bodies[0] {
				t.Errorf("mismatch %d answers differently from mismatch 0", i)
			}
		}
		for _, banned := range []string{"یافت نشد", "تاریخ تولد با اطلاعات"} {
			if strings.Contains(bodies[0], banned) {
				t.Errorf("the page still says %q", banned)
			}
		}
		// The fifth try spends the code, even with the right details.
		b.post(login+"/verify", url.Values{"code": {code}, "national_code": {reza.NationalCode}, "birth_date": {reza.BirthDate}}).
			want(t, http.StatusUnprocessableEntity, "")
		b.post(login+"/verify", url.Values{"code": {code}, "national_code": {narge.NationalCode}, "birth_date": {narge.BirthDate}}).
			want(t, http.StatusUnprocessableEntity, "").has(t, "کد احراز منقضی شده")
	})
}

func TestSignInPagesRefuseBadInputAndOtherBrowsers(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		p := b.get(e.rp().authURL()).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/login/")
		login := p.location
		b.get(login)
		b.post(login+"/mobile", url.Values{"mobile": {"12345"}}).want(t, http.StatusUnprocessableEntity, "").has(t, "شماره تلفن همراه معتبر نیست")
		b.post(login+"/mobile", url.Values{"mobile": {"۰۹۱۲۱۱۱۰۰۰۵"}}).want(t, http.StatusSeeOther, login)
		// The step is done: posting it again moves nothing.
		b.post(login+"/mobile", url.Values{"mobile": {"09121110006"}}).want(t, http.StatusSeeOther, login)
		pg := b.get(login).want(t, http.StatusOK, "").has(t, "کد امنیتی")
		id, answer := e.captchaAnswer(pg.body)
		wrong := "9" + answer
		b.post(login+"/captcha", url.Values{"captcha_id": {id}, "captcha": {wrong}}).want(t, http.StatusUnprocessableEntity, "").has(t, "کد امنیتی اشتباه است")
		if _, n := e.lastCode("09121110005"); n != 0 {
			t.Fatal("a code was sent before the captcha was solved")
		}
		// The captcha's answer was used by the wrong try: a new one is needed.
		b.post(login+"/captcha", url.Values{"captcha_id": {id}, "captcha": {answer}}).want(t, http.StatusUnprocessableEntity, "")
		// Another browser cannot continue this login.
		other := e.browser()
		other.get("/idp/.well-known/openid-configuration")
		other.csrf = b.csrf
		if p := other.get(login); p.status != http.StatusForbidden {
			t.Fatalf("other browser: %d", p.status)
		}
	})
}

func TestRegistryImport(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		good := "national_code,first_name,last_name,father_name,birth_date,certificate_number,certificate_place,certificate_date,gender,mobiles\n" +
			"0089123451,حمید,صادقی,یوسف,1365/01/25,9087,قم,1365/02/11,male,09121110007\n" +
			"۰۰۱۲۳۴۵۶۷۹,لیلا,امینی,,۱۳۷۵/۰۳/۰۱,,,,زن,09351234567;09121234567\n"
		res, err := e.svc.ImportRegistry(ctx, stringsReader(good))
		if err != nil || res.Added != 2 || res.Updated != 0 {
			t.Fatalf("first import: %+v %v", res, err)
		}
		res, err = e.svc.ImportRegistry(ctx, stringsReader(good))
		if err != nil || res.Added != 0 || res.Updated != 0 || res.Unchanged != 2 {
			t.Fatalf("second import: %+v %v", res, err)
		}
		p, err := e.svc.Registry().Person(ctx, "0012345679")
		if err != nil || p.BirthDate != "1375/03/01" || p.Gender != idp.GenderFemale || p.PrimaryMobile() != "09351234567" || len(p.Mobiles) != 2 {
			t.Fatalf("person: %+v %v", p, err)
		}
		if ok, _ := e.svc.Registry().MobileMatches(ctx, "0012345679", "09121234567"); !ok {
			t.Fatal("second mobile not the person's")
		}

		// A bad row names its line, and nothing of the file is stored.
		for _, c := range []struct{ row, want string }{
			{"0012345670,علی,رضایی,,1360/01/01,,,,,09120000001", "line 3"},         // checksum
			{"0034567895,Ali,رضایی,,1360/01/01,,,,,09120000001", "not in Persian"}, // Latin name
			{"0034567895,علی,رضایی,,1360/13/01,,,,,09120000001", "line 3"},         // date
			{"0089123451,علی,رضایی,,1360/01/01,,,,,09120000001", "repeats line 2"}, // twice in the file
			{"0034567895,علی,رضایی,,1360/01/01,,,,,09121110007", "also on line 2"}, // mobile twice
			{"0034567895,علی,رضایی,,1360/01/01,,,,other,09120000001", "gender"},    // gender
			{"0034567895,علی,رضایی,,1360/01/01,,,,,0912", "mobile"},                // mobile
		} {
			file := "national_code,first_name,last_name,father_name,birth_date,certificate_number,certificate_place,certificate_date,gender,mobiles\n" +
				"0089123451,حمید,صادقی,یوسف,1365/01/25,9087,قم,1365/02/11,male,09121110007\n" + c.row + "\n"
			_, err := e.svc.ImportRegistry(ctx, stringsReader(file))
			var le *idp.LineError
			if !errors.As(err, &le) || !contains([]string{err.Error()}, err.Error()) || !containsText(err.Error(), c.want) {
				t.Errorf("row %q: %v, want %q", c.row, err, c.want)
			}
		}
		var n int
		e.d.QueryRow(ctx, "SELECT COUNT(*) FROM idp_persons").Scan(&n)
		if n != 4 { // reza, narge and the two imported
			t.Fatalf("%d persons after failed imports", n)
		}
		// A changed row updates.
		changed := "national_code,first_name,last_name,father_name,birth_date,certificate_number,certificate_place,certificate_date,gender,mobiles\n" +
			"0089123451,حمید,صادقی,یوسف,1365/01/25,9087,قم,1365/02/11,male,09121110008\n"
		if res, err := e.svc.ImportRegistry(ctx, stringsReader(changed)); err != nil || res.Updated != 1 {
			t.Fatalf("changed import: %+v %v", res, err)
		}
		if ok, _ := e.svc.Registry().MobileMatches(ctx, "0089123451", "09121110007"); ok {
			t.Fatal("the old mobile still belongs to him")
		}
	})
}
