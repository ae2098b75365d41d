package app

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"pishkhan/internal/config"
	"pishkhan/internal/fa"
)

// demoClock is the demo's clock: real time shifted by an offset, so that
// `serve --demo --clock "1403/12/29 23:55"` starts at that Tehran time and
// runs on from there, and an admin can move it forward from the back
// office (/staff/demo) to see the 72-hour opening, the return of credit
// on the 8th, the grace week and the expiry SMS at once. Every service
// reads it (system.now); the phones' authenticator apps and single sign-on
// keep real time (UsePhoneClock, ssoNow).
//
// The offset is this process's: a second instance on the same database
// keeps its own.
type demoClock struct {
	real   func() time.Time
	offset atomic.Int64 // nanoseconds added to real
}

func newDemoClock(real func() time.Time, start time.Time) *demoClock {
	c := &demoClock{real: real}
	if !start.IsZero() {
		c.offset.Store(int64(start.Sub(real())))
	}
	return c
}

// Now is the demo's time.
func (c *demoClock) Now() time.Time { return c.real().Add(time.Duration(c.offset.Load())) }

// Advance moves the demo's time forward by d.
func (c *demoClock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// clockExample is how --clock is written, for the help and the errors.
const clockExample = `"1403/12/29 23:55"`

// parseDemoClock reads --clock: a Jalali date and a 24-hour time in
// Tehran, "1403/12/29 23:55" (seconds optional, the time too: midnight),
// in Persian, Arabic-Indic or Latin digits.
func parseDemoClock(s string) (time.Time, error) {
	bad := fmt.Errorf("--clock %q: not a Jalali date and time in Tehran; write it like %s (year/month/day hour:minute)", s, clockExample)
	parts := strings.Fields(fa.NormalizeInput(s))
	if len(parts) == 0 || len(parts) > 2 {
		return time.Time{}, bad
	}
	d, err := fa.ParseDate(parts[0])
	if err != nil {
		return time.Time{}, bad
	}
	var hms [3]int
	if len(parts) == 2 {
		fields := strings.Split(parts[1], ":")
		if len(fields) < 2 || len(fields) > 3 {
			return time.Time{}, bad
		}
		limits := [3]int{23, 59, 59}
		for i, f := range fields {
			n, err := strconv.Atoi(f)
			if err != nil || len(f) > 2 || f[0] == '+' || f[0] == '-' || n < 0 || n > limits[i] {
				return time.Time{}, bad
			}
			hms[i] = n
		}
	}
	day := d.Time(fa.Tehran)
	return time.Date(day.Year(), day.Month(), day.Day(), hms[0], hms[1], hms[2], 0, fa.Tehran), nil
}

// demoEnvironment puts the demo's clock under every service: in the demo
// (with --clock, starting at that time), env with its now replaced;
// outside it, env unchanged, and --clock refused, since a real
// deployment's rules must run on the real time.
func demoEnvironment(cfg *config.Config, env *environment, clock string) (*environment, error) {
	if !cfg.Demo {
		if clock != "" {
			return nil, fmt.Errorf("--clock is for the demo only: add --demo (a real deployment runs on the real time)")
		}
		return env, nil
	}
	var start time.Time
	if clock != "" {
		var err error
		if start, err = parseDemoClock(clock); err != nil {
			return nil, err
		}
	}
	c := newDemoClock(env.now, start)
	shifted := *env
	shifted.now, shifted.clock = c.Now, c
	return &shifted, nil
}

// ssoNow is the clock of single sign-on: the provider's OIDC library
// stamps ID tokens and computes expires_in with the real time, whatever
// clock its storage is given, so in a demo on a moved clock both the
// provider and the portal's check of its tokens keep real time (a token
// would otherwise be born expired, or never expire).
func ssoNow(sys *system) func() time.Time {
	if sys.clock != nil {
		return sys.clock.real
	}
	return sys.now
}
