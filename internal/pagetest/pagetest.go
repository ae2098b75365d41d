// Package pagetest is the one harness of Pishkhan's page tests: the shared
// domains on a test database (jobs, the SMS outbox, identity with cheap
// argon2, billing when asked for), all on one test clock; the site (the
// web kit's server with identity's pages, served over HTTP by httptest);
// browsers (Browser, a webtest.Client); and people signed in as customers or staff.
//
// An area's harness is a thin wrapper: it names its schemas and, in the
// Routes hook, builds its own service and registers its pages.
package pagetest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dchest/captcha"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

// Params keep argon2 cheap in tests; production uses identity.DefaultParams.
var Params = identity.Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Start is where a clock stands when the options name none.
var Start = time.Date(2026, 3, 21, 8, 0, 0, 0, time.UTC)

// PublicURL is the address a test site tells the bank to come back to.
const PublicURL = "http://pishkhan.test"

// Domains are the shared domains an area's tests stand on, on one
// database and one clock.
type Domains struct {
	T        testing.TB
	DB       *db.DB
	Clock    *fatest.Clock
	Logger   *slog.Logger
	Jobs     *jobs.Runner // migrated and open
	SMS      *notify.Service
	Identity *identity.Service
}

// NewDomains builds the jobs runner, the SMS outbox and identity on d,
// reading clock (nil: a clock standing at Start). tweak, when not nil,
// adjusts identity's options.
func NewDomains(t testing.TB, d *db.DB, clock *fatest.Clock, tweak func(*identity.Options)) *Domains {
	t.Helper()
	if clock == nil {
		clock = fatest.NewClock(Start)
	}
	logger := slog.New(slog.DiscardHandler)
	runner := jobs.New(d, logger)
	if err := runner.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := runner.Open(); err != nil {
		t.Fatal(err)
	}
	sms := notify.New(d, runner, &notify.Outbox{}, logger, clock.Now)
	opts := identity.Options{Params: Params, Now: clock.Now, Logger: logger}
	if tweak != nil {
		tweak(&opts)
	}
	return &Domains{T: t, DB: d, Clock: clock, Logger: logger, Jobs: runner, SMS: sms, Identity: identity.New(d, sms, opts)}
}

// Options shape a site.
type Options struct {
	Clock    *fatest.Clock           // the site's clock; nil: one standing at Start
	Web      func(*web.Options)      // adjusts the web kit's options
	Identity func(*identity.Options) // adjusts identity's options
	Billing  bool                    // billing's service and pages (orders, the sandbox bank)
	Captcha  bool                    // captchas kept in the site's database (the captcha package's store is global: not for parallel tests)
	Routes   func(s *Site) error     // the area's hook: build its service, register its pages
}

// Site is one running site.
type Site struct {
	*Domains
	Server   *web.Server
	Billing  *billing.Service       // nil unless Options.Billing
	Captchas *identity.CaptchaStore // nil unless Options.Captcha
	URL      string
}

// Each runs fn on every available engine, each with a fresh database
// migrated to schemas and a site on it.
func Each(t *testing.T, schemas []*db.Schema, opts Options, fn func(t *testing.T, s *Site)) {
	t.Helper()
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		fn(t, New(t, d, opts))
	})
}

// home stands in for the application's home page (package app), so that
// redirects to "/" land on a page that shows the flash.
var home = fstest.MapFS{
	"home.html": {Data: []byte(`{{define "content"}}<h1 id="home">` + titleHome + `</h1>{{end}}`)},
}

// New builds a site on d: the shared domains (identity ends the sessions
// of the site's server), the web kit's server, identity's pages (and
// billing's), a home page, then the area's hook.
func New(t testing.TB, d *db.DB, opts Options) *Site {
	t.Helper()
	var s *Site
	dom := NewDomains(t, d, opts.Clock, func(o *identity.Options) {
		o.EndSessions = func(ctx context.Context, q db.Querier, kind string, id, keep int64) error {
			if s == nil { // the site is still being built: no session yet
				return nil
			}
			_, err := s.Server.Sessions.DestroyAll(ctx, q, kind, id, keep)
			return err
		}
		if opts.Identity != nil {
			opts.Identity(o)
		}
	})
	s = NewOn(t, dom, opts)
	return s
}

