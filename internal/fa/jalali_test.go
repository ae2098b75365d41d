package fa

import (
	"errors"
	"testing"
	"time"
)

func TestTehranIsTheRealZone(t *testing.T) {
	if Tehran == nil || Tehran.String() != "Asia/Tehran" {
		t.Fatalf("Tehran = %v", Tehran)
	}
	// A fixed +03:30 fallback would get summer 2020 wrong: Iran was on
	// daylight saving time (+04:30) then, and abolished it from 2023.
	for _, tt := range []struct {
		utc  time.Time
		want int
	}{
		{time.Date(2020, 6, 1, 12, 0, 0, 0, time.UTC), 4*3600 + 1800},
		{time.Date(2020, 12, 1, 12, 0, 0, 0, time.UTC), 3*3600 + 1800},
		{time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC), 3*3600 + 1800},
	} {
		if _, off := tt.utc.In(Tehran).Zone(); off != tt.want {
			t.Errorf("offset at %v = %d, want %d", tt.utc, off, tt.want)
		}
	}
}

func tehran(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, Tehran)
}

func TestKnownConversions(t *testing.T) {
	tests := []struct {
		g       time.Time
		want    Date
		weekday time.Weekday
	}{
		{tehran(2016, 2, 14, 12, 0), Date{1394, 11, 25}, time.Sunday},
		{tehran(2020, 3, 20, 12, 0), Date{1399, 1, 1}, time.Friday},
		{tehran(2025, 3, 21, 12, 0), Date{1404, 1, 1}, time.Friday},
		{tehran(2025, 3, 20, 12, 0), Date{1403, 12, 30}, time.Thursday}, // leap day
		{tehran(2024, 3, 20, 0, 0), Date{1403, 1, 1}, time.Wednesday},
		{tehran(1990, 11, 8, 0, 0), Date{1369, 8, 17}, time.Thursday},
	}
	for _, tt := range tests {
		got := JalaliOf(tt.g)
		if got != tt.want {
			t.Errorf("JalaliOf(%v) = %v, want %v", tt.g, got, tt.want)
		}
		if wd := tt.want.Weekday(); wd != tt.weekday {
			t.Errorf("%v.Weekday() = %v, want %v", tt.want, wd, tt.weekday)
		}
		start := tt.want.Time(Tehran)
		y, m, d := tt.g.Date()
		if sy, sm, sd := start.Date(); sy != y || sm != m || sd != d || start.Hour() != 0 {
			t.Errorf("%v.Time(Tehran) = %v, want start of %v", tt.want, start, tt.g)
		}
	}
}

func TestJalaliOfUsesTehranNotTheInstantsZone(t *testing.T) {
	// 21:00 UTC on 20 March 2025 is already 00:30 on 21 March in Tehran:
	// Nowruz 1404, whatever zone the server or the time value is in.
	utc := time.Date(2025, 3, 20, 21, 0, 0, 0, time.UTC)
	if got := JalaliOf(utc); got != (Date{1404, 1, 1}) {
		t.Fatalf("JalaliOf(%v) = %v, want 1404/01/01", utc, got)
	}
	if got := FormatDateTime(utc); got != "۱۴۰۴/۰۱/۰۱ ۰۰:۳۰" {
		t.Fatalf("FormatDateTime = %q", got)
	}
}

func TestLeapYears(t *testing.T) {
	leap := map[int]bool{
		1395: true, 1396: false, 1397: false, 1398: false,
		1399: true, 1400: false, 1401: false, 1402: false,
		1403: true, 1404: false, 1405: false, 1406: false, 1407: false,
		1408: true, 1409: false,
	}
	for y, want := range leap {
		if got := IsLeap(y); got != want {
			t.Errorf("IsLeap(%d) = %v, want %v", y, got, want)
		}
		wantDays := 29
		if want {
			wantDays = 30
		}
		if got := DaysInMonth(y, 12); got != wantDays {
			t.Errorf("DaysInMonth(%d, 12) = %d, want %d", y, got, wantDays)
		}
		// The library's leap rule must agree with its own conversions:
		// the day after the last day of Esfand is Nowruz.
		last := Date{y, 12, wantDays}.Time(time.UTC)
		if next := JalaliOf(last.Add(36 * time.Hour)); next != (Date{y + 1, 1, 1}) {
			t.Errorf("day after %d/12/%d is %v", y, wantDays, next)
		}
	}
}

