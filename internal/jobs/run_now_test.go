package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/jobs"
)

// RunNow works a periodic job again in the same period, although the
// schedule's own run of that period is unique by period; LastRuns shows
// it finished; an unknown schedule is refused.
func TestRunNowWorksAPeriodicJobAgainInItsPeriod(t *testing.T) {
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		w := &tickWorker{ran: make(chan struct{}, 10)}
		r := jobs.New(d, slog.New(slog.DiscardHandler))
		r.PollInterval = 50 * time.Millisecond
		jobs.Register(r, w)
		r.Every("tick", time.Hour, func() river.JobArgs { return tickArgs{} })
		if err := r.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := r.Open(); err != nil {
			t.Fatal(err)
		}
		if s := r.Schedules(); len(s) != 1 || s[0].ID != "tick" || s[0].Interval != time.Hour || s[0].Kind() != "test_tick" {
			t.Fatalf("schedules: %+v", s)
		}
		if runs, err := r.LastRuns(ctx, []string{"test_tick"}); err != nil || len(runs) != 0 {
			t.Fatalf("before any run: %v %v", runs, err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stopCtx, c := context.WithTimeout(context.Background(), 10*time.Second)
			_ = r.Stop(stopCtx)
			c()
		}()
		wait := func(what string) {
			t.Helper()
			select {
			case <-w.ran:
			case <-time.After(30 * time.Second):
				t.Fatalf("%s never ran", what)
			}
		}
		wait("the scheduled run")
		if err := d.InTx(ctx, func(tx *db.Tx) error { return r.RunNow(ctx, tx, "tick") }); err != nil {
			t.Fatal(err)
		}
		wait("the run asked for now")
		if err := r.RunNow(ctx, nil, "nightly"); !errors.Is(err, jobs.ErrNoSchedule) {
			t.Fatalf("unknown schedule: %v", err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			runs, err := r.LastRuns(ctx, []string{"test_tick", "test_none"})
			if err != nil {
				t.Fatal(err)
			}
			lr, ok := runs["test_tick"]
			if ok && lr.State == "completed" && !lr.FinishedAt.IsZero() && len(runs) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("last runs: %+v", runs)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}
