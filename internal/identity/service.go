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
	// recovery page and every other anonymous page that draws one
	// ({30, 10m, 0}: a plain rate limit; NewCaptcha).
	CaptchaLimit Limit
	// RandomInitialPasswords: accounts created from the back office get a
	// random initial password by SMS instead of the national code (the
	// operator's choice, PISHKHAN_INITIAL_PASSWORDS=random).
	RandomInitialPasswords bool
	// MaxConcurrentHashes bounds argon2id computations running at once
	// (default one per core): the memory cap under a burst of sign-ins.
	// Each holds Params.Memory (19 MiB) and a core while it runs; more
	// than the cores adds no throughput, and twice the cores measured a
	// burst of 64 sign-ins at 248 MiB resident where one per core keeps it
	// under the 250 MB goal (BenchmarkSignIn, docs/benchmarks.md).
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

	// hashSlots bounds how many argon2id computations run at once
	// (withHashSlot). Each takes 19 MiB for its duration and one core;
	// running more than the cores can serve adds no throughput, only
	// memory, so a burst of 64 sign-ins queues here instead of taking
	// 1.2 GiB (BenchmarkSignIn's unbounded burst).
	hashSlots chan struct{}
	// hashesRunning and hashesPeak count the argon2id computations inside
	// a slot now and at most, so a test can hold the cap to account.
	hashesRunning, hashesPeak atomic.Int64
	// hashHook, when set (tests only), runs inside every slot before the
	// computation.
	hashHook func()

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
		opts.MaxConcurrentHashes = runtime.GOMAXPROCS(0)
	}
	return &Service{db: d, sms: sms, opts: opts, now: opts.Now, log: opts.Logger,
		hashSlots: make(chan struct{}, opts.MaxConcurrentHashes), customers: customerCache{ttl: time.Second}}
}

// HashChecks is how many argon2 verifications this Service has run.
func (s *Service) HashChecks() int64 { return s.hashChecks.Load() }

// verify runs one argon2 verification, in a hash slot, and counts it.
func (s *Service) verify(ctx context.Context, encoded, secret string) (ok, rehash bool, err error) {
	s.hashChecks.Add(1)
	if err := s.withHashSlot(ctx, func() { ok, rehash, err = s.opts.Params.verifyPassword(encoded, secret) }); err != nil {
		return false, false, err
	}
	return ok, rehash, err
}

// dummyHash is verified when there is no real hash to check (unknown
// identifier, recovery details that do not match, an initial password
// that is the national code), so a refusal takes as long as a wrong
// password and timing does not tell whether an account exists.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		var err error
		// Not the caller's context: the hash is made once for every caller.
		if werr := s.withHashSlot(context.Background(), func() { s.dummy, err = s.opts.Params.hashPassword(randomPassword(16)) }); werr != nil {
			err = werr
		}
		if err != nil {
			panic(err)
		}
	})
	return s.dummy
}

// hash makes a new argon2id hash, in a hash slot.
func (s *Service) hash(ctx context.Context, secret string) (h string, err error) {
	if werr := s.withHashSlot(ctx, func() { h, err = s.opts.Params.hashPassword(secret) }); werr != nil {
		return "", werr
	}
	return h, err
}

// withHashSlot runs f, one argon2id computation, once a slot is free:
// every hash and verification goes through here, so at most
// MaxConcurrentHashes × Params.Memory is held by argon2 at once, however
// many sign-ins arrive together. A caller whose request ends while it
// queues gives up its place.
func (s *Service) withHashSlot(ctx context.Context, f func()) error {
	select {
	case s.hashSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.hashSlots }()
	n := s.hashesRunning.Add(1)
	defer s.hashesRunning.Add(-1)
	for p := s.hashesPeak.Load(); n > p && !s.hashesPeak.CompareAndSwap(p, n); p = s.hashesPeak.Load() {
	}
	if s.hashHook != nil {
		s.hashHook()
	}
	f()
	return nil
}

// HashesPeak is the most argon2id computations this Service has run at
// once (never above MaxConcurrentHashes).
func (s *Service) HashesPeak() int64 { return s.hashesPeak.Load() }

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
