package fa

import (
	"strings"
	"unicode/utf8"
)

// Clip trims the space around s and cuts it to at most n characters
// (runes, never half of one): the bound put on free text before it is
// stored (notes, reasons, user agents, a partner's error message), so that
// a hostile or broken client cannot fill a row with megabytes.
func Clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n { // n bytes hold at most n runes
		return s
	}
	if n <= 0 {
		return ""
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	return strings.TrimSpace(s[:i])
}

// AllDigits reports whether s is non-empty and made only of the Latin
// digits 0-9 (normalise Persian digits first with LatinDigits).
func AllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
