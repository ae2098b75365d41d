package fa

import "time"

// LastDays are the last n Tehran calendar days up to and including now's,
// oldest first, with their bounds: days[i] runs from bounds[i] up to, not
// including, bounds[i+1] (len(bounds) == n+1). Daily charts bucket
// instants by these bounds in SQL, so both engines agree without time
// zone support in the database. A day is 23 or 25 hours long when its
// clocks moved.
func LastDays(now time.Time, n int) (days []Date, bounds []time.Time) {
	if n <= 0 {
		return nil, nil
	}
	today := JalaliOf(now)
	days = make([]Date, n)
	bounds = make([]time.Time, n+1)
	for i := range bounds {
		// Date.Time normalises an out-of-range day the way time.Date
		// does, so today.Day-k is k days before today.
		start := Date{Year: today.Year, Month: today.Month, Day: today.Day + 1 - n + i}.Time(Tehran)
		bounds[i] = start
		if i < n {
			days[i] = JalaliOf(start)
		}
	}
	return days, bounds
}
