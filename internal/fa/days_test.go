package fa

import (
	"testing"
	"time"
)

// TestLastDays: the window ends with now's Tehran day (an instant after
// UTC midnight but before Tehran's belongs to the Tehran day), crosses a
// month end, and each bound is a Tehran midnight — 23 hours apart on the
// day the clocks went forward (1 Farvardin 1401, 2022-03-22).
func TestLastDays(t *testing.T) {
	// 1405/01/02 00:10 Tehran is 1405/01/01 20:40 UTC.
	now := time.Date(2026, 3, 21, 20, 40, 0, 0, time.UTC)
	days, bounds := LastDays(now, 3)
	want := []Date{{1404, 12, 29}, {1405, 1, 1}, {1405, 1, 2}}
	if len(days) != 3 || len(bounds) != 4 {
		t.Fatalf("days %v bounds %v", days, bounds)
	}
	for i := range want {
		if days[i] != want[i] {
			t.Errorf("day %d = %v, want %v", i, days[i], want[i])
		}
		if got := bounds[i].In(Tehran); got.Hour() != 0 || got.Minute() != 0 || JalaliOf(got) != want[i] {
			t.Errorf("bound %d = %v", i, got)
		}
	}
	if !bounds[2].Before(now) || !now.Before(bounds[3]) {
		t.Errorf("now %v is not in the last day [%v, %v)", now, bounds[2], bounds[3])
	}

	_, dst := LastDays(time.Date(2022, 3, 22, 12, 0, 0, 0, Tehran), 2)
	if h := dst[2].Sub(dst[1]); h != 23*time.Hour {
		t.Errorf("1 Farvardin 1401 is %v long, want 23h", h)
	}
	if d, b := LastDays(now, 0); d != nil || b != nil {
		t.Errorf("zero days: %v %v", d, b)
	}
}
