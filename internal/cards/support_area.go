package cards

import (
	"context"
	"fmt"

	"pishkhan/internal/db"
)

// The card-holder service as support sees it (support.Area): its
// customers are those with a credit account, and a ticket may be about
// one of their cards. The portal's menu shows the card pages to the same
// people.

// Audience is the key and name of card holders for announcements.
func (s *Service) Audience() (string, string) {
	return "cards", audienceName
}

// CustomerServices lists the customer's usable cards («کارت ۶۲۰۰-…»), or
// their accounts when no card is issued yet; none: not a card holder.
func (s *Service) CustomerServices(ctx context.Context, customerID int64) ([]string, error) {
	list, err := s.Cards(ctx, customerID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range list {
		if c.Status == StatusActive || c.Status == StatusBlocked {
			out = append(out, serviceCard(c.Masked))
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	numbers, err := db.All(ctx, s.db, func(r db.Scanner) (string, error) {
		var n string
		return n, r.Scan(&n)
	}, "SELECT number FROM card_accounts WHERE customer_id = $1 ORDER BY id", customerID)
	if err != nil {
		return nil, fmt.Errorf("cards: accounts of customer %d: %w", customerID, err)
	}
	for _, n := range numbers {
		out = append(out, serviceAccount(n))
	}
	return out, nil
}
