package app

import (
	"context"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/db/dbtest"
)

// buildDemoSystem builds a system on databaseURL with the settings of
// `serve --demo`, as a second instance would.
func buildDemoSystem(t *testing.T, dir, databaseURL string) *system {
	t.Helper()
	return buildDemoSystemAt(t, dir, databaseURL, "")
}

// buildDemoSystemAt is buildDemoSystem with `--clock clock` ("" none).
func buildDemoSystemAt(t *testing.T, dir, databaseURL, clock string) *system {
	t.Helper()
	ctx := context.Background()
	env := &environment{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: time.Now}
	cfg, err := loadConfig([]string{"--data-dir", dir, "--database-url", databaseURL}, env, "serve", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Demo = true
	if env, err = demoEnvironment(cfg, env, clock); err != nil {
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
	t.Cleanup(sys.close)
	return sys
}

// Two demo servers started together on one empty database both seed
// without error (the second used to stop with national_code_taken), and
// the data is there once: on SQLite (two handles on one file) and on a
// fresh PostgreSQL schema.
func TestDemoSeedsConcurrentlyOnce(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			url := filepath.Join(dir, "p.db")
			if engine == "postgres" {
				url = dbtest.PostgresURL(t)
			}
			a, b := buildDemoSystem(t, dir, url), buildDemoSystem(t, dir, url)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			start := make(chan struct{})
			for i, sys := range []*system{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = seedDemo(context.Background(), sys)
				}()
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("seeder %d: %v", i+1, err)
				}
			}
			ctx := context.Background()
			count := func(q string, args ...any) int {
				t.Helper()
				var n int
				if err := a.db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			for _, c := range demoCustomers {
				if n := count("SELECT COUNT(*) FROM customers WHERE national_code = $1", c.nationalCode); n != 1 {
					t.Errorf("customer %s: %d rows", c.nationalCode, n)
				}
			}
			if n := count("SELECT COUNT(*) FROM demo_seeds"); n != len(demoSeeds()) {
				t.Errorf("%d seeds recorded, want %d", n, len(demoSeeds()))
			}
			if n := count("SELECT COUNT(*) FROM support_announcements"); n != 2 {
				t.Errorf("%d announcements, want 2", n)
			}
			if n := count("SELECT COUNT(*) FROM sms_outbox WHERE reason = $1", "پیام خوش‌آمد نسخه نمایشی"); n != 1 {
				t.Errorf("%d welcome SMS, want 1", n)
			}
			if n := count("SELECT COUNT(*) FROM staff"); n != len(demoStaff) {
				t.Errorf("%d staff, want %d", n, len(demoStaff))
			}
		})
	}
}
