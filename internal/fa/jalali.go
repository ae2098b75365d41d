package fa

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	// The zone database is embedded so that Tehran time is correct on hosts
	// and containers (distroless, scratch, Alpine without the tzdata package)
	// that have no /usr/share/zoneinfo. It costs about 450 KB of binary.
	// The system database still wins when present, so hosts keep getting
	// zone updates from their OS.
	_ "time/tzdata"

	ptime "github.com/yaa110/go-persian-calendar"
)

// Tehran is the Asia/Tehran location. Every Jalali date and time this
// package shows or parses is in Tehran time, whatever the server's TZ is:
// a date printed on an Iranian portal is the date in Iran.
//
// Iran observed daylight saving time until 1401 (2022); the real zone
// database is used rather than a fixed +03:30 offset (which is what
// ptime.Iran() silently falls back to) so that older timestamps are shown
// with the offset that applied at the time.
var Tehran = loadTehran()

func loadTehran() *time.Location {
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		// Unreachable with time/tzdata linked in. Failing loudly beats a
		// fixed-offset fallback that would shift old summer times by an hour.
		panic("fa: loading Asia/Tehran: " + err.Error())
	}
	return loc
}

const (
	// minCalendarYear and maxCalendarYear bound the years in which
	// go-persian-calendar's arithmetic leap-year rule (a plain 33-year
	// cycle) agrees with the official, astronomically defined calendar as
	// computed by the reference jalaali/Borkowski algorithm. Outside them
	// the two drift apart by a day now and then, so such dates are not
	// reported as Valid. TestLeapYearsMatchReference checks this range.
	minCalendarYear = 1178
	maxCalendarYear = 1633

	// minInputYear and maxInputYear are the years ParseDate accepts from a
	// user (1921–2121 CE). Anything outside is a typo or a Gregorian year
	// typed into a Jalali field ("2024/03/20"), and rejecting it beats
	// storing a date 621 years off.
	minInputYear = 1300
	maxInputYear = 1500
)

// Date is a day in the Jalali (Solar Hijri) calendar, the official
// calendar of Iran. Month is 1 (Farvardin) to 12 (Esfand).
//
// It deliberately has no time or zone: birth dates and due dates are
// calendar days, and carrying an instant around for them invites
// off-by-one-day bugs at midnight.
type Date struct {
	Year, Month, Day int
}

// String returns the date as "1403/01/05": year/month/day, zero-padded,
// with Latin digits, the form used in storage, logs and URLs. Use
// Digits(d.String()) or [FormatDate] for display.
func (d Date) String() string {
	return fmt.Sprintf("%04d/%02d/%02d", d.Year, d.Month, d.Day)
}

// Valid reports whether d names a real day: month 1..12, day within that
// month (Esfand has 30 days only in leap years), and a year in which the
// calendar library is known to agree with the official calendar (1178–1633).
func (d Date) Valid() bool {
	if d.Year < minCalendarYear || d.Year > maxCalendarYear {
		return false
	}
	return d.Day >= 1 && d.Day <= DaysInMonth(d.Year, d.Month)
}

// Time returns the first instant of day d in loc (nil means [Tehran]).
//
// That is usually 00:00, but not always: until 1401 Iran started daylight
// saving time at midnight, so on those days the clock jumped from 00:00 to
// 01:00 and 01:00 is the first instant; in 1357 clocks once fell back across
// midnight, so 00:00 happened twice and the first one is returned.
//
// Out-of-range months and days are normalised the way time.Date does it
// (1403/07/31 is 1403/08/01), which lets callers do day arithmetic; for
// dates that are not Valid the result is otherwise unspecified.
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = Tehran
	}
	// Let the library convert the first of the (normalised) month, and let
	// time.Date add the days; ptime.Date itself clamps or wraps
	// out-of-range days in ways that differ from time.Date.
	m0 := d.Month - 1
	y := d.Year + floorDiv(m0, 12)
	m := floorMod(m0, 12) + 1
	first := ptime.Date(y, ptime.Month(m), 1, 12, 0, 0, 0, time.UTC).Time()
	return startOfDay(first.Year(), first.Month(), first.Day()+d.Day-1, loc)
}

