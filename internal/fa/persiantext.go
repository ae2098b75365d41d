package fa

import "unicode"

// IsPersianText reports whether s is written in Persian letters: letters
// of the Arabic script, spaces, the zero-width non-joiner and a few marks
// names carry («-», «.»). Latin letters and digits are refused, as the
// guide's «اطلاعات خود را حتما به فارسی وارد نمایید» asks.
func IsPersianText(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r) && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)):
			letters++
		case r == ' ' || r == '\u200c' || r == '-' || r == '.' || r == '،':
		default:
			return false
		}
	}
	return letters > 0
}