// referenceIsLeap is an independent implementation of the leap-year rule
// of the official calendar, as computed by the widely used jalaali-js
// (Borkowski) algorithm with its table of 33/29/37-year cycle breaks. It is
// here only to pin down the range in which go-persian-calendar's simpler
// rule can be trusted.
func referenceIsLeap(jy int) bool {
	breaks := []int{-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178}
	jp := breaks[0]
	jump := 0
	for _, jm := range breaks[1:] {
		jump = jm - jp
		if jy < jm {
			break
		}
		jp = jm
	}
	n := jy - jp
	if jump-n < 6 {
		n = n - jump + (jump+4)/33*33
	}
	leap := ((n+1)%33 - 1) % 4
	if leap == -1 {
		leap = 4
	}
	return leap == 0
}

func TestLeapYearsMatchReference(t *testing.T) {
	for y := minCalendarYear; y <= maxCalendarYear; y++ {
		if IsLeap(y) != referenceIsLeap(y) {
			t.Errorf("year %d: library leap=%v, reference=%v", y, IsLeap(y), referenceIsLeap(y))
		}
	}
	// Just outside the range they really do disagree; that is why Valid
	// stops there. If a library upgrade fixes this, widen the range.
	for _, y := range []int{minCalendarYear - 1, maxCalendarYear + 1} {
		if IsLeap(y) == referenceIsLeap(y) {
			t.Errorf("year %d: expected library and reference to disagree", y)
		}
	}
}

func TestEveryDayRoundTrips(t *testing.T) {
	// Walk every day of every year the portal accepts from users and check
	// that Date → time → Date is the identity and that days are
	// consecutive. This covers the DST years, when midnight did not exist
	// on the first day of summer time.
	prev := Date{minInputYear - 1, 12, DaysInMonth(minInputYear-1, 12)}.Time(Tehran)
	for y := minInputYear; y <= maxInputYear; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= DaysInMonth(y, m); d++ {
				date := Date{y, m, d}
				start := date.Time(Tehran)
				if got := JalaliOf(start); got != date {
					t.Fatalf("JalaliOf(%v.Time()) = %v", date, got)
				}
				if got := JalaliOf(start.Add(-time.Nanosecond)); got == date {
					t.Fatalf("%v.Time() = %v is not the first instant of the day", date, start)
				}
				if h := start.Sub(prev).Hours(); h < 23 || h > 25 {
					t.Fatalf("%v starts %v hours after the previous day", date, h)
				}
				// Usually 00:00; 01:00 when DST began at midnight, and
				// 00:04:16 on 1314/03/22 when Tehran moved from local mean
				// time (+03:25:44) to +03:30.
				if start.Hour() > 1 {
					t.Fatalf("%v.Time() = %v", date, start)
				}
				prev = start
			}
		}
	}
}

func TestDateTimeDSTMidnight(t *testing.T) {
	// On 2 Farvardin 1399 (21 March 2020) Tehran clocks jumped from 00:00
	// to 01:00; the day's first instant is 01:00 +0430.
	start := Date{1399, 1, 2}.Time(Tehran)
	if !start.Equal(time.Date(2020, 3, 20, 20, 30, 0, 0, time.UTC)) || start.Hour() != 1 {
		t.Errorf("start of 1399/01/02 = %v, want 01:00 +0430", start)
	}

	// On 14 Mordad 1357 (5 August 1978) clocks fell back from 01:00 +05 to
	// 00:00 +04, so midnight happened twice; the day began at the first.
	start = Date{1357, 5, 14}.Time(Tehran)
	if !start.Equal(time.Date(1978, 8, 4, 19, 0, 0, 0, time.UTC)) {
		t.Errorf("start of 1357/05/14 = %v (%v UTC), want 19:00 UTC", start, start.UTC())
	}
}

