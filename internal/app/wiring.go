package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/dchest/captcha"

	"pishkhan/internal/area"
	"pishkhan/internal/billing"
	"pishkhan/internal/cards"
	"pishkhan/internal/config"
	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
	"pishkhan/internal/isp"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
	"pishkhan/internal/otp"
	"pishkhan/internal/signup"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
	"pishkhan/internal/welfare"
)

// schemas lists every component's tables; Migrate orders them by what
// each requires.
func schemas() []*db.Schema {
	return []*db.Schema{web.Schema, notify.Schema, identity.Schema, billing.Schema, billing.SandboxSchema, support.Schema, otp.Schema, cards.Schema, isp.Schema, idp.Schema, signup.Schema, welfare.Schema, Schema}
}

// system is one running Pishkhan: every service, built from settings.
type system struct {
	cfg      *config.Config
	logger   *slog.Logger
	db       *db.DB
	jobs     *jobs.Runner
	sms      *notify.Service
	identity *identity.Service
	billing  *billing.Service
	cards    *cards.Service
	isp      *isp.Service
	otp      *otp.Service
	sandbox  *billing.Sandbox
	support  *support.Service
	sso      *ssoParts
	areas    []area.Descriptor // the enabled areas (PISHKHAN_AREAS), in menu order
	welfare  *welfare.Service
	web      *web.Server
	brand    *web.BrandStore
	now      func() time.Time
	clock    *demoClock // the demo's movable clock behind now (serve --demo); nil otherwise
}

