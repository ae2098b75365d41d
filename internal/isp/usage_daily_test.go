package isp

import (
	"context"
	"strconv"
	"testing"
	"time"

	"pishkhan/internal/fa"
)

// TestDailyUsageBucketsTehranDays sums each Tehran calendar day: a session
// begun at 23:50 and one at 00:10 Tehran time fall on the same UTC day
// but on two Jalali days; traffic before the 30 days is left out.
func TestDailyUsageBucketsTehranDays(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sub := e.subscriber(t)
		other := e.subscriber(t)
		e.clock.Set(at(1394, 11, 25, 12, 0))
		add := func(subID int64, when time.Time, down, up int64) {
			t.Helper()
			_, err := e.d.Exec(ctx, `INSERT INTO isp_usage (subscriber_id, nas, session_id, started_at, ended_at, updated_at, download, upload, deducted, ip)
				VALUES ($1, 'nas', $2, $3, $3, $3, $4, $5, 0, '')`, subID, strconv.FormatInt(when.UnixNano(), 10)+strconv.FormatInt(subID, 10), when, down, up)
			if err != nil {
				t.Fatal(err)
			}
		}
		add(sub.ID, at(1394, 11, 23, 23, 50), 100, 1)   // day 27 (two days ago)
		add(sub.ID, at(1394, 11, 24, 0, 10), 200, 2)    // day 28 (yesterday)
		add(sub.ID, at(1394, 11, 24, 18, 0), 300, 3)    // day 28 too
		add(sub.ID, at(1394, 11, 25, 11, 0), 400, 4)    // today, day 29
		add(sub.ID, at(1394, 10, 25, 23, 59), 9000, 9)  // 31 days back: out
		add(sub.ID, at(1394, 10, 26, 0, 0), 50, 5)      // first of the 30 days, day 0
		add(other.ID, at(1394, 11, 25, 10, 0), 7777, 7) // another subscriber's
		days, err := e.s.DailyUsage(ctx, sub.ID, 30)
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != 30 {
			t.Fatalf("%d days, want 30", len(days))
		}
		want := map[int]int64{0: 55, 27: 101, 28: 505, 29: 404}
		for i, d := range days {
			if d.Bytes != want[i] {
				t.Errorf("day %d (%s): %d bytes, want %d", i, d.Day, d.Bytes, want[i])
			}
		}
		if got := days[0].Day; got != (fa.Date{Year: 1394, Month: 10, Day: 26}) {
			t.Errorf("first day %v, want 1394/10/26", got)
		}
		if got := days[29].Day; got != (fa.Date{Year: 1394, Month: 11, Day: 25}) {
			t.Errorf("last day %v, want today 1394/11/25", got)
		}
	})
}
