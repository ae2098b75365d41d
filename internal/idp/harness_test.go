package idp_test

// The harness: the provider's pages and protocol served by the real web
// kit over HTTP (pagetest's site), on a fresh database per test, with a moved
// clock, a cookie-keeping browser that does not follow redirects (so each
// step is seen), and the registry's demo-like persons.

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

type env struct {
	t      testing.TB
	d      *db.DB
	clock  *fatest.Clock
	svc    *idp.Service
	ids    *identity.Service
	url    string // the server
	issuer string
	jobs   *jobs.Runner
}

// The relying party of the tests, registered as the guide's «ایران خودرو».
const (
	rpID       = "ikco"
	rpName     = "ایران خودرو"
	rpSecret   = "rp-secret-0123456789"
	rpRedirect = "https://esaletest.ikco.example/callback"
)

// Persons of the registry.
var (
	reza  = idp.Person{NationalCode: "0067891233", FirstName: "رضا", LastName: "کریمی", FatherName: "عباس", BirthDate: "1369/08/17", CertificateNumber: "2231", CertificatePlace: "مشهد", CertificateDate: "1369/09/02", Gender: idp.GenderMale, Mobiles: []string{"09121110005"}}
	narge = idp.Person{NationalCode: "0078912342", FirstName: "نرگس", LastName: "حسینی", FatherName: "جواد", BirthDate: "1377/07/07", Gender: idp.GenderFemale, Mobiles: []string{"09121110006"}}
)

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{web.Schema, notify.Schema, identity.Schema, idp.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d, nil))
	})
}

func newEnv(t testing.TB, d *db.DB, registry idp.Registry) *env {
	t.Helper()
	ctx := context.Background()
	var svc *idp.Service
	site := pagetest.New(t, d, pagetest.Options{Clock: fatest.NewClock(time.Now().UTC().Truncate(time.Second)), Captcha: true,
		Routes: func(s *pagetest.Site) error {
			svc = idp.New(d, s.SMS, idp.Options{Issuer: s.URL + "/idp", Key: testKey, Registry: registry, Now: s.Clock.Now, Logger: s.Logger,
				Jobs: s.Jobs, BackchannelBackoff: func(int) time.Duration { return 0 }})
			return idp.Routes(s.Server, svc, s.Identity)
		}})
	for _, p := range []idp.Person{reza, narge} {
		if err := svc.PutPerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.EnsureClient(ctx, idp.NewClient{ID: rpID, Name: rpName, RedirectURIs: []string{rpRedirect},
		Scopes: []string{idp.ScopeIdentity, idp.ScopeMobile}}, rpSecret); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, d: d, clock: site.Clock, svc: svc, ids: site.Identity, url: site.URL, issuer: site.URL + "/idp", jobs: site.Jobs}
}

// browser keeps cookies and stops at every redirect.
type browser struct {
	e        *env
	c        *http.Client
	csrf     string
	signedIn bool // has a session at the provider (alg_test.go)
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status   int
	location string
	body     string
	header   http.Header
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (b *browser) do(req *http.Request) page {
	b.e.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p := page{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(body), header: resp.Header}
	if m := csrfRE.FindStringSubmatch(p.body); m != nil {
		b.csrf = m[1]
	}
	return p
}

func (b *browser) get(u string) page {
	b.e.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = b.e.url + u
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return b.do(req)
}

func (b *browser) post(path string, v url.Values) page {
	b.e.t.Helper()
	if v == nil {
		v = url.Values{}
	}
	v.Set("csrf_token", b.csrf)
	req, _ := http.NewRequest(http.MethodPost, b.e.url+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (p page) want(t testing.TB, status int, locationPrefix string) page {
	t.Helper()
	if p.status != status || !strings.HasPrefix(p.location, locationPrefix) {
		t.Fatalf("got %d → %q, want %d → %q…\n%s", p.status, p.location, status, locationPrefix, snippet(p.body))
	}
	return p
}

func (p page) has(t testing.TB, texts ...string) page {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Fatalf("page lacks %q:\n%s", s, snippet(p.body))
		}
	}
	return p
}

func snippet(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000]
	}
	return s
}

var captchaIDRE = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)

