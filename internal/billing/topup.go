package billing

import (
	"context"
	"fmt"

	"pishkhan/internal/db"
)

// KindWalletTopUp is billing's own order kind: the customer pays the bank
// and the amount is credited to their wallet («اعتبار پنل»).
const KindWalletTopUp = "wallet_topup"

// TopUpFulfiller credits a paid top-up to the wallet, in the settling
// transaction; the idempotency key makes a second call a no-op.
func (s *Service) TopUpFulfiller() Fulfiller {
	return func(ctx context.Context, tx *db.Tx, o *Order) error {
		_, err := s.Credit(ctx, tx, o.CustomerID, o.Price, reasonTopUp(o.Tracking), "order", o.ID,
			fmt.Sprintf("topup-order-%d", o.ID))
		return err
	}
}
