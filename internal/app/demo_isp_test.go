package app

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

// TestSeedDemoISP seeds the ISP demo twice and checks the guide's box and
// the change example's figures.
func TestSeedDemoISP(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := &environment{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: time.Now}
	cfg, err := loadConfig([]string{"--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")}, env, "serve", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	logger := newLogger(cfg, io.Discard)
	d, runner, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	sys, err := build(cfg, logger, d, runner, env)
	if err != nil {
		d.Close()
		t.Fatal(err)
	}
	defer sys.close()
	if err := seedDemoCustomers(ctx, sys); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := seedDemoISP(ctx, sys); err != nil {
			t.Fatal(err)
		}
	}
	found, _, err := sys.identity.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: demoISPSubscriber, Limit: 1})
	if err != nil || len(found) != 1 {
		t.Fatal(found, err)
	}
	sub, err := sys.isp.Current(ctx, found[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if isp.DaysLeft(sub.EndsAt, time.Now()) != 26 || isp.GB(sub.TrafficLeft) != "۴.۲۴ گیگابایت" {
		t.Fatalf("box: %d days, %s", isp.DaysLeft(sub.EndsAt, time.Now()), isp.GB(sub.TrafficLeft))
	}
	// The guide's line number signs its subscriber in.
	if id, err := sys.identity.ResolveIdentifier(ctx, demoISPLineNumber); err != nil || id != found[0].ID {
		t.Fatalf("line number %s resolves to %d, %v", demoISPLineNumber, id, err)
	}
	found, _, _ = sys.identity.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: demoISPChangeCustomer, Limit: 1})
	ex, err := sys.isp.Current(ctx, found[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if q := sys.isp.QuoteChange(ex); q.Remaining != 1_928_767 || q.DaysLeft != 352 {
		t.Fatalf("change example: %+v", q)
	}
}
