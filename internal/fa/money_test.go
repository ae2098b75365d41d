package fa

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestAmountAndRials(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "۰"},
		{7, "۷"},
		{999, "۹۹۹"},
		{1000, "۱٬۰۰۰"},
		{14926834, "۱۴٬۹۲۶٬۸۳۴"},
		{100000, "۱۰۰٬۰۰۰"},
		{-1500, "\u200e\u2212۱٬۵۰۰"},
		{math.MaxInt64, "۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۷"},
		{math.MinInt64, "\u200e\u2212۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۸"},
	}
	for _, tt := range tests {
		if got := Amount(tt.n); got != tt.want {
			t.Errorf("Amount(%d) = %q, want %q", tt.n, got, tt.want)
		}
		if got := Rials(tt.n); got != tt.want+" ریال" {
			t.Errorf("Rials(%d) = %q, want %q", tt.n, got, tt.want+" ریال")
		}
	}
	// The exact example from the design brief, spelled out code point by
	// code point so an editor cannot silently swap the separator.
	if got := Rials(14926834); got != "\u06f1\u06f4\u066c\u06f9\u06f2\u06f6\u066c\u06f8\u06f3\u06f4 \u0631\u06cc\u0627\u0644" {
		t.Errorf("Rials(14926834) = %q", got)
	}
}

func TestParseRials(t *testing.T) {
	ok := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"1500", 1500},
		{"۱۵۰۰", 1500},
		{"١٥٠٠", 1500},
		{"1,500,000", 1500000},
		{"۱٬۵۰۰٬۰۰۰", 1500000},
		{"۱،۵۰۰،۰۰۰", 1500000},
		{"۱۴٬۹۲۶٬۸۳۴ ریال", 14926834},
		{"۱۴٬۹۲۶٬۸۳۴ريال", 14926834}, // Arabic yeh, no space
		{" 250 ریال\u200c", 250},
		{"250﷼", 250},
		{"000250", 250},
		{"999,999", 999999},
		{"9223372036854775807", math.MaxInt64},
		{"9,223,372,036,854,775,807", math.MaxInt64},
	}
	for _, tt := range ok {
		got, err := ParseRials(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseRials(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	bad := []string{
		"", " ", "ریال", "-100", "−100", "+100", "12.5", "۱۲٫۵", "1,5", "1,50", "1,5000",
		"1234,567", ",100", "100,", "1,,000", "0,500", "12a", "۱۰۰ تومان", "1 000",
		"9223372036854775808", "99999999999999999999", "ریال 100", "100 ریال ریال",
	}
	for _, in := range bad {
		if got, err := ParseRials(in); !errors.Is(err, ErrAmount) {
			t.Errorf("ParseRials(%q) = %d, %v; want ErrAmount", in, got, err)
		}
	}
}

func FuzzParseRials(f *testing.F) {
	for _, s := range []string{"0", "1,500", "۱۴٬۹۲۶٬۸۳۴ ریال", "١٥٠٠", "9223372036854775807", "9223372036854775808", "-1", "1,5", "۱،۰۰۰﷼"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseRials(s)
		if err != nil {
			if !errors.Is(err, ErrAmount) || n != 0 {
				t.Fatalf("ParseRials(%q) = %d, %v", s, n, err)
			}
			return
		}
		if n < 0 {
			t.Fatalf("ParseRials(%q) = %d: negative", s, n)
		}
		// Whatever we display, we can read back.
		for _, shown := range []string{Rials(n), Amount(n), strconv.FormatInt(n, 10), Digits(strconv.FormatInt(n, 10))} {
			if m, err := ParseRials(shown); err != nil || m != n {
				t.Fatalf("ParseRials(%q) = %d, %v; want %d (from %q)", shown, m, err, n, s)
			}
		}
	})
}

func FuzzAmount(f *testing.F) {
	for _, n := range []int64{0, 1, -1, 999, 1000, math.MaxInt64, math.MinInt64} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		a := Amount(n)
		if strings.ContainsAny(a, "0123456789,-") {
			t.Fatalf("Amount(%d) = %q has Latin characters", n, a)
		}
		if (n < 0) != strings.HasPrefix(a, MinusSign) {
			t.Fatalf("Amount(%d) = %q: sign mismatch", n, a)
		}
		if n >= 0 {
			if m, err := ParseRials(Rials(n)); err != nil || m != n {
				t.Fatalf("ParseRials(Rials(%d)) = %d, %v", n, m, err)
			}
		} else if _, err := ParseRials(Rials(n)); err == nil {
			t.Fatalf("ParseRials accepted negative %q", Rials(n))
		}
		// Digits grouped in threes: removing the sign and separators gives
		// back the decimal magnitude.
		mag := strings.TrimPrefix(a, MinusSign)
		mag = LatinDigits(strings.ReplaceAll(mag, string(arabicThousandsSeparator), ""))
		want := strconv.FormatInt(n, 10)
		want = strings.TrimPrefix(want, "-")
		if mag != want {
			t.Fatalf("Amount(%d) = %q, digits %q, want %q", n, a, mag, want)
		}
	})
}
