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
