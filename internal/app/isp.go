package app

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/billing"
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
	sys.billing.RegisterOrderKind(billing.OrderKind{Kind: isp.KindOrder, Fulfil: s.Fulfiller(), BackURL: "/isp/renew"})
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

// startRadius runs the RADIUS server when NASes are configured, until
// ctx ends.
func startRadius(ctx context.Context, sys *system) error {
	cfg := sys.cfg
	clients, err := isp.ParseRadiusClients(cfg.RadiusClients)
	if err != nil {
		return fmt.Errorf("PISHKHAN_RADIUS_CLIENTS: %w", err)
	}
	if cfg.RadiusSecret == "" && len(clients) == 0 {
		return nil
	}
	if cfg.RadiusSecret != "" && !cfg.Demo {
		// One secret for every address lets anyone who learns it speak
		// for a NAS: each NAS gets its own.
		return errors.New("PISHKHAN_RADIUS_SECRET is for the demo only; list each NAS with its own secret in PISHKHAN_RADIUS_CLIENTS")
	}
	opts := isp.RadiusOptions{AuthAddr: cfg.RadiusAuthAddr, AcctAddr: cfg.RadiusAcctAddr,
		Secret: []byte(cfg.RadiusSecret), Clients: clients, Logger: sys.logger.With("component", "radius")}
	if cfg.RadSecAddr != "" {
		tc, err := radsecTLS(cfg.RadSecCert, cfg.RadSecKey, cfg.RadSecClientCA)
		if err != nil {
			return err
		}
		opts.RadSecAddr, opts.RadSecTLS = cfg.RadSecAddr, tc
	}
	r := sys.isp.NewRadiusServer(opts)
	if err := r.Listen(); err != nil {
		return err
	}
	sys.web.Registry().MustRegister(r.Collector())
	sys.logger.Info("RADIUS server listening", "auth", r.AuthAddr().String(), "acct", r.AcctAddr().String(), "radsec", cfg.RadSecAddr)
	go func() {
		if err := r.Serve(ctx); err != nil {
			sys.logger.Error("RADIUS server stopped", "err", err)
		}
	}()
	return nil
}

// radsecTLS is RadSec's TLS: the server's certificate, and every NAS
// must present its own certificate signed by the client CA.
func radsecTLS(certFile, keyFile, caFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("PISHKHAN_RADSEC_CERT/KEY: %w", err)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("PISHKHAN_RADSEC_CLIENT_CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("PISHKHAN_RADSEC_CLIENT_CA: no certificate in the file")
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MinVersion: tls.VersionTLS12}, nil
}
