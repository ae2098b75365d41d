package fa

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Digit ranges. Persian text uses the "Extended Arabic-Indic" digits
// (U+06F0–U+06F9); Arabic keyboards, and some Iranian Android keyboards,
// produce the plain "Arabic-Indic" ones (U+0660–U+0669). The two sets look
// alike except for ۴/٤, ۵/٥ and ۶/٦, so users cannot tell which they typed
// and both must be accepted.
const (
	persianZero = '\u06F0' // ۰
	persianNine = '\u06F9' // ۹
	arabicZero  = '\u0660' // ٠
	arabicNine  = '\u0669' // ٩

	arabicDecimalSeparator   = '\u066B' // ٫
	arabicThousandsSeparator = '\u066C' // ٬
	arabicComma              = '\u060C' // ، (the comma Persian text uses)

	arabicYeh  = '\u064A' // ي
	persianYeh = '\u06CC' // ی
	arabicKaf  = '\u0643' // ك
	persianKaf = '\u06A9' // ک
)

// Digits converts the Latin digits 0-9 in s to Persian digits ۰-۹ and
// leaves every other byte untouched.
//
// It works on bytes rather than runes: ASCII digits can never appear inside
// a multi-byte UTF-8 sequence, so this is safe, and it means invalid UTF-8
// passes through unchanged instead of being turned into U+FFFD.
func Digits(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if isASCIIDigit(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var buf [64]byte
	return string(AppendDigits(buf[:0], s))
}

// AppendDigits appends s to dst with its Latin digits made Persian, as
// [Digits] does; pages that write hundreds of numbers into one buffer
// (the purchase list) use it to skip a string per number.
func AppendDigits(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; isASCIIDigit(c) {
			// ۰-۹ are U+06F0-U+06F9: 0xDB 0xB0-0xB9 in UTF-8.
			dst = append(dst, 0xDB, 0xB0+c-'0')
		} else {
			dst = append(dst, c)
		}
	}
	return dst
}

// LatinDigits converts Persian (U+06F0–U+06F9) and Arabic-Indic
// (U+0660–U+0669) digits in s to Latin 0-9, and the Arabic decimal and
// thousands separators (٫ ٬) to '.' and ','. Other runes, and invalid UTF-8
// bytes, are left as they are.
//
// The Persian comma '،' (U+060C) becomes ',' only when it sits between two
// digits: there it can only be a thousands separator typed on a Persian
// keyboard ("۱۲،۵۰۰"), whereas in prose ("سلام، خوبی") it is punctuation
// and rewriting it would corrupt free-text fields such as addresses.
func LatinDigits(s string) string {
	return mapInput(s, false)
}

// NormalizeInput is the normalisation every submitted form field goes
// through before it is validated or stored:
//
//   - digits and Arabic separators are made Latin, as by [LatinDigits];
//   - Arabic yeh and kaf (ي ك), which Arabic keyboard layouts and some
//     Windows Persian layouts produce, become the Persian ی and ک, so that
//     "علي" typed on one device matches "علی" typed on another;
//   - white space, NBSP, ZWNJ and invisible bidi/format marks (LRM, RLM,
//     BOM, isolates, ...) are trimmed from both ends, because they arrive
//     silently when text is copied out of PDFs, SMS apps and Word documents.
//
// Nothing else is changed: inner spaces are not collapsed and inner ZWNJs
// are kept, because in Persian a ZWNJ inside a word is orthography
// ("می‌خواهم"), not noise.
func NormalizeInput(s string) string {
	return strings.TrimFunc(mapInput(s, true), isEdgeSpace)
}

// mapInput is the single pass behind LatinDigits and NormalizeInput.
// It copies unchanged runes (and invalid bytes) verbatim so that inputs it
// does not need to touch come back byte-for-byte identical.
func mapInput(s string, letters bool) string {
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		out := rune(-1)
		switch {
		case persianZero <= r && r <= persianNine:
			out = '0' + r - persianZero
		case arabicZero <= r && r <= arabicNine:
			out = '0' + r - arabicZero
		case r == arabicDecimalSeparator:
			out = '.'
		case r == arabicThousandsSeparator:
			out = ','
		case r == arabicComma && digitBefore(s[:i]) && digitAfter(s[i+size:]):
			out = ','
		case letters && r == arabicYeh:
			out = persianYeh
		case letters && r == arabicKaf:
			out = persianKaf
		}
		if out >= 0 && !changed {
			changed = true
			b.Grow(len(s))
			b.WriteString(s[:i])
		}
		if changed {
			if out >= 0 {
				b.WriteRune(out)
			} else {
				b.WriteString(s[i : i+size])
			}
		}
		i += size
	}
	if !changed {
		return s
	}
	return b.String()
}

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

// isAnyDigit reports whether r is a decimal digit in one of the three
// scripts users type.
func isAnyDigit(r rune) bool {
	return ('0' <= r && r <= '9') ||
		(persianZero <= r && r <= persianNine) ||
		(arabicZero <= r && r <= arabicNine)
}

func digitBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isAnyDigit(r)
}

func digitAfter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isAnyDigit(r)
}

// isEdgeSpace reports whether r is invisible padding that may be trimmed
// from the ends of an input: Unicode white space (which includes NBSP) and
// format characters (category Cf: ZWNJ, ZWJ, LRM, RLM, ALM, BOM, bidi
// embeddings and isolates).
func isEdgeSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
}

// LTR wraps s in LEFT-TO-RIGHT MARKs so that, in plain right-to-left text
// (SMS, e-mail, PDF), a card number, Sheba, mask or phone number keeps its
// left-to-right group order. Without it the Unicode bidi algorithm treats
// the '-' or '*' between digit groups after Persian words as right-to-left
// and shows "6037-9912-3456-7890" as "7890-3456-9912-6037".
//
// In HTML use <bdi dir="ltr"> instead and keep the value itself clean:
// users copy these numbers into banking apps, where invisible marks can
// make a paste fail. The parsers accept LTR's output (NormalizeInput trims
// the marks).
func LTR(s string) string {
	return "\u200E" + s + "\u200E"
}
