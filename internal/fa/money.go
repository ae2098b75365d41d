package fa

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MinusSign is what [Amount] and [Rials] put in front of negative amounts:
// LEFT-TO-RIGHT MARK followed by U+2212 MINUS SIGN. This is the CLDR symbol
// for Persian with Persian digits, and the LRM is the part that matters:
// both '-' and '−' are bidi "European separators", so after Persian words
// the bidi algorithm would attach the sign to the right-hand (trailing) side
// of the digits ("۱۲۳−"). The LRM makes the sign and digits one
// left-to-right run, so it is always drawn immediately to the left of the
// number, as in Persian textbooks and bank statements. U+2212 rather than
// '-' because it is the true minus (same width as '+') and cannot be
// mistaken for a hyphen or a dash in a Persian sentence.
const MinusSign = "\u200E\u2212"

// rialSuffix is the currency word appended by Rials. Persian puts the unit
// after the number, separated by a space.
const rialSuffix = " " + rialWord

// rialSign is U+FDFC RIAL SIGN (﷼), a ligature some keyboards and documents
// use instead of the word; ParseRials accepts it.
const rialSign = "\uFDFC"

// Amount formats n with Persian digits and ARABIC THOUSANDS SEPARATOR (٬,
// U+066C) between groups of three: 14926834 → "۱۴٬۹۲۶٬۸۳۴". U+066C rather
// than ',' or '،' because it is the separator CLDR specifies for Persian
// digits, and it is a bidi "Arabic number" character, so it never splits
// the number into separately-ordered runs inside right-to-left text.
func Amount(n int64) string {
	var buf [48]byte
	return string(AppendAmount(buf[:0], n))
}

// AppendAmount appends n formatted as by [Amount] to dst.
func AppendAmount(dst []byte, n int64) []byte {
	// Work on the magnitude as uint64 so math.MinInt64, whose magnitude does
	// not fit in an int64, needs no special case.
	u := uint64(n)
	neg := n < 0
	if neg {
		u = -u
	}
	var d [20]byte
	digits := strconv.AppendUint(d[:0], u, 10)
	if neg {
		dst = append(dst, MinusSign...)
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			dst = utf8.AppendRune(dst, arabicThousandsSeparator)
		}
		dst = append(dst, 0xDB, 0xB0+c-'0') // ۰-۹, U+06F0-U+06F9
	}
	return dst
}

// Rials formats n rials for display: "۱۴٬۹۲۶٬۸۳۴ ریال". See [Amount] and
// [MinusSign] for the digit, separator and sign choices.
//
// The portal stores and computes in rials, the legal unit, even though
// people speak in tomans (10 rials); converting is the caller's decision,
// never an implicit one here.
func Rials(n int64) string {
	return Amount(n) + rialSuffix
}

// ParseRials reads an amount of rials typed by a user. It accepts Persian,
// Arabic-Indic and Latin digits, thousands separators (',' '٬' '،') and an
// optional trailing "ریال" or "﷼". It returns [ErrAmount] for empty input,
// signs (amounts a user enters are never negative), decimals, any other
// character, and values beyond int64.
//
// Separators are optional, but when present they must split the number into
// proper groups of three ("1,500,000"). A misplaced separator such as
// "1,5" is more likely a decimal or a typo than fifteen rials, and silently
// accepting it could move money by orders of magnitude.
//
// "تومان" is deliberately not accepted: it means ten rials, and guessing the
// unit wrong is a tenfold error.
//
// Zero is accepted; whether a zero amount makes sense is the caller's rule.
func ParseRials(s string) (int64, error) {
	s = NormalizeInput(s)
	for _, suffix := range []string{rialWord, rialSign} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			s = strings.TrimRightFunc(t, isEdgeSpace)
			break
		}
	}
	if s == "" {
		return 0, ErrAmount
	}

	var n int64
	groupLen := 0 // digits since the last separator
	groups := 0   // separators seen so far
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isASCIIDigit(c):
			d := int64(c - '0')
			if n > (math.MaxInt64-d)/10 {
				return 0, ErrAmount
			}
			n = n*10 + d
			groupLen++
		case c == ',' || strings.HasPrefix(s[i:], string(arabicComma)):
			// The first group may have 1-3 digits, every later one exactly 3.
			// A leading zero ("0,500") is how other locales write a
			// fraction, never how an Iranian writes rials.
			if groupLen == 0 || groupLen > 3 || (groups > 0 && groupLen != 3) || s[0] == '0' {
				return 0, ErrAmount
			}
			groups++
			groupLen = 0
			if c != ',' {
				i += len(string(arabicComma)) - 1
			}
		default:
			return 0, ErrAmount
		}
	}
	if groupLen == 0 || (groups > 0 && groupLen != 3) {
		return 0, ErrAmount
	}
	return n, nil
}
