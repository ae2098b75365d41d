package cards

import (
	"context"
	"fmt"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Load-test card holders («pishkhan demo --scale»): a credit account per
// customer with purchases of 1 to 6 installments over the last year,
// written in batches. The accounts' ledgers balance, as everywhere.

// ScaleResult counts what SeedScale wrote.
type ScaleResult struct{ Accounts, Purchases, Installments int }

// SeedScale gives each customer a credit account with purchases.
func (s *Service) SeedScale(ctx context.Context, customers []int64, purchases int) (ScaleResult, error) {
	var res ScaleResult
	now := s.now()
	today := fa.JalaliOf(now)
	const limit = 500_000_000
	share := func(k int) int64 { return int64(1_000_000 + (k%7)*250_000) }
	used := int64(0)
	for k := 0; k < purchases; k++ {
		used += share(k)
	}
	acct := db.NewBatch(ctx, s.db, "card_accounts", "customer_id", "type_code", "number", "opened_on", "balance", "withdrawable", "floor", "created_at")
	for _, c := range customers {
		if err := acct.Add(c, "credit", fmt.Sprintf("S%d", c), today.String(), -used, limit-used, -limit, now); err != nil {
			return res, err
		}
	}
	if err := acct.Flush(); err != nil {
		return res, err
	}
	res.Accounts = acct.Total
	accounts, err := db.All(ctx, s.db, func(r db.Scanner) ([2]int64, error) {
		var x [2]int64
		return x, r.Scan(&x[0], &x[1])
	}, "SELECT id, customer_id FROM card_accounts WHERE number LIKE 'S%' AND created_at = $1", now)
	if err != nil {
		return res, err
	}
	ledger := db.NewBatch(ctx, s.db, "card_ledger", "account_id", "amount", "kind", "ref_id", "created_at")
	purch := db.NewBatch(ctx, s.db, "card_purchases", "source", "idempotency_key", "customer_id", "account_id", "merchant", "policy_number",
		"total", "cash_share", "installment_share", "installments", "purchased_on", "approved", "code", "created_at")
	for _, a := range accounts {
		if err := ledger.Add(a[0], -used, "opening", int64(0), now); err != nil {
			return res, err
		}
		for k := 0; k < purchases; k++ {
			on := today.AddMonths(-(k % 12))
			if err := purch.Add("scale", fmt.Sprintf("%d-%d", a[1], k), a[1], a[0], scaleMerchant, fmt.Sprintf("P-%d-%d", a[1], k),
				share(k), int64(0), share(k), k%6+1, on.String(), 1, CodeApproved, now); err != nil {
				return res, err
			}
		}
	}
	for _, b := range []*db.Batch{ledger, purch} {
		if err := b.Flush(); err != nil {
			return res, err
		}
	}
	res.Purchases = purch.Total
	type pr struct {
		id, cust, share int64
		n               int
		on              string
	}
	all, err := db.All(ctx, s.db, func(r db.Scanner) (pr, error) {
		var x pr
		return x, r.Scan(&x.id, &x.cust, &x.share, &x.n, &x.on)
	}, "SELECT id, customer_id, installment_share, installments, purchased_on FROM card_purchases WHERE source = 'scale' AND created_at = $1", now)
	if err != nil {
		return res, err
	}
	inst := db.NewBatch(ctx, s.db, "card_installments", "purchase_id", "customer_id", "seq", "due_on", "amount")
	for _, x := range all {
		on, err := fa.ParseDate(x.on)
		if err != nil {
			return res, err
		}
		for k := 1; k <= x.n; k++ {
			if err := inst.Add(x.id, x.cust, k, on.AddMonths(k).String(), x.share/int64(x.n)); err != nil {
				return res, err
			}
		}
	}
	if err := inst.Flush(); err != nil {
		return res, err
	}
	res.Installments = inst.Total
	return res, nil
}