// NewOn builds a site on shared domains already made (their identity
// keeps its options: Options.Clock and Options.Identity are not used).
func NewOn(t testing.TB, dom *Domains, opts Options) *Site {
	t.Helper()
	s := &Site{Domains: dom}
	// The server is reached before the hook runs (a provider names its own
	// address); the handler is set once every route is registered.
	var handler http.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	d := dom.DB
	wo := web.Options{DB: d, Logger: s.Logger, SecretKey: webtest.Key, Now: s.Clock.Now}
	if opts.Web != nil {
		opts.Web(&wo)
	}
	srv, err := web.NewServer(wo)
	if err != nil {
		t.Fatal(err)
	}
	s.Server = srv
	if err := srv.Renderer.AddPages("pagetest", home); err != nil {
		t.Fatal(err)
	}
	srv.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		srv.Render(w, r, http.StatusOK, "pagetest/home", web.View{Title: titleHome})
	})
	if err := identity.Routes(srv, s.Identity, s.SMS); err != nil {
		t.Fatal(err)
	}
	if opts.Billing {
		s.Billing = billing.New(d, billing.Options{Now: s.Clock.Now, Logger: s.Logger})
		if err := billing.Routes(srv, s.Billing, s.Identity, PublicURL); err != nil {
			t.Fatal(err)
		}
	}
	if opts.Captcha {
		s.Captchas = identity.NewCaptchaStore(d, s.Logger, s.Clock.Now, 10*time.Minute)
		captcha.SetCustomStore(s.Captchas)
		t.Cleanup(func() { captcha.SetCustomStore(captcha.NewMemoryStore(captcha.CollectNum, captcha.Expiration)) })
	}
	if opts.Routes != nil {
		if err := opts.Routes(s); err != nil {
			t.Fatal(err)
		}
	}
	handler = srv.Handler()
	return s
}

// Browser is a browser on a test site (webtest.Client) that knows
// identity's sign-in forms.
type Browser struct{ *webtest.Client }

// Client is a new browser on the site.
func (s *Site) Client() *Browser { return &Browser{webtest.NewClient(s.T, s.URL)} }

// SignIn posts the customer sign-in form.
func (b *Browser) SignIn(identifier, password string) webtest.Response {
	b.T.Helper()
	return b.PostForm("/login", "/login", url.Values{"identifier": {identifier}, "password": {password}})
}

// StaffSignIn posts the staff sign-in form.
func (b *Browser) StaffSignIn(username, password string) webtest.Response {
	b.T.Helper()
	return b.PostForm("/staff/login", "/staff/login", url.Values{"username": {username}, "password": {password}})
}

// --- people ---

// Password is the password a ready customer has chosen.
const Password = "Kavir-Lut-2071!"

// StaffPassword passes the staff policy (12 characters at least).
const StaffPassword = "Dena-Zagros-Peak-2071"

// NewCustomer creates a customer as the back office would: the password
// is the national code until the first sign-in changes it.
func (s *Site) NewCustomer(in identity.NewCustomer) *identity.Customer {
	s.T.Helper()
	c, err := s.Identity.CreateCustomer(context.Background(), identity.Actor{}, in)
	if err != nil {
		s.T.Fatalf("create customer %+v: %v", in, err)
	}
	return c
}

// ReadyCustomer creates a customer who has finished set-up: a chosen
// password and three security questions (answers "tehran", "rex",
// "amir" to questions 2, 3 and 4).
func (s *Site) ReadyCustomer(in identity.NewCustomer, password string) *identity.Customer {
	s.T.Helper()
	c := s.NewCustomer(in)
	ctx := context.Background()
	if err := s.Identity.ChangePassword(ctx, c.ID, "", password, password); err != nil {
		s.T.Fatalf("set password: %v", err)
	}
	if err := s.Identity.SetSecurityAnswers(ctx, c.ID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
		s.T.Fatalf("set answers: %v", err)
	}
	return c
}

// SignedIn is a new browser signed in as a customer who has finished
// set-up.
func (s *Site) SignedIn(identifier, password string) *Browser {
	s.T.Helper()
	c := s.Client()
	c.SignIn(identifier, password).Want(s.T, http.StatusSeeOther, "/")
	return c
}

// Customer creates a customer past set-up, with the password Password,
// and a browser signed in as them by national code.
func (s *Site) Customer(in identity.NewCustomer) (*identity.Customer, *Browser) {
	s.T.Helper()
	c := s.ReadyCustomer(in, Password)
	return c, s.SignedIn(c.NationalCode, Password)
}

// Staff creates a staff member with roles and a new browser signed in as
// them, past the forced change of the one-time password (to
// StaffPassword).
func (s *Site) Staff(username string, roles ...string) (*identity.StaffMember, *Browser) {
	s.T.Helper()
	c := s.Client()
	return s.StaffIn(c, username, roles...), c
}

// StaffIn creates a staff member with roles and signs browser b in as
// them, past the forced change of the one-time password.
func (s *Site) StaffIn(b *Browser, username string, roles ...string) *identity.StaffMember {
	s.T.Helper()
	m, once, err := s.Identity.CreateStaff(context.Background(), identity.Actor{}, username, staffName(username), roles)
	if err != nil {
		s.T.Fatalf("create staff %s: %v", username, err)
	}
	b.StaffSignIn(username, once).Want(s.T, http.StatusSeeOther, "/staff/password/first")
	b.Submit("/staff/password/first", url.Values{"new_password": {StaffPassword}, "repeat_password": {StaffPassword}}).Want(s.T, http.StatusSeeOther, "/staff")
	return m
}

// Outbox is the SMS queued for one person, newest first.
func (s *Site) Outbox(personID int64) []notify.OutboxMessage {
	s.T.Helper()
	msgs, _, err := s.SMS.List(context.Background(), notify.Filter{PersonID: personID, Limit: 200})
	if err != nil {
		s.T.Fatal(err)
	}
	return msgs
}
