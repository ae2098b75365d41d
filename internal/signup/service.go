package signup

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// Options configure the relying party.
type Options struct {
	// Issuer is found by its discovery URL, Issuer + /.well-known/openid-configuration.
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is the portal's callback (BaseURL/register/callback),
	// registered with the issuer.
	RedirectURL string
	// Key (32 bytes) seals the completed form (db.Box, purpose
	// "signup/form") and keys code HMACs.
	Key []byte
	// HTTPClient talks to the issuer (nil: 10 s timeout).
	HTTPClient *http.Client
	// FlowTTL bounds a registration from «ثبت نام» to the final step (30 min).
	FlowTTL time.Duration
	// CodeTTL, MaxWrong and ResendCooldown rule the SMS validation code
	// (120 s, 5, 60 s), as the provider's own code.
	CodeTTL        time.Duration
	MaxWrong       int
	ResendCooldown time.Duration
	SecureCookies  bool
	Now            func() time.Time
	Logger         *slog.Logger
}

// Service is the portal's registration.
type Service struct {
	db   *db.DB
	ids  *identity.Service
	sms  *notify.Service
	opts Options
	box  *db.Box // the completed form, between «تکمیل اطلاعات شخصی» and the code
	now  func() time.Time
	log  *slog.Logger

	mu       sync.Mutex
	provider *oidc.Provider // found once, on first use
}

// New returns the registration service.
func New(d *db.DB, ids *identity.Service, sms *notify.Service, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.FlowTTL == 0 {
		opts.FlowTTL = 30 * time.Minute
	}
	if opts.CodeTTL == 0 {
		opts.CodeTTL = 120 * time.Second
	}
	if opts.MaxWrong == 0 {
		opts.MaxWrong = 5
	}
	if opts.ResendCooldown == 0 {
		opts.ResendCooldown = 60 * time.Second
	}
	// Forms sealed before the box (under the key itself, with
	// "signup-form" as the additional data) still open.
	box, err := db.NewBoxRawLegacy(opts.Key, "signup/form", "signup-form")
	if err != nil {
		panic("signup: " + err.Error())
	}
	return &Service{db: d, ids: ids, sms: sms, opts: opts, box: box, now: opts.Now, log: opts.Logger}
}

// discover finds the issuer's endpoints and keys by its discovery URL.
// A failure is not cached: the issuer may be starting (Pishkhan's own is
// served by this very process).
func (s *Service) discover(ctx context.Context) (*oidc.Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.provider != nil {
		return s.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, s.opts.HTTPClient), s.opts.Issuer)
	if err != nil {
		return nil, err
	}
	s.provider = p
	return p, nil
}

func (s *Service) oauth2Config(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: s.opts.ClientID, ClientSecret: s.opts.ClientSecret, RedirectURL: s.opts.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: Scopes}
}