func (e *env) captchaAnswer(body string) (id, answer string) {
	e.t.Helper()
	m := captchaIDRE.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("no captcha on the page:\n%s", snippet(body))
	}
	var digits []byte
	if err := e.d.QueryRow(context.Background(), "SELECT digits FROM captchas WHERE id = $1", m[1]).Scan(&digits); err != nil {
		e.t.Fatalf("captcha %s: %v", m[1], err)
	}
	for _, x := range digits {
		answer += string(rune('0' + x))
	}
	return m[1], answer
}

var codeRE = regexp.MustCompile(`\d{6}`)

// lastCode is the last «کد احراز امتا» sent to mobile, and how many were.
func (e *env) lastCode(mobile string) (string, int) {
	e.t.Helper()
	var body string
	var n int
	if err := e.d.QueryRow(context.Background(), "SELECT COUNT(*) FROM sms_outbox WHERE mobile = $1", mobile).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	if n == 0 {
		return "", 0
	}
	if err := e.d.QueryRow(context.Background(), "SELECT body FROM sms_outbox WHERE mobile = $1 ORDER BY id DESC LIMIT 1", mobile).Scan(&body); err != nil {
		e.t.Fatal(err)
	}
	return codeRE.FindString(body), n
}

// toVerify walks authURL's sign-in up to the code page: the client's
// redirect to the provider, the mobile, the captcha. It returns the
// login's path.
func (b *browser) toVerify(authURL, mobile string) string {
	t := b.e.t
	t.Helper()
	p := b.get(authURL).want(t, http.StatusFound, "/idp/signin/")
	p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/login/")
	login := p.location
	b.get(login).want(t, http.StatusOK, "").has(t, "شماره تلفن همراه خود را وارد کنید", "درگاه کاربری سامانه امتا")
	b.post(login+"/mobile", url.Values{"mobile": {mobile}}).want(t, http.StatusSeeOther, login)
	p = b.get(login).want(t, http.StatusOK, "").has(t, "کد امنیتی")
	id, answer := b.e.captchaAnswer(p.body)
	b.post(login+"/captcha", url.Values{"captcha_id": {id}, "captcha": {answer}}).want(t, http.StatusSeeOther, login)
	b.get(login).want(t, http.StatusOK, "").has(t, "کد احراز امتا", "ثبت و تایید", "ارسال مجدد کد تایید", "مثال: 1377/07/07")
	return login
}

// signIn walks a whole sign-in and answers consent; it returns the
// provider's final redirect to the client.
func (b *browser) signIn(authURL string, p idp.Person, decision string) *url.URL {
	t := b.e.t
	t.Helper()
	login := b.toVerify(authURL, p.PrimaryMobile())
	code, _ := b.e.lastCode(p.PrimaryMobile())
	pg := b.post(login+"/verify", url.Values{"code": {code}, "national_code": {p.NationalCode}, "birth_date": {p.BirthDate}}).want(t, http.StatusSeeOther, "/idp/consent/")
	consent := pg.location
	b.get(consent).want(t, http.StatusOK, "").has(t, "مجوز ورود یکپارچه به "+rpName, "اعطای مجوز ورود یکپارچه", "عدم اعطای مجوز ورود یکپارچه",
		"دسترسی خواندن اطلاعات هویتی و شناسنامه ای", "دسترسی خواندن شماره همراه اصلی")
	return b.answerConsent(consent, decision)
}

func (b *browser) answerConsent(consent, decision string) *url.URL {
	t := b.e.t
	t.Helper()
	pg := b.post(consent, url.Values{"decision": {decision}})
	if decision == "grant" {
		pg.want(t, http.StatusSeeOther, "/idp/authorize/callback")
		pg = b.get(pg.location)
	}
	return b.finalRedirect(pg)
}

func (b *browser) finalRedirect(pg page) *url.URL {
	t := b.e.t
	t.Helper()
	pg.want(t, http.StatusFound, rpRedirect)
	u, err := url.Parse(pg.location)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// sub is the pairwise subject client clientID receives for p.
func (e *env) sub(clientID string, p idp.Person) string {
	e.t.Helper()
	c, err := e.svc.ClientByID(context.Background(), clientID)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.svc.SubjectFor(c, p.NationalCode)
}
