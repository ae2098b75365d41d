package web

import (
	"math"
	"strconv"
	"strings"

	"pishkhan/internal/fa"
)

// MaxInt is the largest whole number Int accepts: PostgreSQL's INTEGER,
// the narrower of the two engines' integer columns (SQLite's hold 64
// bits), so a number typed into a form never overflows a column on one
// engine and passes on the other.
const MaxInt = math.MaxInt32

// Int parses a whole number a person typed — Persian, Arabic-Indic or
// Latin digits, an optional minus sign, spaces at the edges — that fits
// an INTEGER column (±MaxInt). ok is false for anything else, including a
// number too big (strconv.Atoi would give its error together with the
// largest int, which callers ignoring the error then sent to the database).
func Int(s string) (n int, ok bool) {
	v, ok := Int64(s)
	if !ok || v > MaxInt || v < -MaxInt-1 {
		return 0, false
	}
	return int(v), true
}

// Int64 parses a whole number as Int does, within int64 (BIGINT columns:
// row ids, amounts in rials).
func Int64(s string) (int64, bool) {
	s = strings.TrimSpace(fa.LatinDigits(s))
	if s == "" || strings.HasPrefix(s, "+") {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// Int reads a field with Int and fails it, in Persian, when it is not a
// whole number from min to max.
func (f *Form) Int(field, label string, min, max int) (int, bool) {
	n, ok := Int(f.Get(field))
	if !ok || n < min || n > max {
		f.Fail(field, msgIntRange(label, min, max))
		return 0, false
	}
	return n, true
}
