package fa

// ParsePostalCode validates an Iranian ten-digit postal code (کد پستی) and
// returns it as ten ASCII digits. Spaces, dashes (it is often written
// "12345-67890") and any digit script are accepted.
//
// Validation is deliberately light: ten digits, not starting with 0, not one
// repeated digit. Stricter rules circulate (no 0 or 2 in the first five
// digits, and so on) but are folklore rather than a published
// specification, and rejecting a customer's real address costs more than
// accepting a mistyped one that the post office will bounce.
func ParsePostalCode(s string) (string, error) {
	n := compactIdentifier(s, false)
	if len(n) != 10 || !AllDigits(n) || n[0] == '0' || allSame(n) {
		return "", ErrPostalCode
	}
	return n, nil
}