// startOfDay returns the first instant of the given Gregorian day in loc.
//
// time.Date alone is not enough. When midnight falls in a gap (clocks
// jumped forward at 00:00, as Tehran's did when DST began) it returns the
// first instant after the gap, which is right. But when clocks fell back
// across midnight, 00:00 happens twice, and time.Date may return either
// occurrence: on 1978-08-05 Tehran went from 01:00 +05 back to 00:00 +04,
// and time.Date picks 00:00 +04, an hour after the day really began. So if
// the offset just before the result was larger, check whether the earlier
// occurrence of midnight is the same day and use it.
func startOfDay(year int, month time.Month, day int, loc *time.Location) time.Time {
	t := time.Date(year, month, day, 0, 0, 0, 0, loc)
	_, offset := t.Zone()
	if _, before := t.Add(-time.Nanosecond).Zone(); before > offset {
		earlier := t.Add(-time.Duration(before-offset) * time.Second)
		ty, tm, td := t.Date()
		ey, em, ed := earlier.Date()
		if ey == ty && em == tm && ed == td && earlier.Hour() == 0 && earlier.Minute() == 0 && earlier.Second() == 0 {
			return earlier
		}
	}
	return t
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// UTC avoids any daylight-saving gap; the weekday of a date does not
	// depend on the zone.
	return d.Time(time.UTC).Weekday()
}

// AddMonths returns d moved by n months (n may be negative), with the day
// clamped to the length of the target month: 1403/06/31 + 1 month is
// 1403/07/30, and 1403/12/30 + 12 months is 1404/12/29. This is what
// people mean by "one month later" for instalments and subscriptions,
// unlike time.AddDate which would spill into the following month.
func (d Date) AddMonths(n int) Date {
	total := d.Year*12 + (d.Month - 1) + n
	y, m := floorDiv(total, 12), floorMod(total, 12)+1
	day := d.Day
	if dim := DaysInMonth(y, m); day > dim {
		day = dim
	}
	return Date{Year: y, Month: m, Day: day}
}

// IsLeap reports whether the Jalali year has 366 days (Esfand 30).
//
// The rule is go-persian-calendar's: year y is leap when (25y+11) mod 33 < 8,
// the arithmetic 33-year cycle. It gives 1399, 1403 and 1408 as leap years
// and 1400–1402, 1404–1407 as common ones, matching the official calendar.
// The library's own rule is used (rather than a copy) so leap years always
// agree with the library's date conversions.
func IsLeap(year int) bool {
	return ptime.Date(year, ptime.Esfand, 1, 12, 0, 0, 0, time.UTC).IsLeap()
}

// DaysInMonth returns the number of days in the given Jalali month: 31 for
// Farvardin–Shahrivar, 30 for Mehr–Bahman, and 29 for Esfand (30 in leap
// years). It returns 0 for a month outside 1..12.
func DaysInMonth(year, month int) int {
	switch {
	case month >= 1 && month <= 6:
		return 31
	case month >= 7 && month <= 11:
		return 30
	case month == 12:
		if IsLeap(year) {
			return 30
		}
		return 29
	}
	return 0
}

// MonthName returns the Persian name of month m (1 = فروردین … 12 = اسفند),
// or "" when m is out of range. (ptime.Month.String would silently clamp
// 0 to فروردین and 13 to اسفند, hiding bugs.)
func MonthName(m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	return ptime.Month(m).String()
}

