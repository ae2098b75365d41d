package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/db"
)

// Schedule is one periodic job as Every registered it.
type Schedule struct {
	ID       string
	Interval time.Duration
	args     func() river.JobArgs
}

// Kind is the kind of job the schedule inserts.
func (s Schedule) Kind() string { return s.args().Kind() }

// Schedules lists the periodic jobs, in the order they were added.
func (r *Runner) Schedules() []Schedule { return append([]Schedule(nil), r.schedules...) }

// ErrNoSchedule is RunNow's answer for an id Every never registered.
var ErrNoSchedule = errors.New("jobs: no such schedule")

// RunNow queues the periodic job id at once, inside tx (nil: on its own),
// besides its schedule: the demo's back office uses it to show what a
// nightly or hourly job does without waiting for it. It carries no unique
// option, because the schedule's own run of this period (unique by period)
// has usually happened already and would swallow it.
func (r *Runner) RunNow(ctx context.Context, tx *db.Tx, id string) error {
	for _, s := range r.schedules {
		if s.ID == id {
			return r.Insert(ctx, tx, s.args(), nil)
		}
	}
	return fmt.Errorf("%w: %q", ErrNoSchedule, id)
}

// LastRun is the newest job of one kind: its state and when it was made
// and finished (zero while not finished), by River's own clock.
type LastRun struct {
	Kind       string
	State      string
	CreatedAt  time.Time
	FinishedAt time.Time
}

// LastRuns returns the newest job of each of kinds that has any.
func (r *Runner) LastRuns(ctx context.Context, kinds []string) (map[string]LastRun, error) {
	out := map[string]LastRun{}
	for _, k := range kinds {
		var lr LastRun
		var finished *time.Time
		err := r.db.QueryRow(ctx, "SELECT kind, state, created_at, finalized_at FROM river_job WHERE kind = $1 ORDER BY id DESC LIMIT 1", k).
			Scan(&lr.Kind, &lr.State, &lr.CreatedAt, &finished)
		if errors.Is(err, db.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("jobs: last run of %s: %w", k, err)
		}
		if finished != nil {
			lr.FinishedAt = *finished
		}
		out[k] = lr
	}
	return out, nil
}
