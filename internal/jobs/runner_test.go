package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/jobs"
)

type noteArgs struct {
	Note string `json:"note"`
}

func (noteArgs) Kind() string { return "test_note" }

type noteWorker struct {
	river.WorkerDefaults[noteArgs]
	mu   sync.Mutex
	seen []string
	done chan string
}

func (w *noteWorker) Work(ctx context.Context, job *river.Job[noteArgs]) error {
	w.mu.Lock()
	w.seen = append(w.seen, job.Args.Note)
	w.mu.Unlock()
	w.done <- job.Args.Note
	return nil
}

func newRunner(t *testing.T, d *db.DB, w *noteWorker) *jobs.Runner {
	t.Helper()
	r := jobs.New(d, slog.New(slog.DiscardHandler))
	r.PollInterval = 50 * time.Millisecond
	jobs.Register(r, w)
	if err := r.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.Open(); err != nil {
		t.Fatal(err)
	}
	return r
}

// A job inserted in a transaction exists only if that transaction commits,
// and a job inserted before any worker runs is worked after a restart.
func TestJobsFollowTheirTransactionAndSurviveRestart(t *testing.T) {
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := &noteWorker{done: make(chan string, 10)}

		// First "process": inserts but never starts working.
		first := newRunner(t, d, w)
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return first.Insert(ctx, tx, noteArgs{Note: "committed"}, nil)
		}); err != nil {
			t.Fatal(err)
		}
		rolledBack := errors.New("roll back")
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := first.Insert(ctx, tx, noteArgs{Note: "rolled back"}, nil); err != nil {
				return err
			}
			return rolledBack
		}); !errors.Is(err, rolledBack) {
			t.Fatal(err)
		}

		// Second "process" after a restart works what the first left.
		second := newRunner(t, d, w)
		runCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		if err := second.Start(runCtx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stopCtx, c := context.WithTimeout(context.Background(), 10*time.Second)
			defer c()
			_ = second.Stop(stopCtx)
		}()
		select {
		case note := <-w.done:
			if note != "committed" {
				t.Fatalf("worked %q", note)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the committed job was never worked")
		}
		// Give the rolled-back job every chance to appear; it must not.
		if err := second.Insert(ctx, nil, noteArgs{Note: "marker"}, nil); err != nil {
			t.Fatal(err)
		}
		select {
		case note := <-w.done:
			if note != "marker" {
				t.Fatalf("worked %q, which was rolled back", note)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the marker job was never worked")
		}
	})
}

type tickArgs struct{}

func (tickArgs) Kind() string { return "test_tick" }

type tickWorker struct {
	river.WorkerDefaults[tickArgs]
	ran chan struct{}
}

func (w *tickWorker) Work(ctx context.Context, job *river.Job[tickArgs]) error {
	w.ran <- struct{}{}
	return nil
}

// Two instances on one database schedule the same periodic job; it runs
// once, because only the elected leader schedules and the insert is
// unique per period.
func TestPeriodicJobRunsOnceAcrossInstances(t *testing.T) {
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		w := &tickWorker{ran: make(chan struct{}, 10)}
		var runners []*jobs.Runner
		for range 2 {
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
			if err := r.Start(ctx); err != nil {
				t.Fatal(err)
			}
			runners = append(runners, r)
		}
		defer func() {
			for _, r := range runners {
				stopCtx, c := context.WithTimeout(context.Background(), 10*time.Second)
				_ = r.Stop(stopCtx)
				c()
			}
		}()
		select {
		case <-w.ran:
		case <-time.After(30 * time.Second):
			t.Fatal("the periodic job never ran")
		}
		// Both instances have had time to elect, schedule and poll.
		select {
		case <-w.ran:
			t.Fatal("the periodic job ran twice in one period")
		case <-time.After(3 * time.Second):
		}
	})
}
