package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"pishkhan/internal/config"
	"strings"
	"time"
)

// shutdownGrace is how long requests in flight may take to finish after
// SIGINT/SIGTERM before the server closes their connections.
const shutdownGrace = 25 * time.Second

func serve(ctx context.Context, args []string, env *environment) error {
	var demo bool
	var clock string
	cfg, err := loadConfig(args, env, "serve", "Run the customer portal and the background jobs.", func(fs *flag.FlagSet) {
		fs.BoolVar(&demo, "demo", false, "seed demo data (once) and print SMS to the console (PISHKHAN_DEMO)")
		fs.StringVar(&clock, "clock", "", "demo only: start the demo's clock at this Jalali time in Tehran, e.g. "+clockExample+", and let it run from there")
	})
	if err != nil {
		return err
	}
	cfg.Demo = cfg.Demo || demo
	if env, err = demoEnvironment(cfg, env, clock); err != nil {
		return err
	}
	logger := newLogger(cfg, env.stderr)
	// Libraries that log only through slog's default (zitadel's OIDC
	// provider) follow PISHKHAN_LOG_FORMAT and _LEVEL too.
	slog.SetDefault(logger)

	// Listen first: with port 0 the system picks the port, and the public
	// address (bank callbacks, the sandbox bank's page) must carry it.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	if cfg.BaseURL == "http://"+cfg.Addr && strings.HasSuffix(cfg.Addr, ":0") {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}

	d, runner, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	sys, err := build(cfg, logger, d, runner, env)
	if err != nil {
		d.Close()
		return err
	}
	defer sys.close()

	var offers []string
	if cfg.Demo {
		if offers, err = seedDemo(ctx, sys); err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		offers = append(offers, demoClockOffer(sys))
	}

	srv := &http.Server{
		Handler:           sys.web.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}

	jobsCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer stopJobs()
	if err := runner.Start(jobsCtx); err != nil {
		return err
	}

	if err := startRadius(jobsCtx, sys); err != nil {
		return err
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	printBanner(env, cfg.BaseURL, ln.Addr().String(), describe(d), offers)
	if cfg.PprofAddr != "" {
		// Go's profiler on an address of its own (keep it on loopback):
		// how an operator sees where a busy instance spends its time.
		go func() {
			mux := http.NewServeMux()
			mux.HandleFunc("/debug/pprof/", pprof.Index)
			mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
			mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
			srv := &http.Server{Addr: cfg.PprofAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
			logger.Info("profiler listening", "addr", cfg.PprofAddr, "err", srv.ListenAndServe())
		}()
	}
	for _, w := range testDoubleWarnings(cfg) {
		logger.Warn(w)
		fmt.Fprintf(env.stdout, "  warning: %s\n", w)
	}

	select {
	case err := <-serveErr:
		stopJobs()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	shutErr := srv.Shutdown(shutCtx)
	if err := runner.Stop(shutCtx); err != nil {
		logger.Warn("stop jobs", "err", err)
	}
	stopJobs()
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if shutErr != nil {
		return fmt.Errorf("shutdown: %w", shutErr)
	}
	fmt.Fprintln(env.stdout, "Pishkhan stopped.")
	return nil
}

// testDoubleWarnings names the embedded stand-ins still on outside the
// demo: fine on a laptop, wrong in production, where a test card would
// pay real orders and no SMS would leave.
func testDoubleWarnings(cfg *config.Config) []string {
	if cfg.Demo {
		return nil
	}
	var w []string
	if cfg.SandboxBank {
		w = append(w, "the sandbox bank is on: its test cards pay orders with no money behind them (PISHKHAN_SANDBOX_BANK=false in production)")
	}
	if cfg.SMSProvider == "" || cfg.SMSProvider == "outbox" {
		w = append(w, "SMS are kept in the outbox and not sent (PISHKHAN_SMS_PROVIDER=kavenegar in production)")
	}
	return w
}

func printBanner(env *environment, base, addr, engine string, offers []string) {
	fmt.Fprintf(env.stdout, "Pishkhan %s is serving on %s (%s database)\n", Version, addr, engine)
	fmt.Fprintf(env.stdout, "  customer portal:  %s/\n", base)
	fmt.Fprintf(env.stdout, "  sign-in:          %s/login\n", base)
	fmt.Fprintf(env.stdout, "  staff back office: %s/staff\n", base)
	fmt.Fprintf(env.stdout, "  health:           %s/healthz\n", base)
	fmt.Fprintf(env.stdout, "  metrics:          %s/metrics\n", base)
	for _, o := range offers {
		fmt.Fprintf(env.stdout, "  %s\n", o)
	}
}
