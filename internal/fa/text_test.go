package fa

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"  سلام  ", 10, "سلام"},
		{"سلام دنیا", 4, "سلام"},
		{"سلام دنیا", 5, "سلام"}, // the cut lands after the space, which is trimmed
		{"abcdef", 3, "abc"},
		{"abc", 0, ""},
		{"", 5, ""},
		{"ab\u200ccd", 3, "ab\u200c"}, // the zero-width non-joiner is a character of its own
	} {
		if got := Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	long := strings.Repeat("ک", 1000)
	got := Clip(long, 500)
	if utf8.RuneCountInString(got) != 500 || !utf8.ValidString(got) {
		t.Fatalf("Clip of 1000 Persian letters to 500: %d runes, valid %v", utf8.RuneCountInString(got), utf8.ValidString(got))
	}
}

func TestAllDigits(t *testing.T) {
	for s, want := range map[string]bool{"0123456789": true, "": false, "12a": false, "۱۲": false, " 12": false, "1": true} {
		if AllDigits(s) != want {
			t.Errorf("AllDigits(%q) = %v", s, !want)
		}
	}
}
