package isp

import (
	"context"

	"pishkhan/internal/db"
)

// For the external benchmarks: the engine's unforced plan of the usage
// query, and whether it walks the index.
func UsagePlan(ctx context.Context, d *db.DB, f UsageFilter) (string, error) {
	return usagePlan(ctx, d, f, false)
}

var PlanUsesIndex = planUsesIndex

// BackfillLineNumbers runs the migration that gives lines registered
// earlier their sign-in number.
func BackfillLineNumbers(ctx context.Context, tx *db.Tx) error {
	body, err := migrations.ReadFile("migrations/0002_line_numbers.sql")
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, string(body))
	return err
}
