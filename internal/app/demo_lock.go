package app

import (
	"context"
	"fmt"

	"pishkhan/internal/db"
)

// withDemoSeedLock runs fn holding a lock that every `serve --demo` (and
// `demo`) on the same database takes before seeding: two started together
// on one empty database would otherwise both find a customer missing and
// both create it, and the second would stop with national_code_taken. The
// second waits, then finds every seed recorded and seeds nothing.
//
// PostgreSQL: a session-level advisory lock on one pooled connection,
// keyed by the schema, so test schemas side by side do not wait for each
// other. SQLite: an exclusive lock on a file beside the database, which
// holds across processes and across handles in one process.
func withDemoSeedLock(ctx context.Context, sys *system, fn func() error) error {
	if sys.db.Engine() != db.Postgres {
		unlock, err := lockFile(ctx, db.SQLitePath(sys.cfg.DatabaseURL)+".demo-lock")
		if err != nil {
			return fmt.Errorf("demo seed lock: %w", err)
		}
		defer unlock()
		return fn()
	}
	conn, err := sys.db.PgxPool().Acquire(ctx)
	if err != nil {
		return fmt.Errorf("demo seed lock: %w", err)
	}
	defer conn.Release()
	const key = "SELECT hashtext('pishkhan demo seed ' || current_schema())"
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(("+key+"))"); err != nil {
		return fmt.Errorf("demo seed lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(("+key+"))")
	return fn()
}
