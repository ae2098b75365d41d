package cards

import (
	"context"
	"fmt"
	"slices"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// SplitInstallments divides share into n monthly amounts whose sum is
// exactly share: every installment is share/n rounded down, and the
// remainder (fewer than n rials) goes on the FIRST installment, so the
// odd rials are settled first and the later months are all equal.
func SplitInstallments(share int64, n int) []int64 {
	out := make([]int64, n)
	each := share / int64(n)
	for i := range out {
		out[i] = each
	}
	out[0] += share - each*int64(n)
	return out
}

// DueDates are the Jalali due days of n installments of a purchase made
// on day: the same day of each following month, clamped to the month's
// length (fa.Date.AddMonths from the purchase day each time, so a
// purchase on the 31st is due on the 31st again whenever the month has
// one, and on 29 or 30 Esfand in Esfand).
func DueDates(day fa.Date, n int) []fa.Date {
	out := make([]fa.Date, n)
	for i := range out {
		out[i] = day.AddMonths(i + 1)
	}
	return out
}

func insertSchedule(ctx context.Context, tx *db.Tx, purchaseID, customerID int64, on fa.Date, share int64, n int) error {
	amounts, dues := SplitInstallments(share, n), DueDates(on, n)
	for i := range amounts {
		if _, err := tx.Exec(ctx, `INSERT INTO card_installments (purchase_id, customer_id, seq, due_on, amount)
			VALUES ($1, $2, $3, $4, $5)`, purchaseID, customerID, i+1, dues[i].String(), amounts[i]); err != nil {
			return fmt.Errorf("cards: insert installment: %w", err)
		}
	}
	return nil
}

const installmentColumns = "id, purchase_id, seq, due_on, amount, penalty, paid_at, paid_amount FROM card_installments"

func scanInstallment(r db.Scanner) (Installment, error) {
	var in Installment
	err := r.Scan(&in.ID, &in.PurchaseID, &in.Seq, &in.DueOn, &in.Amount, &in.Penalty, &in.PaidAt, &in.PaidAmount)
	return in, err
}

// DueInstallments are the customer's unpaid installments, oldest first:
// the order «پرداخت اقساط» offers them and PayInstallments requires.
func (s *Service) DueInstallments(ctx context.Context, customerID int64) ([]Installment, error) {
	return dueInstallments(ctx, s.db, customerID, "")
}

func dueInstallments(ctx context.Context, q db.Querier, customerID int64, lock string) ([]Installment, error) {
	return db.All(ctx, q, scanInstallment, "SELECT "+installmentColumns+
		" WHERE customer_id = $1 AND paid_at IS NULL AND cancelled = 0 ORDER BY due_on, purchase_id, seq"+lock, customerID)
}

// PayInstallments marks the given installments paid inside the caller's
// transaction (billing's fulfiller for installment orders) and returns
// the total paid (amounts plus penalties). The ids must be exactly the
// oldest unpaid installments of the customer — whole installments, oldest
// first, no gaps — otherwise ErrNotOldest and nothing changes. Each
// installment's amount goes back to the credit of its account (penalties
// do not: they are charges, not credit used).
func (s *Service) PayInstallments(ctx context.Context, tx *db.Tx, customerID int64, installmentIDs []int64) (int64, error) {
	if len(installmentIDs) == 0 {
		return 0, ErrNothingToPay
	}
	due, err := dueInstallments(ctx, tx, customerID, db.ForUpdate(tx))
	if err != nil {
		return 0, fmt.Errorf("cards: read due installments: %w", err)
	}
	if len(installmentIDs) > len(due) {
		return 0, ErrNotOldest
	}
	want := slices.Clone(installmentIDs)
	slices.Sort(want)
	var got []int64
	for _, in := range due[:len(want)] {
		got = append(got, in.ID)
	}
	slices.Sort(got)
	if !slices.Equal(want, got) {
		return 0, ErrNotOldest
	}
	now := s.now()
	var total int64
	for _, in := range due[:len(want)] {
		res, err := tx.Exec(ctx, "UPDATE card_installments SET paid_at = $1, paid_amount = amount + penalty WHERE id = $2 AND paid_at IS NULL",
			now, in.ID)
		if err != nil {
			return 0, fmt.Errorf("cards: pay installment %d: %w", in.ID, err)
		}
		if res.RowsAffected != 1 {
			return 0, db.ErrConflict
		}
		var accountID int64
		if err := tx.QueryRow(ctx, "SELECT account_id FROM card_purchases WHERE id = $1", in.PurchaseID).Scan(&accountID); err != nil {
			return 0, fmt.Errorf("cards: account of purchase %d: %w", in.PurchaseID, err)
		}
		if err := moveCredit(ctx, tx, accountID, in.Amount, "installment", in.ID, now); err != nil {
			return 0, err
		}
		total += in.Amount + in.Penalty
	}
	return total, nil
}

// PayInstallmentsNow is PayInstallments in its own transaction (staff
// recording a payment made at a branch, and tests).
func (s *Service) PayInstallmentsNow(ctx context.Context, customerID int64, installmentIDs []int64) (int64, error) {
	var total int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		total, err = s.PayInstallments(ctx, tx, customerID, installmentIDs)
		return err
	})
	return total, err
}
