package fa

import "strings"

// ParseSheba validates an Iranian IBAN (شماره شبا) and returns it in its
// electronic form: "IR" followed by 24 ASCII digits, 26 characters.
//
// Input is case-insensitive, may contain spaces and dashes (it is usually
// printed in groups of four) and may use Persian digits. Input of 24 bare
// digits is taken to be the part after "IR": most Iranian bank forms print
// a fixed "IR" next to the field and users type only the digits.
//
// The check is ISO 13616's mod-97: move the first four characters to the
// end, replace letters by numbers (A=10 … I=18, R=27) and the result must
// be ≡ 1 (mod 97). The check digits must also be 02..98, the only values
// the ISO 7064 computation produces: 00, 01 and 99 are congruent mod 97 to
// 97, 98 and 02 and would otherwise pass as aliases of the real ones.
func ParseSheba(s string) (string, error) {
	n := strings.ToUpper(compactIdentifier(s, false))
	if len(n) == 24 {
		n = "IR" + n
	}
	if len(n) != 26 || !strings.HasPrefix(n, "IR") || !AllDigits(n[2:]) {
		return "", ErrSheba
	}
	if check := n[2:4]; check < "02" || check > "98" || ibanMod97(n) != 1 {
		return "", ErrSheba
	}
	return n, nil
}

// ibanMod97 returns the ISO 13616 remainder of iban (upper-case letters and
// ASCII digits, at least four characters). The rearranged number has 28
// digits, too many for a uint64, but (a·10 + d) mod 97 depends only on
// a mod 97, so it is computed digit by digit without math/big.
func ibanMod97(iban string) int {
	r := 0
	for _, c := range iban[4:] + iban[:4] {
		switch {
		case '0' <= c && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case 'A' <= c && c <= 'Z':
			r = (r*100 + int(c-'A') + 10) % 97 // letters are two digits
		}
	}
	return r
}

// FormatSheba writes a Sheba number in the printed IBAN form, groups of four
// separated by spaces: "IR06 2960 0000 0010 0324 2000 01". Input that is
// not a valid Sheba is returned normalised but otherwise unchanged. Like
// FormatCard the result is ASCII; see [LTR].
func FormatSheba(s string) string {
	n, err := ParseSheba(s)
	if err != nil {
		return NormalizeInput(s)
	}
	var b strings.Builder
	for i := 0; i < len(n); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(n[i:min(i+4, len(n))])
	}
	return b.String()
}
