package identity

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/notify"
)

// Options configure the Service. Zero fields take the defaults noted.
type Options struct {
	// Params are the argon2id costs for new hashes (DefaultParams).
	// Tests lower Memory for speed; production keeps the default.
	Params Params
	// InitialPasswordTTL is how long an initial or temporary password
	// (the national code, a random one sent by SMS) opens the account
	// (30 days).
	InitialPasswordTTL time.Duration
	// AddressLimit: wrong passwords from one IP address before it is
	// locked out of every account ({3, 30m, 30m}, as the ISP guide says).
	AddressLimit Limit
	// AccountLimit: wrong passwords for one account from any addresses
	// ({10, 30m, 30m}), so many addresses cannot guess one password.
	AccountLimit Limit
	// RecoveryLimit: recovery requests per IP address and per mobile
	// number ({3, 1h, 0}: a plain hourly limit).
	RecoveryLimit Limit
	// FactorLimit: wrong second-factor codes for one account, across
	// sessions, before the factor is locked (factor_lock.go).
	FactorLimit Limit
	// CaptchaLimit: captchas one address may draw on the password
	// recovery page ({30, 10m, 0}: a plain rate limit).
	CaptchaLimit Limit
	// RandomInitialPasswords: accounts created from the back office get a
	// random initial password by SMS instead of the national code (the
	// operator's choice, PISHKHAN_INITIAL_PASSWORDS=random).
	RandomInitialPasswords bool
	// MaxConcurrentHashes bounds argon2id computations running at once
	// (default twice the cores): the memory cap under a burst of sign-ins.
	MaxConcurrentHashes int
	// EndSessions ends a person's sessions except keep, inside the
	// transaction that changes their password (web.Sessions.DestroyAll).
	// Nil ends nothing.
	EndSessions func(ctx context.Context, q db.Querier, kind string, subjectID, keep int64) error
	Now         func() time.Time
	Logger      *slog.Logger
}

// Service is identity's API.
type Service struct {
	db   *db.DB
	sms  *notify.Service
	opts Options
	now  func() time.Time
	log  *slog.Logger

	dummyOnce sync.Once
	dummy     string

	// hashChecks counts password and answer verifications, so tests (and
	// metrics) can see that refused attempts never reach argon2.
	hashChecks atomic.Int64

	// hashSlots bounds how many argon2id computations run at once. Each
	// takes 19 MiB for its duration and one core; running more than the
	// cores can serve adds no throughput, only memory, so a burst of 64
	// sign-ins queues here instead of allocating 1.2 GiB.
	hashSlots chan struct{}

	// staffTwoFactor, when set, makes staff sign in with an authenticator
	// code after the password (staff_two_factor.go).
	staffTwoFactor StaffTwoFactor

	// customers caches customers for pages, a second (CustomerOf).
	customers customerCache
}

// New returns the service. sms may be nil where nothing is ever sent
// (recovery and random initial passwords then fail).
func New(d *db.DB, sms *notify.Service, opts Options) *Service {
	if opts.Params == (Params{}) {
		opts.Params = DefaultParams
	}
	if opts.InitialPasswordTTL == 0 {
		opts.InitialPasswordTTL = 30 * 24 * time.Hour
	}
	if opts.AddressLimit.Attempts == 0 { // zero attempts would refuse everyone
		opts.AddressLimit = Limit{Attempts: 3, Window: 30 * time.Minute, Lock: 30 * time.Minute}
	}
	if opts.AccountLimit == (Limit{}) {
		opts.AccountLimit = Limit{Attempts: 10, Window: 30 * time.Minute, Lock: 30 * time.Minute}
	}
	if opts.CaptchaLimit == (Limit{}) {
		opts.CaptchaLimit = Limit{Attempts: 30, Window: 10 * time.Minute}
	}
	if opts.FactorLimit == (Limit{}) {
		opts.FactorLimit = Limit{Attempts: 10, Window: time.Hour, Lock: time.Hour}
	}
	if opts.RecoveryLimit == (Limit{}) {
		opts.RecoveryLimit = Limit{Attempts: 3, Window: time.Hour}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConcurrentHashes <= 0 {
		opts.MaxConcurrentHashes = 2 * runtime.GOMAXPROCS(0)
	}
	return &Service{db: d, sms: sms, opts: opts, now: opts.Now, log: opts.Logger,
		hashSlots: make(chan struct{}, opts.MaxConcurrentHashes), customers: customerCache{ttl: time.Second}}
}

// HashChecks is how many argon2 verifications this Service has run.
func (s *Service) HashChecks() int64 { return s.hashChecks.Load() }

// verify runs one argon2 verification and counts it.
func (s *Service) verify(encoded, secret string) (ok, rehash bool, err error) {
	s.hashChecks.Add(1)
	return s.opts.Params.verifyPassword(encoded, secret)
}

// dummyHash is verified when there is no real hash to check (unknown
// identifier, recovery details that do not match), so a refusal takes as
// long as a wrong password and timing does not tell whether an account
// exists.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		h, err := s.opts.Params.hashPassword(randomPassword(16))
		if err != nil {
			panic(err)
		}
		s.dummy = h
	})
	return s.dummy
}

func (s *Service) hash(secret string) (string, error) { return s.opts.Params.hashPassword(secret) }

// Client is who is at the other end of a request: the pages put it in the
// context (WithClient) so that audit entries get an address and a password
// change keeps the session it was made from.
type Client struct {
	IP        string
	UserAgent string
	SessionID int64
}

type clientKey struct{}

// WithClient returns ctx carrying the request's client.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

func clientOf(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}

// Actor is the staff member performing a back-office action.
type Actor struct {
	StaffID int64
	IP      string
}