func TestDateTimeNormalises(t *testing.T) {
	tests := []struct{ in, want Date }{
		{Date{1403, 7, 31}, Date{1403, 8, 1}},
		{Date{1404, 12, 30}, Date{1405, 1, 1}}, // 1404 is not leap
		{Date{1403, 13, 1}, Date{1404, 1, 1}},
		{Date{1403, 0, 1}, Date{1402, 12, 1}},
		{Date{1403, 1, 0}, Date{1402, 12, 29}},
	}
	for _, tt := range tests {
		if got := JalaliOf(tt.in.Time(nil)); got != tt.want {
			t.Errorf("%v.Time() is %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDaysInMonth(t *testing.T) {
	for m := 1; m <= 6; m++ {
		if got := DaysInMonth(1403, m); got != 31 {
			t.Errorf("DaysInMonth(1403, %d) = %d", m, got)
		}
	}
	for m := 7; m <= 11; m++ {
		if got := DaysInMonth(1403, m); got != 30 {
			t.Errorf("DaysInMonth(1403, %d) = %d", m, got)
		}
	}
	for _, m := range []int{0, 13, -1} {
		if got := DaysInMonth(1403, m); got != 0 {
			t.Errorf("DaysInMonth(1403, %d) = %d, want 0", m, got)
		}
	}
}

func TestDateStringAndValid(t *testing.T) {
	tests := []struct {
		d     Date
		s     string
		valid bool
	}{
		{Date{1403, 1, 5}, "1403/01/05", true},
		{Date{1369, 8, 17}, "1369/08/17", true},
		{Date{1403, 12, 30}, "1403/12/30", true},
		{Date{1404, 12, 30}, "1404/12/30", false},
		{Date{1404, 12, 29}, "1404/12/29", true},
		{Date{1403, 7, 31}, "1403/07/31", false},
		{Date{1403, 6, 31}, "1403/06/31", true},
		{Date{1403, 13, 1}, "1403/13/01", false},
		{Date{1403, 0, 1}, "1403/00/01", false},
		{Date{1403, 1, 0}, "1403/01/00", false},
		{Date{}, "0000/00/00", false},
		{Date{1177, 1, 1}, "1177/01/01", false},
		{Date{1634, 1, 1}, "1634/01/01", false},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.s {
			t.Errorf("String() = %q, want %q", got, tt.s)
		}
		if got := tt.d.Valid(); got != tt.valid {
			t.Errorf("%v.Valid() = %v, want %v", tt.d, got, tt.valid)
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{Date{1403, 1, 5}, 1, Date{1403, 2, 5}},
		{Date{1403, 6, 31}, 1, Date{1403, 7, 30}},
		{Date{1403, 12, 30}, 12, Date{1404, 12, 29}},
		{Date{1402, 11, 30}, 1, Date{1402, 12, 29}},
		{Date{1403, 11, 30}, 1, Date{1403, 12, 30}},
		{Date{1403, 1, 31}, -1, Date{1402, 12, 29}},
		{Date{1403, 1, 31}, -13, Date{1401, 12, 29}},
		{Date{1403, 5, 10}, 0, Date{1403, 5, 10}},
		{Date{1403, 5, 10}, -5, Date{1403, 12, 10}.AddMonths(-12)},
		{Date{1400, 1, 1}, 12 * 8, Date{1408, 1, 1}},
	}
	for _, tt := range tests {
		got := tt.d.AddMonths(tt.n)
		if got != tt.want {
			t.Errorf("%v.AddMonths(%d) = %v, want %v", tt.d, tt.n, got, tt.want)
		}
		if !got.Valid() {
			t.Errorf("%v.AddMonths(%d) = %v is not valid", tt.d, tt.n, got)
		}
	}
}

func TestNames(t *testing.T) {
	months := []string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"}
	for i, want := range months {
		if got := MonthName(i + 1); got != want {
			t.Errorf("MonthName(%d) = %q, want %q", i+1, got, want)
		}
	}
	if MonthName(0) != "" || MonthName(13) != "" {
		t.Errorf("MonthName out of range must be empty")
	}
	days := map[time.Weekday]string{
		time.Saturday:  "شنبه",
		time.Sunday:    "یک\u200cشنبه",
		time.Monday:    "دوشنبه",
		time.Tuesday:   "سه\u200cشنبه",
		time.Wednesday: "چهارشنبه",
		time.Thursday:  "پنج\u200cشنبه",
		time.Friday:    "جمعه",
	}
	for w, want := range days {
		if got := WeekdayName(w); got != want {
			t.Errorf("WeekdayName(%v) = %q, want %q", w, got, want)
		}
	}
	if WeekdayName(7) != "" || WeekdayName(-1) != "" {
		t.Errorf("WeekdayName out of range must be empty")
	}
}

func TestFormatting(t *testing.T) {
	tm := tehran(2016, 2, 14, 14, 9)
	if got := FormatDate(tm); got != "۱۳۹۴/۱۱/۲۵" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := FormatDateTime(tm); got != "۱۳۹۴/۱۱/۲۵ ۱۴:۰۹" {
		t.Errorf("FormatDateTime = %q", got)
	}
	if got := FormatLongDate(tm); got != "یک\u200cشنبه ۲۵ بهمن ۱۳۹۴" {
		t.Errorf("FormatLongDate = %q", got)
	}
	if got := FormatDate(tehran(2024, 3, 24, 9, 0)); got != "۱۴۰۳/۰۱/۰۵" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := FormatLongDate(tehran(2024, 3, 24, 9, 0)); got != "یک\u200cشنبه ۵ فروردین ۱۴۰۳" {
		t.Errorf("FormatLongDate = %q (day must not be zero-padded)", got)
	}
	for _, f := range []func(time.Time) string{FormatDate, FormatDateTime, FormatLongDate} {
		if got := f(time.Time{}); got != "" {
			t.Errorf("formatting the zero time gave %q, want empty", got)
		}
	}
}

func TestParseDate(t *testing.T) {
	ok := []struct {
		in   string
		want Date
	}{
		{"1369/08/17", Date{1369, 8, 17}},
		{"۱۳۶۹/۰۸/۱۷", Date{1369, 8, 17}},
		{"١٣٦٩/٠٨/١٧", Date{1369, 8, 17}},
		{"1369-8-17", Date{1369, 8, 17}},
		{"1369.8.17", Date{1369, 8, 17}},
		{"۱۳۶۹٫۸٫۱۷", Date{1369, 8, 17}}, // Arabic decimal separator
		{"  1369/08/17\u200c ", Date{1369, 8, 17}},
		{"1369 / 08 / 17", Date{1369, 8, 17}},
		{"13690817", Date{1369, 8, 17}},
		{"1403/12/30", Date{1403, 12, 30}},
		{"1300/01/01", Date{1300, 1, 1}},
		{"1500/12/29", Date{1500, 12, 29}},
	}
	for _, tt := range ok {
		got, err := ParseDate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	bad := []string{
		"", "1369", "1369/08", "1369/08/17/1", "1369/13/01", "1369/00/10", "1369/08/00",
		"1404/12/30", "1403/07/31", "1369/08-17", "69/08/17", "01369/08/17", "1369/008/17",
		"2024/03/20", "1299/12/29", "1501/01/01", "1369/+8/17", "1369/-8/17", "1369/8/1a",
		"1369//17", "۱۳۶۹ ۰۸ ۱۷", "1369/08/17 10:00",
	}
	for _, in := range bad {
		if got, err := ParseDate(in); !errors.Is(err, ErrDate) {
			t.Errorf("ParseDate(%q) = %v, %v; want ErrDate", in, got, err)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1369/08/17", "۱۳۶۹/۰۸/۱۷", "1369-8-17", "13690817", "1403/12/30", "1404/12/30", "1369/8/1٧", "1369.-1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrDate) || d != (Date{}) {
				t.Fatalf("ParseDate(%q) = %v, %v", s, d, err)
			}
			return
		}
		if !d.Valid() || d.Year < minInputYear || d.Year > maxInputYear {
			t.Fatalf("ParseDate(%q) = %v: not a valid date in range", s, d)
		}
		for _, shown := range []string{d.String(), Digits(d.String())} {
			if again, err := ParseDate(shown); err != nil || again != d {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", shown, again, err, d)
			}
		}
		start := d.Time(Tehran)
		if JalaliOf(start) != d || FormatDate(start) != Digits(d.String()) {
			t.Fatalf("%v does not survive a round trip through time.Time (%v)", d, start)
		}
	})
}

func FuzzJalaliOf(f *testing.F) {
	for _, sec := range []int64{0, 1455442740, 1584649800, 1742502600, -2208988800} {
		f.Add(sec)
	}
	// 1178..1633 AP, the range in which Dates are Valid.
	lo := Date{minCalendarYear, 1, 1}.Time(Tehran).Unix()
	hi := Date{maxCalendarYear, 12, DaysInMonth(maxCalendarYear, 12)}.Time(Tehran).Unix()
	span := hi - lo
	f.Fuzz(func(t *testing.T, sec int64) {
		// Fold every input into the range instead of discarding most of
		// them, so the fuzzer spends its time on meaningful instants.
		sec = lo + (sec%span+span)%span
		tm := time.Unix(sec, 0)
		d := JalaliOf(tm)
		if !d.Valid() {
			t.Fatalf("JalaliOf(%v) = %v, not valid", tm, d)
		}
		start, next := d.Time(Tehran), Date{d.Year, d.Month, d.Day + 1}.Time(Tehran)
		if tm.Before(start) || !tm.Before(next) {
			t.Fatalf("JalaliOf(%v) = %v, whose day runs %v..%v", tm, d, start, next)
		}
		if d.Weekday() != tm.In(Tehran).Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, d.Weekday(), tm.In(Tehran).Weekday())
		}
	})
}
