package cards

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
)

// PaymentOrders finds the order a bank payment settles (billing.Service).
type PaymentOrders interface {
	OrderOfPayment(ctx context.Context, gateway, reference string) (*billing.Order, error)
}

// UsePaymentOrders lets Authorize see what a sandbox-bank payment is for
// (app wires billing at start-up). Without it, payments are not checked
// against the card's own installments.
func (s *Service) UsePaymentOrders(o PaymentOrders) { s.orders = o }

// paysOwnCredit reports whether the sandbox-bank payment under reference
// settles an installment order with an installment of accountID.
func (s *Service) paysOwnCredit(ctx context.Context, accountID int64, reference string) (bool, error) {
	if s.orders == nil || reference == "" {
		return false, nil
	}
	o, err := s.orders.OrderOfPayment(ctx, billing.SandboxGateway, reference)
	if errors.Is(err, billing.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cards: order of payment %s: %w", reference, err)
	}
	if o.Kind != KindInstallments {
		return false, nil
	}
	for _, part := range strings.Split(o.Ref, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil {
			continue
		}
		var acct int64
		err = s.db.QueryRow(ctx, `SELECT p.account_id FROM card_installments i JOIN card_purchases p ON p.id = i.purchase_id
			WHERE i.id = $1`, id).Scan(&acct)
		if errors.Is(err, db.ErrNoRows) {
			continue
		}
		if err != nil {
			return false, fmt.Errorf("cards: account of installment %d: %w", id, err)
		}
		if acct == accountID {
			return true, nil
		}
	}
	return false, nil
}
