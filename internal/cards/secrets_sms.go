package cards

import (
	"context"

	"pishkhan/internal/db"
)

// A new card's PIN, CVV2 and static second password go to the card
// holder, never to the staff member who issued it: with WithSecretsBySMS,
// IssueCard and Replace queue them to the holder's mobile by SMS in the
// same transaction (marked sensitive, so the staff SMS log shows only its
// reason), and a holder without a mobile gets no card. The staff desk uses
// it and shows no secret.

type secretsKey struct{}

// WithSecretsBySMS marks ctx so that a card issued under it sends its
// secrets to the holder by SMS.
func WithSecretsBySMS(ctx context.Context) context.Context {
	return context.WithValue(ctx, secretsKey{}, true)
}

// sendSecrets queues ic's secrets to its holder when ctx asks for it.
func (s *Service) sendSecrets(ctx context.Context, tx *db.Tx, ic *IssuedCard) error {
	if on, _ := ctx.Value(secretsKey{}).(bool); !on {
		return nil
	}
	return s.ids.SMSCustomer(ctx, tx, ic.CustomerID, SecretsReason, secretsText(ic), true)
}
