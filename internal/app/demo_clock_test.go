package app

import (
	"io"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/config"
)

func TestParseDemoClock(t *testing.T) {
	esfand29 := time.Date(2025, 3, 19, 20, 25, 0, 0, time.UTC) // 1403/12/29 23:55 in Tehran (+03:30)
	for in, want := range map[string]time.Time{
		"1403/12/29 23:55":          esfand29,
		"۱۴۰۳/۱۲/۲۹ ۲۳:۵۵":          esfand29,
		"  1403/12/29   23:55  ":    esfand29,
		"1403-12-29 23:55:30":       esfand29.Add(30 * time.Second),
		"١٤٠٣/١٢/٢٩ ٢٣:٥٥":          esfand29,
		"1403/12/30 00:00":          time.Date(2025, 3, 19, 20, 30, 0, 0, time.UTC), // 1403 is a leap year
		"1404/01/08":                time.Date(2025, 3, 27, 20, 30, 0, 0, time.UTC), // midnight of the 8th
		"1404/01/07 23:55":          time.Date(2025, 3, 27, 20, 25, 0, 0, time.UTC),
		"1403/12/29 9:05":           esfand29.Add(-(14*time.Hour + 50*time.Minute)),
		"۱۴۰۳/۱۲/۲۹ ۰۰:۰۰:۰۰":       time.Date(2025, 3, 18, 20, 30, 0, 0, time.UTC),
		"1403/12/29 23:59:59":       esfand29.Add(4*time.Minute + 59*time.Second),
		"1403/1/5 12:00":            time.Date(2024, 3, 24, 8, 30, 0, 0, time.UTC),
		"1403/12/29\u00a023:55":     esfand29, // a no-break space pasted from a document
		"1403/12/29 23:55:00\u200c": esfand29,
	} {
		got, err := parseDemoClock(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v, want %v", in, got.UTC(), err, want)
		}
	}
	for _, in := range []string{"", "tomorrow", "1403/13/01 10:00", "1404/12/30 10:00", "1403/12/29 24:00", "1403/12/29 23:60",
		"1403/12/29 23", "1403/12/29 23:55 PM", "1403/12/29T23:55", "1403/12/29 -1:55", "1403/12/29 +1:55", "1403/12/29 23:55:60",
		"1403/12/29 123:55", "2025/03/19 23:55", "1403/12/29 ۲۳:۵۵:"} {
		if got, err := parseDemoClock(in); err == nil {
			t.Errorf("%q accepted as %v", in, got)
		} else if !strings.Contains(err.Error(), clockExample) {
			t.Errorf("%q: the error does not show how to write it: %v", in, err)
		}
	}
}

// The demo's clock starts at --clock and runs with real time; Advance
// moves it on, and real time keeps running under it.
func TestDemoClockRunsFromItsStart(t *testing.T) {
	real := time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC)
	c := newDemoClock(func() time.Time { return real }, time.Date(2025, 3, 19, 20, 25, 0, 0, time.UTC))
	if got := c.Now(); !got.Equal(time.Date(2025, 3, 19, 20, 25, 0, 0, time.UTC)) {
		t.Fatalf("start: %v", got)
	}
	real = real.Add(10 * time.Minute)
	if got := c.Now(); !got.Equal(time.Date(2025, 3, 19, 20, 35, 0, 0, time.UTC)) {
		t.Fatalf("after 10 real minutes: %v", got)
	}
	c.Advance(3 * 24 * time.Hour)
	real = real.Add(time.Minute)
	if got := c.Now(); !got.Equal(time.Date(2025, 3, 22, 20, 36, 0, 0, time.UTC)) {
		t.Fatalf("after advancing 3 days: %v", got)
	}
	if unset := newDemoClock(func() time.Time { return real }, time.Time{}); !unset.Now().Equal(real) {
		t.Fatalf("without --clock the demo runs on real time: %v", unset.Now())
	}
}

// --clock is refused outside the demo and when malformed; in the demo it
// replaces the environment's clock, which build hands to every service.
func TestDemoEnvironment(t *testing.T) {
	realNow := time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC)
	env := &environment{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: func() time.Time { return realNow }}
	if _, err := demoEnvironment(&config.Config{}, env, "1403/12/29 23:55"); err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Fatalf("outside the demo: %v", err)
	}
	if got, err := demoEnvironment(&config.Config{}, env, ""); err != nil || got != env {
		t.Fatalf("outside the demo without --clock: %v", err)
	}
	if _, err := demoEnvironment(&config.Config{Demo: true}, env, "1403/12/32 23:55"); err == nil || !strings.Contains(err.Error(), "1403/12/32") {
		t.Fatalf("malformed: %v", err)
	}
	got, err := demoEnvironment(&config.Config{Demo: true}, env, "۱۴۰۳/۱۲/۲۹ ۲۳:۵۵")
	if err != nil || got.clock == nil || !got.now().Equal(time.Date(2025, 3, 19, 20, 25, 0, 0, time.UTC)) || env.clock != nil {
		t.Fatalf("in the demo: %v %v", got, err)
	}
	got, err = demoEnvironment(&config.Config{Demo: true}, env, "")
	if err != nil || got.clock == nil || !got.now().Equal(realNow) {
		t.Fatalf("the demo without --clock: %v %v", got, err)
	}
}

// The desk's «جلو بردن ساعت» amount: any digits, within the limits,
// hours or days; anything else gets a Persian message.
func TestDemoAdvanceAmount(t *testing.T) {
	for _, c := range []struct {
		amount, unit string
		want         time.Duration
		problem      string
	}{
		{"۳", "day", 72 * time.Hour, ""},
		{"12", "hour", 12 * time.Hour, ""},
		{"٤٠٠", "day", 400 * 24 * time.Hour, ""},
		{"744", "hour", 744 * time.Hour, ""},
		{"0", "day", 0, "تعداد روز باید عددی از ۱ تا ۴۰۰ باشد."},
		{"401", "day", 0, "تعداد روز باید عددی از ۱ تا ۴۰۰ باشد."},
		{"745", "hour", 0, "تعداد ساعت باید عددی از ۱ تا ۷۴۴ باشد."},
		{"-2", "hour", 0, "تعداد ساعت باید عددی از ۱ تا ۷۴۴ باشد."},
		{"99999999999999999999", "day", 0, "تعداد روز باید عددی از ۱ تا ۴۰۰ باشد."},
		{"سه", "day", 0, "تعداد روز باید عددی از ۱ تا ۴۰۰ باشد."},
		{"3", "week", 0, "واحد را انتخاب کنید: ساعت یا روز."},
	} {
		d, problem := demoAdvanceAmount(c.amount, c.unit)
		if d != c.want || problem != c.problem {
			t.Errorf("%q %s: %v %q, want %v %q", c.amount, c.unit, d, problem, c.want, c.problem)
		}
	}
	if got := demoShift(626*24*time.Hour + 17*time.Hour + 54*time.Minute); got != "۶۲۶ روز و ۱۷ ساعت" {
		t.Errorf("shift: %q", got)
	}
	if got := demoShift(-(2*time.Hour + 5*time.Minute)); got != "۲ ساعت و ۵ دقیقه" {
		t.Errorf("shift: %q", got)
	}
}
