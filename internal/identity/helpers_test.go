package identity

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
)

// testParams keep argon2 cheap in tests; production uses DefaultParams.
var testParams = Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var schemas = []*db.Schema{Schema}

type ended struct {
	kind     string
	id, keep int64
}

type env struct {
	s     *Service
	d     *db.DB
	sms   *notify.Service
	clock *fatest.Clock
	mu    sync.Mutex
	ended []ended
}

func (e *env) endedSessions() []ended {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]ended(nil), e.ended...)
}

func newEnv(t *testing.T, d *db.DB, tweak func(*Options)) *env {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	runner := jobs.New(d, logger)
	sms := notify.New(d, runner, &notify.Outbox{}, logger, nil)
	if err := runner.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := runner.Open(); err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, sms: sms, clock: fatest.NewClock(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC))}
	opts := Options{Params: testParams, Now: e.clock.Now, Logger: logger,
		EndSessions: func(ctx context.Context, q db.Querier, kind string, id, keep int64) error {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.ended = append(e.ended, ended{kind, id, keep})
			return nil
		}}
	if tweak != nil {
		tweak(&opts)
	}
	e.s = New(d, sms, opts)
	return e
}

// nationalCode completes nine digits with their check digit.
var nationalCode = fatest.NationalCode

func (e *env) customer(t *testing.T, in NewCustomer) *Customer {
	t.Helper()
	c, err := e.s.CreateCustomer(context.Background(), Actor{StaffID: 1, IP: "10.0.0.1"}, in)
	if err != nil {
		t.Fatalf("create customer %+v: %v", in, err)
	}
	return c
}

// setUp takes a new customer through the forced change, so the customer
// has a chosen password.
func (e *env) setUp(t *testing.T, c *Customer, password string) {
	t.Helper()
	if err := e.s.ChangePassword(context.Background(), c.ID, "", password, password); err != nil {
		t.Fatalf("set password: %v", err)
	}
}

func wantCode(t *testing.T, err error, want *fa.Error) *fa.Error {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got error %v, want %s", err, want.Code)
	}
	var e *fa.Error
	errors.As(err, &e)
	return e
}

func (e *env) auditActions(t *testing.T, f AuditFilter) map[string]int {
	t.Helper()
	f.Limit = 200
	entries, _, err := e.s.AuditLog(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, a := range entries {
		out[a.Action]++
	}
	return out
}

const strongPassword = "Kavir-Lut-1402x"
