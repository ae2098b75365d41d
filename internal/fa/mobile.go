package fa

import "strings"

// ParseMobile validates an Iranian mobile number and returns it in the
// canonical national form "09xxxxxxxxx" (11 ASCII digits), which is what SMS
// gateways and Iranian users expect and what the portal stores.
//
// Accepted shapes, in any digit script and with spaces, dashes and
// parentheses anywhere:
//
//	09121234567       national, with trunk prefix 0
//	9121234567        without the 0 (what many forms and users type)
//	+989121234567     international
//	00989121234567    international with the 00 exit code
//	989121234567      international without + (SMS sender IDs, CSV exports)
//	+98 (0)912 ...    international with the trunk 0 kept in parentheses
//
// After the country code (or trunk 0) exactly ten digits must remain and
// the first must be 9: that is what distinguishes an Iranian mobile from a
// landline (021…) and from foreign numbers. Operator prefixes (0912, 0935,
// 0990, …) are not checked, because new ranges keep being allocated and a
// stale list would lock out real customers.
func ParseMobile(s string) (string, error) {
	n := compactIdentifier(s, true)

	rest := n
	switch {
	case strings.HasPrefix(n, "+"):
		var ok bool
		if rest, ok = strings.CutPrefix(n[1:], "98"); !ok {
			return "", ErrMobile // some other country
		}
	case strings.HasPrefix(n, "0098"):
		rest = n[4:]
	case len(n) == 12 && strings.HasPrefix(n, "98"):
		// Only by length: a ten-digit national number may itself start with
		// 98 (0998 is a mobile range), and that must not lose its "98".
		rest = n[2:]
	}

	// Drop the trunk 0: "0912…" nationally, "+98 (0)912…" internationally.
	if len(rest) == 11 && rest[0] == '0' {
		rest = rest[1:]
	}
	if len(rest) != 10 || rest[0] != '9' || !AllDigits(rest) {
		return "", ErrMobile
	}
	return "0" + rest, nil
}

// MaskMobile hides the middle of a mobile number for display ("we sent a
// code to 0912***4567"): the operator prefix and last four digits are
// enough for the owner to recognise it, not for anyone else to use it.
// The input may be in any form ParseMobile accepts. Anything that is not a
// valid mobile gives "***********", never the input, so a mask can never
// leak what it was supposed to hide.
func MaskMobile(m string) string {
	c, err := ParseMobile(m)
	if err != nil {
		return strings.Repeat("*", 11)
	}
	return c[:4] + "***" + c[7:]
}
