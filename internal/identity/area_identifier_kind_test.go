package identity

import (
	"strings"

	"pishkhan/internal/fa"
)

// testCardKind stands, in identity's own tests, for an area's identifier
// (the card area's 8-digit customer ID): identity signs people in with a
// kind only because an area registered it.
var testCardKind = IdentifierKind{Kind: "card_customer_id", Label: "شناسه مشتری کارت", Parse: func(s string) (string, error) {
	v := strings.ReplaceAll(fa.NormalizeInput(s), " ", "")
	if len(v) != 8 || strings.Trim(v, "0123456789") != "" {
		return "", fa.Refusal("identity", "card_customer_id", "شناسه مشتری کارت باید ۸ رقم باشد")
	}
	return v, nil
}}

func init() { RegisterIdentifier(testCardKind) }
