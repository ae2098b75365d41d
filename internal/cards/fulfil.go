package cards

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
)

// KindInstallments is the billing order kind for paying installments
// online («پرداخت اقساط»). The order's Ref lists the installment IDs,
// comma-separated, oldest first.
const KindInstallments = "card_installments"

// InstallmentsRef writes installment IDs as an order's Ref.
func InstallmentsRef(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// InstallmentsFulfiller marks a paid order's installments paid, in the
// transaction that settles the order (so a payment is applied once, and
// never without its installments, nor they without it).
func (s *Service) InstallmentsFulfiller() billing.Fulfiller {
	return func(ctx context.Context, tx *db.Tx, o *billing.Order) error {
		var ids []int64
		for _, part := range strings.Split(o.Ref, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil {
				return fmt.Errorf("cards: order %s: bad installment list %q", o.Tracking, o.Ref)
			}
			ids = append(ids, id)
		}
		_, err := s.PayInstallments(ctx, tx, o.CustomerID, ids)
		return err
	}
}
