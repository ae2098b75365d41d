package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/isp"
	"pishkhan/internal/jobs"
)

// buildISP makes the ISP subscriber panel: its service, the billing
// fulfiller of its orders and the hourly sweep of its time rules.
func buildISP(sys *system) error {
	s, err := isp.New(sys.db, sys.billing, sys.sms, isp.Options{Key: subkey(sys.cfg.SecretKey, "isp"), Now: sys.now,
		Logger: sys.logger.With("component", "isp"), Identity: sys.identity})
	if err != nil {
		return err
	}
	sys.isp = s
	sys.billing.RegisterFulfiller(isp.KindOrder, s.Fulfiller())
	jobs.Register(sys.jobs, &ispSweepWorker{sys: sys})
	sys.jobs.Every("isp_sweep", time.Hour, func() river.JobArgs { return ispSweepArgs{} })
	return nil
}

// ispContact gives the notices' recipient.
func ispContact(sys *system) isp.Contact {
	return func(ctx context.Context, customerID int64) (string, string, error) {
		c, err := sys.identity.Customer(ctx, customerID)
		if err != nil {
			return "", "", err
		}
		return c.Mobile, c.FullName(), nil
	}
}

type ispSweepArgs struct{}

func (ispSweepArgs) Kind() string { return "isp_sweep" }

type ispSweepWorker struct {
	river.WorkerDefaults[ispSweepArgs]
	sys *system
}

func (w *ispSweepWorker) Work(ctx context.Context, _ *river.Job[ispSweepArgs]) error {
	return w.sys.isp.Sweep(ctx, ispContact(w.sys))
}

// startRadius runs the RADIUS server when a secret is configured, until
// ctx ends.
func startRadius(ctx context.Context, sys *system) error {
	cfg := sys.cfg
	clients := map[string][]byte{}
	for _, part := range strings.Split(cfg.RadiusClients, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		ip, secret, ok := strings.Cut(part, "=")
		if !ok || strings.TrimSpace(ip) == "" || secret == "" {
			return fmt.Errorf("PISHKHAN_RADIUS_CLIENTS: %q is not ip=secret", part)
		}
		clients[strings.TrimSpace(ip)] = []byte(secret)
	}
	if cfg.RadiusSecret == "" && len(clients) == 0 {
		return nil
	}
	r := sys.isp.NewRadiusServer(isp.RadiusOptions{AuthAddr: cfg.RadiusAuthAddr, AcctAddr: cfg.RadiusAcctAddr,
		Secret: []byte(cfg.RadiusSecret), Clients: clients, Logger: sys.logger.With("component", "radius")})
	if err := r.Listen(); err != nil {
		return err
	}
	sys.logger.Info("RADIUS server listening", "auth", r.AuthAddr().String(), "acct", r.AcctAddr().String())
	go func() {
		if err := r.Serve(ctx); err != nil {
			sys.logger.Error("RADIUS server stopped", "err", err)
		}
	}()
	return nil
}