func loadConfig(args []string, env *environment, name, summary string, extra func(fs *flag.FlagSet)) (*config.Config, error) {
	cfg, err := config.FromEnv(env.getenv)
	if err != nil {
		return nil, err
	}
	fs := newFlags(name, summary, env)
	cfg.Bind(fs)
	if extra != nil {
		extra(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if err := cfg.Finish(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openDatabase opens and migrates the database (Pishkhan's tables and the
// job queue's).
func openDatabase(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*db.DB, *jobs.Runner, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	applied, err := d.Migrate(ctx, schemas()...)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	for _, m := range applied {
		logger.Info("migration applied", "migration", m)
	}
	runner := jobs.New(d, logger.With("component", "jobs"))
	// River's migrations take no lock of their own: run them under ours,
	// so instances of a new version starting together do not race.
	if err := d.WithMigrationLock(ctx, func() error { return runner.Migrate(ctx) }); err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, runner, nil
}

// build makes every service on an open database.
func build(cfg *config.Config, logger *slog.Logger, d *db.DB, runner *jobs.Runner, env *environment) (*system, error) {
	console := env.stdout
	sys := &system{cfg: cfg, logger: logger, db: d, jobs: runner, now: env.now}
	sys.clock = env.clock

	var provider notify.Provider
	switch cfg.SMSProvider {
	case "kavenegar":
		k, err := notify.NewKavenegar(notify.KavenegarConfig{APIKey: cfg.KavenegarAPIKey, Sender: cfg.KavenegarSender, BaseURL: cfg.KavenegarBaseURL})
		if err != nil {
			return nil, err
		}
		provider = k
	default:
		out := &notify.Outbox{}
		if cfg.Demo {
			out.Console = console
		}
		provider = out
	}
	sys.sms = notify.New(d, runner, provider, logger.With("component", "sms"), sys.now)
	brand, err := newBrandStore(cfg, d, sys.now)
	if err != nil {
		return nil, err
	}
	sys.brand = brand
	sys.sms.UseSignature(brandSignature(brand))

	w, err := web.NewServer(web.Options{
		Brand:          brand,
		DB:             d,
		Logger:         logger.With("component", "web"),
		SecretKey:      cfg.SecretKey,
		SecureCookies:  cfg.SecureCookies(),
		MaxBodyBytes:   cfg.MaxBodyBytes,
		SessionIdle:    cfg.SessionIdle,
		SessionMax:     cfg.SessionMax,
		TrustedProxies: cfg.TrustedProxies,
		Now:            sys.now,
	})
	if err != nil {
		return nil, err
	}
	sys.web = w

	sys.identity = identity.New(d, sys.sms, identity.Options{
		InitialPasswordTTL:     cfg.InitialPasswordTTL,
		RandomInitialPasswords: cfg.RandomInitialPasswords,
		AddressLimit:           identity.Limit{Attempts: cfg.AddressAttempts, Window: 30 * time.Minute, Lock: 30 * time.Minute},
		EndSessions: func(ctx context.Context, q db.Querier, kind string, id, keep int64) error {
			_, err := w.Sessions.DestroyAll(ctx, q, kind, id, keep)
			return err
		},
		Now:    sys.now,
		Logger: logger.With("component", "identity"),
	})
	// Captcha answers live in the database so that any instance can check
	// a captcha another one drew. The captcha package keeps its store in a
	// package variable; this program has one database, so that is fine.
	captchas := identity.NewCaptchaStore(d, logger.With("component", "captcha"), sys.now, 10*time.Minute)
	captcha.SetCustomStore(captchas)

	sys.billing = billing.New(d, billing.Options{Now: sys.now, Logger: logger.With("component", "billing"), Seller: billing.Seller{
		Name: cfg.SellerName, NationalID: cfg.SellerNationalID, EconomicCode: cfg.SellerEconomicCode, Address: cfg.SellerAddress},
		SellerName: brandSeller(brand)})
	// Each area's secrets get a key of their own, derived from the server
	// key, so that one area's key opens nothing of another's.
	sys.otp = otp.New(d, sys.sms, otp.Options{Key: subkey(cfg.SecretKey, "otp"), Now: sys.now, Logger: logger.With("component", "otp")})
	// Staff sign in with an authenticator code after the password.
	sys.identity.UseStaffTwoFactor(sys.otp)
	if sys.clock != nil {
		// Authenticator apps run on the phone's real time, not the demo's.
		sys.otp.UsePhoneClock(sys.clock.real)
	}
	sys.cards, err = cards.New(d, sys.identity, cards.Options{Key: subkey(cfg.SecretKey, "cards"), BIN: cfg.CardBIN, Dynamic: sys.otp, Now: sys.now, Logger: logger.With("component", "cards")})
	if err != nil {
		return nil, err
	}
	// The card issuer refuses to pay installments with the credit they are owed to.
	sys.cards.UsePaymentOrders(sys.billing)

	// The sandbox bank asks Pishkhan's card area about Pishkhan's cards.
	sandbox := billing.NewSandbox(d, cfg.BaseURL, cfg.SellerName, sys.now, sys.cards)
	sandbox.BoundCaptchas(sys.identity) // its page's captchas count against the address's allowance
	sandbox.MerchantName = brandSeller(brand)
	if cfg.SandboxBank {
		sys.billing.AddGateway(sandbox)
	}
	if cfg.ZarinpalMerchantID != "" {
		zp, err := billing.NewZarinpal(billing.ZarinpalConfig{MerchantID: cfg.ZarinpalMerchantID, Sandbox: cfg.ZarinpalSandbox, BaseURL: cfg.ZarinpalBaseURL})
		if err != nil {
			return nil, fmt.Errorf("PISHKHAN_ZARINPAL_MERCHANT_ID: %w", err)
		}
		sys.billing.AddGateway(zp)
	}
	sys.billing.RegisterFulfiller(billing.KindWalletTopUp, sys.billing.TopUpFulfiller())
	sys.billing.Register(runner)
	sys.sandbox = sandbox

	sys.support = support.New(d, sys.identity, sys.sms, support.Options{Now: sys.now, Logger: logger.With("component", "support")})
	sys.welfare = welfare.New(sys.db, sys.identity, sys.sms, sys.otp, welfare.Options{Now: sys.now, Logger: sys.logger.With("component", "welfare")})
	if sys.isp, err = isp.New(sys.db, sys.billing, sys.sms, isp.Options{Key: subkey(cfg.SecretKey, "isp"), Now: sys.now,
		Logger: sys.logger.With("component", "isp"), Identity: sys.identity}); err != nil {
		return nil, err
	}
	w.Registry().MustRegister(newOperationsCollector(d, runner, sys.sms, sys.now))
	if err := buildSSO(sys); err != nil {
		return nil, err
	}
	// Every area's service is built (areas share customers, and a later
	// switch-on needs no data move); only the enabled areas' descriptors
	// are registered: their order kinds, jobs, support audiences, and in
	// routes their pages and menus.
	if sys.areas, err = area.Select(areaDescriptors(sys), cfg.Areas); err != nil {
		return nil, err
	}
	registerAreas(sys)
	if err := routes(sys); err != nil {
		return nil, err
	}
	jobs.Register(runner, &cleanupWorker{sessions: w.Sessions, identity: sys.identity, captchas: captchas})
	runner.Every("cleanup", time.Hour, func() river.JobArgs { return cleanupArgs{} })
	if err := runner.Open(); err != nil {
		return nil, err
	}
	return sys, nil
}

func (s *system) close() {
	if err := s.db.Close(); err != nil {
		s.logger.Warn("close database", "err", err)
	}
}

func describe(d *db.DB) string {
	if d.Engine() == db.Postgres {
		return "PostgreSQL"
	}
	return "SQLite"
}
