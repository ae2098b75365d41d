package idp

import (
	"crypto/sha256"
	"log/slog"
	"net/http"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"pishkhan/internal/db"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
)

// Options configure the provider.
type Options struct {
	// Issuer is the provider's public address (PISHKHAN_BASE_URL/idp).
	Issuer string
	// Key (32 bytes, derived from the server key) seals signing keys
	// (db.Box, purpose "idp/keys"), encrypts access tokens and keys the
	// SMS code HMACs.
	Key []byte
	// Registry answers who a person is and whether a mobile is theirs;
	// nil is the embedded DBRegistry.
	Registry Registry
	// CodeTTL is how long a «کد احراز امتا» is good (120 s); MaxWrong
	// wrong tries burn it (5); ResendCooldown spaces two codes to one
	// mobile (60 s).
	CodeTTL        time.Duration
	MaxWrong       int
	ResendCooldown time.Duration
	// MaxSendsPerHour caps the codes one mobile receives in an hour (5).
	MaxSendsPerHour int
	// KeyLifetime is how long a signing key signs before a new one is
	// made (30 days); a retired key stays in the JWKS for as long again,
	// so tokens it signed still verify.
	KeyLifetime time.Duration
	// SessionTTL is how long a verified person stays signed in at the
	// provider (30 minutes).
	SessionTTL time.Duration
	// SecureCookies: the provider's session cookie only over HTTPS.
	SecureCookies bool
	Now           func() time.Time
	Logger        *slog.Logger
	// Jobs delivers back-channel logout tokens (backchannel.go); nil
	// delivers none. BackchannelBackoff is the wait before a failed
	// delivery's next try (nil: backchannelBackoff).
	Jobs               *jobs.Runner
	BackchannelBackoff func(attempt int) time.Duration
	// SectorHTTP fetches a client's sector_identifier_uri at registration
	// (nil: a client with a 10 s timeout that follows no redirect).
	SectorHTTP *http.Client
}

// Service is the provider: registry, verification, consents, clients and
// the OpenID Connect storage.
type Service struct {
	db       *db.DB
	sms      *notify.Service
	opts     Options
	registry Registry
	now      func() time.Time
	log      *slog.Logger
	keys     *keyCache
	box      *db.Box // the signing keys' private halves
	// pairwiseKey keys the pairwise subjects (derived, so it opens
	// nothing else).
	pairwiseKey []byte
}

// New returns the provider's service.
func New(d *db.DB, sms *notify.Service, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
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
	if opts.MaxSendsPerHour == 0 {
		opts.MaxSendsPerHour = 5
	}
	if opts.KeyLifetime == 0 {
		opts.KeyLifetime = 30 * 24 * time.Hour
	}
	if opts.SessionTTL == 0 {
		opts.SessionTTL = 30 * time.Minute
	}
	// Keys sealed before the box (under the key itself, with "idp-key" as
	// the additional data) still open.
	box, err := db.NewBoxRawLegacy(opts.Key, "idp/keys", "idp-key")
	if err != nil {
		panic("idp: " + err.Error())
	}
	s := &Service{db: d, sms: sms, opts: opts, now: opts.Now, log: opts.Logger, box: box, keys: &keyCache{m: map[string]*signingKey{}, current: map[jose.SignatureAlgorithm]cachedKey{}}}
	pk := sha256.Sum256(append([]byte("idp-pairwise-subject\x00"), opts.Key...))
	s.pairwiseKey = pk[:]
	if opts.Jobs != nil {
		jobs.Register(opts.Jobs, &backchannelWorker{s: s})
	}
	s.registry = opts.Registry
	if s.registry == nil {
		s.registry = &DBRegistry{DB: d, Now: opts.Now}
	}
	return s
}

// Registry is the registry the provider asks.
func (s *Service) Registry() Registry { return s.registry }

// Issuer is the provider's issuer URL.
func (s *Service) Issuer() string { return s.opts.Issuer }
