// Package fatest is the test kit of Pishkhan's time and people: the one
// test clock every service reads in tests, the Jalali days tests start on,
// and national codes with a valid check digit.
package fatest

import (
	"sync"
	"time"

	"pishkhan/internal/fa"
)

// Clock is a test's time, safe for concurrent use. A clock made by
// NewClock stands still (so a boundary such as 29:59 is exact) and moves
// only by Set and Advance; one made by Running runs on with real time and
// Set and Advance move it from there. The zero Clock stands at the zero
// time. Pass its Now method as a service's clock.
type Clock struct {
	mu      sync.Mutex
	t       time.Time
	running bool
	since   time.Time // real time when t was read off a running clock
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Running is a clock that runs with real time, starting now; Advance moves
// it ahead (a 72-hour wait is not slept through).
func Running() *Clock {
	now := time.Now()
	return &Clock{t: now, running: true, since: now}
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return c.t.Add(time.Since(c.since))
	}
	return c.t
}

// Set puts the clock at t (a running clock runs on from t).
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
	c.since = time.Now()
}

// Advance moves the clock by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// At is noon in Tehran on the Jalali day y/m/d.
func At(y, m, d int) time.Time { return AtTime(y, m, d, 12, 0) }

// AtTime is hh:mm in Tehran on the Jalali day y/m/d.
func AtTime(y, m, d, hh, mm int) time.Time {
	return fa.Date{Year: y, Month: m, Day: d}.Time(fa.Tehran).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// NationalCode completes nine ASCII digits with their check digit.
func NationalCode(first9 string) string {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(first9[i]-'0') * (10 - i)
	}
	c := sum % 11
	if c >= 2 {
		c = 11 - c
	}
	return first9 + string(rune('0'+c))
}
