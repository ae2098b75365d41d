package fa

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"0123456789", "۰۱۲۳۴۵۶۷۸۹"},
		{"1403/01/05", "۱۴۰۳/۰۱/۰۵"},
		{"کد 12 ab", "کد ۱۲ ab"},
		{"۱۲", "۱۲"},       // already Persian
		{"٤٥٦", "٤٥٦"},     // Arabic-Indic digits are not Latin: untouched
		{"\xff1", "\xff۱"}, // invalid UTF-8 preserved byte for byte
		{"no digits", "no digits"},
	}
	for _, tt := range tests {
		if got := Digits(tt.in); got != tt.want {
			t.Errorf("Digits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLatinDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"٠١٢٣٤٥٦٧٨٩", "0123456789"},
		{"۱۲٬۵۰۰", "12,500"},         // U+066C thousands separator
		{"۳٫۱۴", "3.14"},             // U+066B decimal separator
		{"۱۲،۵۰۰", "12,500"},         // Persian comma between digits: a separator
		{"12،500", "12,500"},         // ... whatever the digit script
		{"سلام، خوبی", "سلام، خوبی"}, // Persian comma in prose: kept
		{"۱، ۲", "1، 2"},             // list punctuation, not a separator
		{"،۱", "،1"},
		{"۱،", "1،"},
		{"abc", "abc"},
		{"ي ك", "ي ك"}, // letters are NormalizeInput's job
		{"\xdb۱", "\xdb1"},
	}
	for _, tt := range tests {
		if got := LatinDigits(tt.in); got != tt.want {
			t.Errorf("LatinDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeInput(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  ۰۹۱۲ ۱۲۳ ۴۵۶۷  ", "0912 123 4567"},
		{"\u200c\u00a0علي\u200c", "علی"},   // ZWNJ and NBSP at the edges, Arabic yeh
		{"\u200fكريم\u200e", "کریم"},       // RLM/LRM from copied text, Arabic kaf
		{"\ufeff1234", "1234"},             // BOM
		{"می\u200cخواهم", "می\u200cخواهم"}, // inner ZWNJ is orthography
		{"a  b", "a  b"},                   // inner spaces are not collapsed
		{"\t\n۱۳۶۹/۰۸/۱۷\r\n", "1369/08/17"},
		{"\u2066IR06\u2069", "IR06"}, // bidi isolates
	}
	for _, tt := range tests {
		if got := NormalizeInput(tt.in); got != tt.want {
			t.Errorf("NormalizeInput(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLTR(t *testing.T) {
	if got := LTR("0912***4567"); got != "\u200e0912***4567\u200e" {
		t.Fatalf("LTR = %q", got)
	}
	// What LTR produces must still parse.
	if _, err := ParseCardNumber(LTR(FormatCard("6037991234567893"))); err != nil {
		t.Fatalf("ParseCardNumber(LTR(...)): %v", err)
	}
}

func hasNonLatinDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return (persianZero <= r && r <= persianNine) || (arabicZero <= r && r <= arabicNine)
	})
}

func FuzzDigits(f *testing.F) {
	for _, s := range []string{"", "0123456789", "۱۲۳", "٤٥٦", "1،2", "\xdb1", "a1b2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Digits(s)
		if strings.ContainsAny(p, "0123456789") {
			t.Fatalf("Digits(%q) = %q still has Latin digits", s, p)
		}
		if utf8.ValidString(s) != utf8.ValidString(p) {
			t.Fatalf("Digits changed UTF-8 validity: %q -> %q", s, p)
		}
		if Digits(p) != p {
			t.Fatalf("Digits not idempotent on %q", s)
		}
		// Persian digits carry the same meaning as Latin ones.
		if LatinDigits(p) != LatinDigits(s) {
			t.Fatalf("LatinDigits(Digits(%q)) = %q, want %q", s, LatinDigits(p), LatinDigits(s))
		}
		// Inputs with only Latin digits and no Arabic separators round-trip.
		if !hasNonLatinDigit(s) && !strings.ContainsAny(s, "٫٬،") && LatinDigits(p) != s {
			t.Fatalf("round trip of %q gave %q", s, LatinDigits(p))
		}
	})
}

func FuzzNormalizeInput(f *testing.F) {
	for _, s := range []string{"", " ۰۹۱۲ ", "\u200cعلي\u200c", "۱۲،۵۰۰", "سلام، ", "\xff\u200c", "\u200c،۱", "ك\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeInput(s)
		if NormalizeInput(n) != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, NormalizeInput(n))
		}
		if LatinDigits(n) != n {
			t.Fatalf("NormalizeInput(%q) = %q has digits LatinDigits would still change", s, n)
		}
		if hasNonLatinDigit(n) || strings.ContainsAny(n, "يك٫٬") {
			t.Fatalf("NormalizeInput(%q) = %q left Arabic digits, letters or separators", s, n)
		}
		if r, _ := utf8.DecodeRuneInString(n); n != "" && isEdgeSpace(r) {
			t.Fatalf("NormalizeInput(%q) = %q starts with space", s, n)
		}
		if r, _ := utf8.DecodeLastRuneInString(n); n != "" && isEdgeSpace(r) {
			t.Fatalf("NormalizeInput(%q) = %q ends with space", s, n)
		}
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("NormalizeInput(%q) produced invalid UTF-8 %q", s, n)
		}
		if len(n) > len(s) {
			// Every mapping shrinks or keeps the byte length.
			t.Fatalf("NormalizeInput(%q) grew to %q", s, n)
		}
	})
}
