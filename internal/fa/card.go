package fa

import "strings"

// ParseCardNumber validates a 16-digit Iranian bank card number (Shetab
// network) and returns it as 16 ASCII digits. Spaces, dashes and any digit
// script are accepted, since people copy numbers from cards ("6037 9912
// ...") and from SMS receipts ("6037-9912-..."). The last digit must be
// the Luhn check digit, which catches every single-digit typo and most
// swaps of adjacent digits before the number reaches the bank. The
// all-zero number passes Luhn but is no card, so it is rejected.
func ParseCardNumber(s string) (string, error) {
	n := compactIdentifier(s, false)
	if len(n) != 16 || !AllDigits(n) || n == "0000000000000000" || !luhnValid(n) {
		return "", ErrCard
	}
	return n, nil
}

// luhnValid reports whether the ASCII-digit string n ends in a correct
// Luhn (mod 10) check digit.
func luhnValid(n string) bool {
	sum := 0
	double := false
	for i := len(n) - 1; i >= 0; i-- {
		d := int(n[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// cardDigits extracts the 16 digits of a card number for display helpers,
// without the Luhn check: a display function should still mask or format a
// number that fails validation rather than echo it raw.
func cardDigits(s string) (string, bool) {
	n := compactIdentifier(s, false)
	return n, len(n) == 16 && AllDigits(n)
}

// MaskCard shows a card number the way PCI DSS allows it to be displayed:
// the first six digits (the BIN, which tells the user which bank) and the
// last four, grouped like the card: "6037-99**-****-1234". Anything that
// is not 16 digits gives "****-****-****-****", never the input.
//
// The result is ASCII; see [LTR] for showing it inside Persian plain text.
func MaskCard(s string) string {
	n, ok := cardDigits(s)
	if !ok {
		return "****-****-****-****"
	}
	return n[0:4] + "-" + n[4:6] + "**-****-" + n[12:16]
}

// FormatCard groups a 16-digit card number as 4-4-4-4 with Latin digits and
// '-' between groups, "6037-9912-3456-7890", the way it is embossed and the
// way people read it aloud. Latin digits, because card numbers are always
// printed with them and users compare the screen against the card. The
// result is ASCII (bidi marks would break copy-and-paste into banking
// apps): in HTML put it in <bdi dir="ltr">, in plain text use [LTR].
//
// Input that is not 16 digits is returned normalised but otherwise as is,
// so a form can echo back what the user typed next to the error.
func FormatCard(s string) string {
	n, ok := cardDigits(s)
	if !ok {
		return NormalizeInput(s)
	}
	return strings.Join([]string{n[0:4], n[4:8], n[8:12], n[12:16]}, "-")
}
