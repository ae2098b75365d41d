// Package jobs runs Pishkhan's queued and scheduled work (sending SMS now;
// restoring credit, expiry notices and penalties later) on River, a job
// queue that keeps its jobs in the application's own database.
//
// Why River: jobs are rows in the same database as the data they act on,
// so an area inserts a job inside the transaction that makes it necessary
// (an SMS is queued only if the ticket answer that causes it commits);
// several instances share the queue, each job is worked by one of them,
// failed jobs are retried with back-off, and periodic jobs are scheduled
// by the one elected leader, so they run once across instances.
//
// River's client is typed by the engine's transaction (*sql.Tx for SQLite,
// pgx.Tx for PostgreSQL); Runner hides that so areas see one API.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"pishkhan/internal/db"
)

// Runner owns the River client for one database.
type Runner struct {
	db       *db.DB
	logger   *slog.Logger
	workers  *river.Workers
	periodic []*river.PeriodicJob
	// PollInterval is how often idle workers look for new jobs; SQLite and
	// this setup poll rather than LISTEN, so it bounds the pick-up delay.
	PollInterval time.Duration

	schedules []Schedule // the periodic jobs, in the order Every added them

	sqlite *river.Client[*sql.Tx]
	pg     *river.Client[pgx.Tx]
	start  func(context.Context) error
	stop   func(context.Context) error
	insert func(ctx context.Context, tx *db.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// New returns a runner with no workers yet; register them with Register
// and Every, then Open (and Start, in the server).
func New(d *db.DB, logger *slog.Logger) *Runner {
	return &Runner{db: d, logger: logger, workers: river.NewWorkers(), PollInterval: 500 * time.Millisecond}
}

// Register adds a worker for one kind of job.
func Register[T river.JobArgs](r *Runner, w river.Worker[T]) {
	river.AddWorker(r.workers, w)
}

// Every schedules a job every interval (on the elected leader only). id
// names the schedule so that it stays unique.
func (r *Runner) Every(id string, interval time.Duration, args func() river.JobArgs) {
	r.schedules = append(r.schedules, Schedule{ID: id, Interval: interval, args: args})
	r.periodic = append(r.periodic, river.NewPeriodicJob(
		river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) {
			// Unique per period: if two leaders overlap during a hand-over,
			// the second insert for the same period is dropped.
			return args(), &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: interval}}
		},
		&river.PeriodicJobOpts{ID: id, RunOnStart: true},
	))
}

// Migrate creates or upgrades River's own tables.
func (r *Runner) Migrate(ctx context.Context) error {
	var err error
	switch r.db.Engine() {
	case db.SQLite:
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riversqlite.New(r.db.SQLDB()), nil); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	case db.Postgres:
		var m *rivermigrate.Migrator[pgx.Tx]
		if m, err = rivermigrate.New(riverpgxv5.New(r.db.PgxPool()), nil); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	}
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// Open builds the River client. After Open, jobs can be inserted; they are
// worked once Start is called (by this process or another instance).
func (r *Runner) Open() error {
	cfg := &river.Config{
		Logger:            r.logger,
		Workers:           r.workers,
		PeriodicJobs:      r.periodic,
		FetchPollInterval: r.PollInterval,
		FetchCooldown:     50 * time.Millisecond,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 8}},
		JobTimeout:        2 * time.Minute,
		MaxAttempts:       10,
	}
	var err error
	switch r.db.Engine() {
	case db.SQLite:
		r.sqlite, err = river.NewClient(riversqlite.New(r.db.SQLDB()), cfg)
		if err == nil {
			c := r.sqlite
			r.start, r.stop = c.Start, c.Stop
			r.insert = func(ctx context.Context, tx *db.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
				if tx == nil {
					return c.Insert(ctx, args, opts)
				}
				return c.InsertTx(ctx, tx.SQLTx(), args, opts)
			}
		}
	case db.Postgres:
		r.pg, err = river.NewClient(riverpgxv5.New(r.db.PgxPool()), cfg)
		if err == nil {
			c := r.pg
			r.start, r.stop = c.Start, c.Stop
			r.insert = func(ctx context.Context, tx *db.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
				if tx == nil {
					return c.Insert(ctx, args, opts)
				}
				return c.InsertTx(ctx, tx.PgxTx(), args, opts)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("jobs: open: %w", err)
	}
	return nil
}

// Start begins working jobs until ctx is cancelled or Stop is called.
func (r *Runner) Start(ctx context.Context) error {
	if r.start == nil {
		return errors.New("jobs: Start before Open")
	}
	if err := r.start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop waits for running jobs to finish, or for ctx to end.
func (r *Runner) Stop(ctx context.Context) error {
	if r.stop == nil {
		return nil
	}
	return r.stop(ctx)
}

// Insert queues a job inside tx, so it exists only if tx commits. With a
// nil tx the job is inserted on its own.
func (r *Runner) Insert(ctx context.Context, tx *db.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	if r.insert == nil {
		return errors.New("jobs: Insert before Open")
	}
	if _, err := r.insert(ctx, tx, args, opts); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// JobCount is how many jobs of a kind are in a state.
type JobCount struct {
	Kind, State string
	N           int64
}

// Backlog counts the jobs not finished (every state but completed and
// cancelled) by kind and state: what /metrics reports as pishkhan_jobs.
func (r *Runner) Backlog(ctx context.Context) ([]JobCount, error) {
	out, err := db.All(ctx, r.db, func(row db.Scanner) (JobCount, error) {
		var c JobCount
		return c, row.Scan(&c.Kind, &c.State, &c.N)
	}, "SELECT kind, state, COUNT(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled') GROUP BY kind, state")
	if err != nil {
		return nil, fmt.Errorf("jobs: backlog: %w", err)
	}
	return out, nil
}
