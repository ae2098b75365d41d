package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"pishkhan/internal/db"
)

// Options configure a Server.
type Options struct {
	DB            *db.DB
	Logger        *slog.Logger
	SecretKey     []byte // keys the CSRF and flash signatures
	SecureCookies bool   // set behind HTTPS
	MaxBodyBytes  int64
	SessionIdle   time.Duration
	SessionMax    time.Duration
	// SessionCacheTTL is how long an instance trusts a session it has
	// just checked before asking the database again; 0 means 1 s, and a
	// negative value turns the cache off.
	SessionCacheTTL time.Duration
	TrustedProxies  []netip.Prefix
	// FormActions lists extra origins forms may post to (bank gateways).
	FormActions []string
	Now         func() time.Time
	// SiteName is shown in the header and the title of every page when
	// there is no Brand.
	SiteName string
	// Brand, when set, is the deployment's brand as saved by an admin
	// over its defaults, read on every page.
	Brand *BrandStore
}

// Server is the web kit one process uses: the router, sessions, the
// templates and the menu.
type Server struct {
	opts     Options
	mux      *http.ServeMux
	logger   *slog.Logger
	metrics  *metrics
	Sessions *Sessions
	Renderer *Renderer
	Menu     *Menu
	now      func() time.Time

	// DisplayName, when set (by the identity package, in app), names the
	// signed-in person in the header of every page.
	DisplayName func(r *http.Request, sess *Session) string

	// AccountLinks, set by the identity package, are a layout's ("portal",
	// "staff") links for the signed-in person: where they change their
	// password and where they sign out. The kit knows no URL of identity's;
	// a layout without them shows neither.
	AccountLinks map[string]AccountLinks

	// StageHome maps "kind:stage" to the page that finishes the stage
	// ("customer:password" → "/password/first").
	StageHome map[string]string

	// patterns lists every route registered with Handle, in order.
	patterns []string

	// fixedBrand is the brand without a BrandStore.
	fixedBrand *BrandState
	// Help shows the help pages registered for a page's path (set by
	// NewServer; areas register, an admin edits).
	Help *Help
}

// Routes returns every pattern registered with Handle ("GET /cards/{id}/pin"
// …): the program's attack surface, for `pishkhan routes`, the access
// tests and the scanners.
func (s *Server) Routes() []string { return append([]string(nil), s.patterns...) }

// NewServer builds the kit. Areas then add routes, pages and menu items;
// Handler returns the finished stack.
func NewServer(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.SessionIdle == 0 {
		opts.SessionIdle = 30 * time.Minute
	}
	if opts.SessionMax == 0 {
		opts.SessionMax = 12 * time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.SiteName == "" {
		opts.SiteName = msgSiteName
	}
	s := &Server{
		opts:      opts,
		mux:       http.NewServeMux(),
		logger:    opts.Logger,
		metrics:   newMetrics(),
		Menu:      &Menu{},
		now:       opts.Now,
		StageHome: map[string]string{},
	}
	s.fixedBrand = fixedBrandOf(opts.SiteName)
	s.Help = NewHelp(opts.DB, opts.Now)
	if opts.SessionCacheTTL == 0 {
		opts.SessionCacheTTL = time.Second
	}
	s.Sessions = &Sessions{db: opts.DB, now: opts.Now, idle: opts.SessionIdle, max: opts.SessionMax, secure: opts.SecureCookies,
		cache: &sessionCache{ttl: opts.SessionCacheTTL, m: map[string]cachedSession{}}}
	r, err := newRenderer(s)
	if err != nil {
		return nil, err
	}
	s.Renderer = r
	s.mux.Handle("GET /static/", staticHandler())
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.NotFound(w, r) })
	return s, nil
}

// RouteOption changes how one route is guarded.
type RouteOption struct {
	noCSRF bool
	stages []string // stages whose sessions may use the route; "*" any
}

// NoCSRF exempts a route from the CSRF check. Only for requests that a
// browser form on our pages never makes and that carry their own proof:
// a bank's callback (verified with the bank), a partner API (API key),
// the OIDC token endpoint (client authentication).
var NoCSRF = RouteOption{noCSRF: true}

// DuringStage lets sessions in the given stages use a route (the forced
// password change page, the security questions page). Sessions in a stage
// are sent to that stage's page (StageHome) from every other route.
func DuringStage(stages ...string) RouteOption { return RouteOption{stages: stages} }

// AnyStage lets every session use a route, whatever its stage (sign-out).
var AnyStage = RouteOption{stages: []string{"*"}}

// AccountLinks are one layout's links for the signed-in person.
type AccountLinks struct {
	Password string // «تغییر کلمه عبور»
	SignOut  string // «خروج» (POST)
}

// Handle registers h for pattern ("GET /cards/{id}", "POST /login" …).
func (s *Server) Handle(pattern string, h http.Handler, opts ...RouteOption) {
	checkCSRF := true
	var stages []string
	for _, o := range opts {
		checkCSRF = checkCSRF && !o.noCSRF
		stages = append(stages, o.stages...)
	}
	s.patterns = append(s.patterns, pattern)
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stateOf(r).route = pattern
		if checkCSRF && !safeMethod(r.Method) && !s.validCSRF(r) {
			s.Error(w, r, http.StatusForbidden, msgCSRFExpired)
			return
		}
		if !s.cleanInput(w, r) {
			return
		}
		if home, blocked := s.stageGate(r, stages); blocked {
			Redirect(w, r, home)
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// stageGate sends a session that has a step to finish (a forced password
// change, the security questions) to that step's page from every route
// not opened to it: "every page redirects to the change form until it is
// done". The converse holds too: a route opened only to a stage is closed
// to full sessions (who go home), so the forced-change page cannot be used
// to change a password without the old one, nor the first-time questions
// page to replace security answers. Requests without a session cookie
// cost nothing here; their handlers send them to sign in.
func (s *Server) stageGate(r *http.Request, allowed []string) (string, bool) {
	if _, err := r.Cookie(s.Sessions.cookieName()); err != nil {
		return "", false
	}
	sess := s.Session(r)
	if sess == nil {
		return "", false
	}
	if len(allowed) == 0 {
		if sess.Stage == "" {
			return "", false
		}
	} else {
		for _, st := range allowed {
			if st == "*" || st == sess.Stage {
				return "", false
			}
		}
	}
	if sess.Stage == "" {
		home, ok := s.StageHome[sess.Kind+":"] // "kind:" names the kind's home page
		if !ok {
			home = "/"
		}
		return home, true
	}
	home, ok := s.StageHome[sess.Kind+":"+sess.Stage]
	if !ok {
		home = "/"
	}
	return home, true
}

// HandleFunc is Handle for a function.
func (s *Server) HandleFunc(pattern string, h http.HandlerFunc, opts ...RouteOption) {
	s.Handle(pattern, h, opts...)
}

// Handler returns the whole stack, outermost first: request state and
// metrics, logging, panic recovery, security headers, body limit, routes.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.limitBody(h)
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	return h
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// isAPI reports whether a request expects JSON rather than a page.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json") && !strings.Contains(r.Header.Get("Accept"), "text/html")
}

// Now is the server's clock (tests move it).
func (s *Server) Now() time.Time { return s.now() }
