package fa

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// compactIdentifier normalises s and drops the separators people type or
// paste inside numeric identifiers: spaces of any kind, dashes (the national
// card prints "008-457594-8", cards are written "6037-9912-..."), invisible
// format marks that ride along with copied text, and, when parens is set,
// parentheses as in "(0912) 123 4567". It does not check what is left.
func compactIdentifier(s string, parens bool) string {
	s = NormalizeInput(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isIdentSeparator(r):
		case parens && (r == '(' || r == ')'):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isIdentSeparator(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || isDash(r)
}

// isDash accepts the ASCII hyphen and the look-alikes that phone keyboards
// and word processors substitute for it (hyphen, non-breaking hyphen,
// figure dash, en/em dash, minus sign).
func isDash(r rune) bool {
	return r == '-' || ('\u2010' <= r && r <= '\u2015') || r == '\u2212'
}

// allSame reports whether every byte of s is the same; such identifiers
// ("1111111111") are what people type to get past a form, and several of
// them happen to satisfy the checksums.
func allSame(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}
