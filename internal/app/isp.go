package app

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"pishkhan/internal/isp"
)

// startRadius runs the RADIUS server when NASes are configured, until
// ctx ends.
func startRadius(ctx context.Context, sys *system) error {
	if !sys.enabled(isp.Key) {
		return nil // no ISP, no network access to grant
	}
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
