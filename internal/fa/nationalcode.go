package fa

import "strings"

// ParseNationalCode validates an Iranian national code (کد ملی) and returns
// it as exactly ten ASCII digits.
//
// Input is normalised first, so Persian/Arabic digits work, and spaces and
// dashes are ignored: the national ID card prints the code as
// "008-457594-8" and people copy it that way.
//
// Eight- or nine-digit input is left-padded with zeros. Codes issued in some
// cities start with "00" or "0", and spreadsheets, databases with numeric
// columns and people themselves routinely drop those zeros. Leading zeros
// add nothing to the checksum, so padding restores the real code rather
// than guessing.
//
// The check digit is the tenth digit: with c = Σ d[i]·(10−i) mod 11 over
// the first nine digits, d[9] must equal c when c < 2 and 11−c otherwise.
// Codes made of one repeated digit pass that test for some digits but are
// never issued, so they are rejected.
func ParseNationalCode(s string) (string, error) {
	code := compactIdentifier(s, false)
	if len(code) < 8 || len(code) > 10 || !AllDigits(code) {
		return "", ErrNationalCode
	}
	code = strings.Repeat("0", 10-len(code)) + code
	if allSame(code) || nationalCodeCheckDigit(code[:9]) != code[9] {
		return "", ErrNationalCode
	}
	return code, nil
}

// nationalCodeCheckDigit computes the check digit for the first nine
// digits of a national code (which must be ASCII digits).
func nationalCodeCheckDigit(first9 string) byte {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(first9[i]-'0') * (10 - i)
	}
	c := sum % 11
	if c < 2 {
		return byte('0' + c)
	}
	return byte('0' + 11 - c)
}
