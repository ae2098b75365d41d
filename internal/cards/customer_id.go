package cards

import (
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// IdentCustomerID is the sign-in identifier the area brings: the customer
// ID printed on a card, the first 8 digits of its second identifier.
const IdentCustomerID = "card_customer_id"

// ErrCustomerID: a typed card customer ID is not 8 digits.
var ErrCustomerID = fa.Refusal("cards", IdentCustomerID, msgCustomerIDFormat)

// ParseCustomerID validates a card customer ID in any digit script and
// gives its stored form.
func ParseCustomerID(s string) (string, error) {
	v := strings.ReplaceAll(fa.NormalizeInput(s), " ", "")
	if len(v) != 8 || strings.Trim(v, "0123456789") != "" {
		return "", ErrCustomerID
	}
	return v, nil
}

// registerIdentifier lets card holders sign in with their card customer
// ID (identity knows no area: it learns the kind here). The service
// registers it, since issuing a card stores one; the area's routes
// register it again with the sign-in page's hint, which a deployment
// without the area does not show.
func registerIdentifier(withHint bool) {
	k := identity.IdentifierKind{Kind: IdentCustomerID, Label: labelCustomerID, Parse: ParseCustomerID}
	if withHint {
		k.Hint = hintCustomerID
	}
	identity.RegisterIdentifier(k)
}