// WeekdayName returns the Persian name of w, e.g. "یک‌شنبه" for Sunday, or
// "" when w is out of range. Compound names are spelt with a ZERO WIDTH
// NON-JOINER (U+200C) between the parts (یک‌شنبه, سه‌شنبه, پنج‌شنبه): this
// is the standard orthography and the library's spelling; without it "یک"
// and "شنبه" would be drawn joined.
func WeekdayName(w time.Weekday) string {
	if w < time.Sunday || w > time.Saturday {
		return ""
	}
	// The Iranian week starts on Saturday: ptime.Shanbeh is 0.
	return ptime.Weekday((int(w) + 1) % 7).String()
}

// JalaliOf returns the Jalali date of instant t in Tehran.
//
// For instants before the year 1097 CE the library returns its zero value
// and so does JalaliOf (Date{}), which is not Valid; the portal never deals
// in such dates.
func JalaliOf(t time.Time) Date {
	p := ptime.New(t.In(Tehran))
	y, m, d := p.Date()
	return Date{Year: y, Month: int(m), Day: d}
}

// FormatDate shows the Jalali date of t in Tehran with Persian digits:
// "۱۴۰۳/۰۱/۰۵". The zero time.Time, which stands for "not set", gives "".
//
// In right-to-left text the digits and slashes form a single number run,
// so the year stays on the left as Iranians expect; no bidi marks needed.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Digits(JalaliOf(t).String())
}

// FormatDateTime is FormatDate followed by the 24-hour Tehran time:
// "۱۴۰۳/۰۱/۰۵ ۱۴:۰۹". The zero time.Time gives "".
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(Tehran)
	return Digits(fmt.Sprintf("%s %02d:%02d", JalaliOf(lt), lt.Hour(), lt.Minute()))
}

// FormatLongDate writes the date the way Iranian sites show today's date in
// their header: weekday, day, month name, year — "یک‌شنبه ۲۵ بهمن ۱۳۹۴".
// The day is not zero-padded, as in ordinary Persian prose. The zero
// time.Time gives "".
func FormatLongDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(Tehran)
	d := JalaliOf(lt)
	return WeekdayName(lt.Weekday()) + " " +
		Digits(strconv.Itoa(d.Day)) + " " +
		MonthName(d.Month) + " " +
		Digits(strconv.Itoa(d.Year))
}

// ParseDate reads a Jalali date typed by a user: "1369/08/17",
// "۱۳۶۹/۰۸/۱۷", "1369-8-17", "1369.8.17" or "13690817", with any digit
// script and surrounding spaces. The year must have four digits and lie in
// 1300..1500; the month and day must exist (Esfand 30 only in leap years).
// The same separator must be used twice, so "1369/08-17" is rejected as the
// likely typo it is.
func ParseDate(s string) (Date, error) {
	s = NormalizeInput(s)

	var parts []string
	if i := strings.IndexAny(s, "/-."); i >= 0 {
		parts = strings.Split(s, s[i:i+1])
	} else if len(s) == 8 {
		parts = []string{s[:4], s[4:6], s[6:]}
	}
	if len(parts) != 3 {
		return Date{}, ErrDate
	}

	y, ok1 := parseDigits(parts[0], 4, 4)
	m, ok2 := parseDigits(parts[1], 1, 2)
	d, ok3 := parseDigits(parts[2], 1, 2)
	date := Date{Year: y, Month: m, Day: d}
	if !ok1 || !ok2 || !ok3 || y < minInputYear || y > maxInputYear || !date.Valid() {
		return Date{}, ErrDate
	}
	return date, nil
}

// parseDigits parses s, after trimming spaces, as an unsigned decimal of
// minLen..maxLen ASCII digits. strconv.Atoi alone would also accept signs.
func parseDigits(s string, minLen, maxLen int) (int, bool) {
	s = strings.TrimFunc(s, isEdgeSpace)
	if len(s) < minLen || len(s) > maxLen || !AllDigits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// floorDiv and floorMod divide rounding towards negative infinity, so that
// month arithmetic works for negative offsets (Go's / and % truncate).
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int {
	return a - floorDiv(a, b)*b
}
