package isp

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// DayUsage is one Tehran calendar day's traffic (download + upload) of
// the sessions that began that day — the day the usage table files a
// session under.
type DayUsage struct {
	Day   fa.Date
	Bytes int64
}

// DailyUsage returns the traffic of each of the last days days, today
// included, oldest first, one entry per day (zero when nothing was used).
//
// Days are Asia/Tehran calendar days. Their bounds are computed in Go and
// sent as parameters, and the database only compares started_at with
// them in a CASE, so one query serves SQLite (which has no time zones)
// and PostgreSQL alike and walks the (subscriber_id, started_at) index.
func (s *Service) DailyUsage(ctx context.Context, subscriberID int64, days int) ([]DayUsage, error) {
	if days <= 0 {
		return nil, nil
	}
	dates, bounds := fa.LastDays(s.now(), days) // bounds[i] starts day i
	out := make([]DayUsage, days)
	for i, d := range dates {
		out[i].Day = d
	}
	var q strings.Builder
	args := []any{subscriberID}
	q.WriteString("SELECT CASE")
	for i := 1; i < days; i++ {
		args = append(args, bounds[i])
		fmt.Fprintf(&q, " WHEN started_at < $%d THEN %d", len(args), i-1)
	}
	fmt.Fprintf(&q, " ELSE %d END AS day, COALESCE(SUM(download + upload), 0) FROM isp_usage WHERE subscriber_id = $1", days-1)
	args = append(args, bounds[0], bounds[days])
	q.WriteString(" AND started_at >= $" + strconv.Itoa(len(args)-1) + " AND started_at < $" + strconv.Itoa(len(args)) + " GROUP BY 1")
	type sum struct {
		day   int
		bytes int64
	}
	rows, err := db.All(ctx, s.db, func(r db.Scanner) (sum, error) {
		var x sum
		return x, r.Scan(&x.day, &x.bytes)
	}, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("isp: daily usage: %w", err)
	}
	for _, r := range rows {
		if r.day >= 0 && r.day < days {
			out[r.day].Bytes += r.bytes
		}
	}
	return out, nil
}
