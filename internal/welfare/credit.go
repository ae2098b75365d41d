package welfare

import (
	"context"
	"errors"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

const accountCols = `id, customer_id, employee_id, product_id, monthly_credit, ceiling, month_used, used, opens_at, activated_at`

func scanAccount(r db.Scanner) (*Account, error) {
	var a Account
	err := r.Scan(&a.ID, &a.CustomerID, &a.EmployeeID, &a.ProductID, &a.MonthlyCredit, &a.Ceiling, &a.MonthUsed, &a.Used, &a.OpensAt, &a.ActivatedAt)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNoAccount
	}
	if err != nil {
		return nil, wrap("read account", err)
	}
	return &a, nil
}

// Account is a customer's credit account («موجودی»), or ErrNoAccount.
func (s *Service) Account(ctx context.Context, customerID int64) (*Account, error) {
	return scanAccount(s.db.QueryRow(ctx, "SELECT "+accountCols+" FROM welfare_accounts WHERE customer_id = $1", customerID))
}

// ledger writes the row that explains a change of an account.
func ledger(ctx context.Context, tx *db.Tx, accountID int64, kind string, used, month, ref int64, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO welfare_ledger (account_id, kind, used_change, month_change, ref_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, accountID, kind, used, month, ref, now)
	return wrap("ledger", err)
}

// RestoreDate is the day a purchase's month of credit comes back: the
// 8th of the Jalali month after the purchase («روز هشتم ماه بعد از خرید»).
func RestoreDate(purchasedOn fa.Date) fa.Date {
	next := fa.Date{Year: purchasedOn.Year, Month: purchasedOn.Month, Day: 1}.AddMonths(1)
	return fa.Date{Year: next.Year, Month: next.Month, Day: RestoreDay}
}

// RestoreMonthlyCredit gives back the monthly credit of every purchase
// whose restore day (Tehran) has come. Each purchase is given back once
// (a conditional update on restored_at), with its ledger row; the job
// may run any number of times.
func (s *Service) RestoreMonthlyCredit(ctx context.Context) (int, error) {
	today := s.today().String()
	ids, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT id FROM welfare_purchases WHERE status = $1 AND restored_at IS NULL AND restore_on <= $2 ORDER BY id LIMIT 5000`, PurchaseConfirmed, today)
	if err != nil {
		return 0, wrap("due restores", err)
	}
	n := 0
	for _, id := range ids {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			now := s.now()
			var account, monthly int64
			err := tx.QueryRow(ctx, `UPDATE welfare_purchases SET restored_at = $1 WHERE id = $2 AND restored_at IS NULL
				RETURNING account_id, monthly`, now, id).Scan(&account, &monthly)
			if errors.Is(err, db.ErrNoRows) {
				return nil
			}
			if err != nil {
				return wrap("restore", err)
			}
			if _, err := tx.Exec(ctx, "UPDATE welfare_accounts SET month_used = month_used - $1 WHERE id = $2 AND month_used >= $1", monthly, account); err != nil {
				return wrap("restore credit", err)
			}
			n++
			return ledger(ctx, tx, account, "restore", 0, -monthly, id, now)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// SplitInstallments splits amount into n monthly installments: equal
// rials, the first carrying the remainder (so the first is the largest
// and is what the month's credit must cover).
func SplitInstallments(amount int64, n int) []int64 {
	out := make([]int64, n)
	base := amount / int64(n)
	for i := range out {
		out[i] = base
	}
	out[0] += amount - base*int64(n)
	return out
}
