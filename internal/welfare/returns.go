package welfare

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Kinds of a store's take-back.
const (
	ReturnCancel = "cancel" // the whole purchase, before anything of it was deducted
	ReturnGoods  = "return" // part (or the rest) of a confirmed purchase
)

var (
	ErrPurchaseCancelled = fa.Refusal(domain, "purchase_cancelled", msgPurchaseCancelled)
	ErrNothingToReturn   = fa.Refusal(domain, "nothing_to_return", msgNothingToReturn)
	ErrCancelAfterPaid   = fa.Refusal(domain, "cancel_after_paid", msgCancelAfterPaid).OnField("amount")
	ErrReturnAmount      = fa.Refusal(domain, "return_amount", msgReturnAmount).OnField("amount")
	ErrReturnPending     = fa.Refusal(domain, "return_pending", msgReturnPending).OnField("amount")
)

// Return is one cancellation or return by a store.
type Return struct {
	ID         int64
	PurchaseID int64
	Kind       string
	Amount     int64
	CreatedAt  time.Time
}

// ReturnRequest is a store's take-back: Amount 0 cancels the whole
// purchase; a positive Amount returns that much of it. The key makes a
// repeated request (same store, same key) answer the first one again.
type ReturnRequest struct {
	Amount         int64
	IdempotencyKey string
	StaffID        int64 // the store's staff member (0: the store's API)
}

func (s *Service) returnByKey(ctx context.Context, q db.Querier, merchantID int64, key string) (*Return, error) {
	var r Return
	err := q.QueryRow(ctx, `SELECT id, purchase_id, kind, amount, created_at FROM welfare_returns WHERE merchant_id = $1 AND idempotency_key = $2`,
		merchantID, key).Scan(&r.ID, &r.PurchaseID, &r.Kind, &r.Amount, &r.CreatedAt)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, wrap("read return", err)
	}
	return &r, nil
}

// ReturnPurchase is a store's cancellation or return of one of its
// purchases. A pending purchase is only cancelled (nothing was charged).
// For a confirmed one, the amount comes off the unsettled installments,
// the last first; the purchase power (used) comes back by as much, and a
// cancellation before the month's credit came back on the 8th gives that
// back too; one ledger row explains the change, and the employee is told
// by SMS. A purchase left with nothing due is finished. Installments
// already deducted from the salary are not undone here: once any was
// deducted, only a return of what is still due is possible.
//
// The same idempotency key from the same store answers the first return
// again and changes nothing (a unique index holds under concurrency).
func (s *Service) ReturnPurchase(ctx context.Context, merchant *Merchant, purchaseID int64, r ReturnRequest) (*Return, error) {
	r.IdempotencyKey = strings.TrimSpace(r.IdempotencyKey)
	if r.IdempotencyKey == "" || utf8.RuneCountInString(r.IdempotencyKey) > 100 || !cleanText(r.IdempotencyKey) {
		return nil, errIdempotencyKey
	}
	if r.Amount < 0 || r.Amount > 100_000_000_000 {
		return nil, ErrReturnAmount
	}
	if done, err := s.returnByKey(ctx, s.db, merchant.ID, r.IdempotencyKey); err == nil {
		if done.PurchaseID != purchaseID {
			return nil, errIdempotencyKey.Saying(msgIdempotencyReused)
		}
		return done, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	var out *Return
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		p, err := s.purchase(ctx, tx, "p.id = $1 AND p.merchant_id = $2"+db.ForUpdate(tx), purchaseID, merchant.ID)
		if err != nil {
			return err
		}
		if p.Status == PurchaseCancelled {
			return ErrPurchaseCancelled
		}
		now := s.now()
		ret := &Return{PurchaseID: p.ID, CreatedAt: now}
		var due, paid int64 // still to deduct; deducted from the salary so far
		if p.Status == PurchaseConfirmed {
			if err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN settled_at IS NULL THEN amount - paid - returned ELSE 0 END), 0),
				COALESCE(SUM(paid), 0) FROM welfare_installments WHERE purchase_id = $1`, p.ID).Scan(&due, &paid); err != nil {
				return wrap("purchase due", err)
			}
		}
		switch {
		case p.Status == PurchasePending && r.Amount > 0:
			return ErrReturnPending
		case p.Status == PurchasePending:
			ret.Kind = ReturnCancel
		case due == 0:
			return ErrNothingToReturn
		case r.Amount == 0 && paid > 0:
			return ErrCancelAfterPaid
		case r.Amount > due:
			return ErrReturnAmount
		case r.Amount == 0 || (r.Amount == due && paid == 0 && p.Returned == 0):
			ret.Kind, ret.Amount = ReturnCancel, due
		default:
			ret.Kind, ret.Amount = ReturnGoods, r.Amount
		}
		err = tx.QueryRow(ctx, `INSERT INTO welfare_returns (purchase_id, merchant_id, idempotency_key, kind, amount, staff_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (merchant_id, idempotency_key) DO NOTHING RETURNING id`,
			p.ID, merchant.ID, r.IdempotencyKey, ret.Kind, ret.Amount, r.StaffID, now).Scan(&ret.ID)
		if errors.Is(err, db.ErrNoRows) {
			// The same request at the same moment: the first one did it.
			out, err = s.returnByKey(ctx, tx, merchant.ID, r.IdempotencyKey)
			return err
		}
		if err != nil {
			return wrap("record return", err)
		}
		out = ret
		if p.Status == PurchasePending {
			if _, err := tx.Exec(ctx, "UPDATE welfare_purchases SET status = $1 WHERE id = $2", PurchaseCancelled, p.ID); err != nil {
				return wrap("cancel purchase", err)
			}
			return nil // nothing was charged, nothing to give back
		}
		return s.giveBackPurchase(ctx, tx, p, ret, due, now)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// giveBackPurchase takes ret.Amount off p's unsettled installments (the
// last first) and gives it back to the account, in tx.
func (s *Service) giveBackPurchase(ctx context.Context, tx *db.Tx, p *Purchase, ret *Return, due int64, now time.Time) error {
	type open struct{ id, due int64 }
	list, err := db.All(ctx, tx, func(r db.Scanner) (open, error) {
		var o open
		return o, r.Scan(&o.id, &o.due)
	}, `SELECT id, amount - paid - returned FROM welfare_installments WHERE purchase_id = $1 AND settled_at IS NULL ORDER BY seq DESC`, p.ID)
	if err != nil {
		return wrap("open installments", err)
	}
	left := ret.Amount
	for _, o := range list {
		if left == 0 {
			break
		}
		cut := min(left, o.due)
		res, err := tx.Exec(ctx, `UPDATE welfare_installments SET returned = returned + $1,
			settled_at = CASE WHEN amount - paid - returned = $1 THEN $2 ELSE settled_at END
			WHERE id = $3 AND settled_at IS NULL AND amount - paid - returned >= $1`, cut, now, o.id)
		if err != nil {
			return wrap("return installment", err)
		}
		if res.RowsAffected != 1 {
			return fmt.Errorf("welfare: return: installment %d changed underneath", o.id)
		}
		left -= cut
	}
	var monthBack int64
	status := PurchaseConfirmed
	if ret.Kind == ReturnCancel {
		status = PurchaseCancelled
		if p.RestoredAt == nil {
			monthBack = p.Monthly // the month's credit comes back now, not on the 8th
		}
	}
	finished := ret.Amount == due
	res, err := tx.Exec(ctx, `UPDATE welfare_purchases SET status = $1, returned = returned + $2,
		restored_at = CASE WHEN $3 > 0 THEN $4 ELSE restored_at END,
		finished_at = CASE WHEN $5 = 1 THEN $4 ELSE finished_at END WHERE id = $6`,
		status, ret.Amount, monthBack, now, boolInt(finished), p.ID)
	if err != nil {
		return wrap("return purchase", err)
	}
	if res.RowsAffected != 1 {
		return ErrNotFound
	}
	res, err = tx.Exec(ctx, `UPDATE welfare_accounts SET used = used - $1, month_used = month_used - $2,
		open_purchases = open_purchases - $3 WHERE id = $4 AND used >= $1 AND month_used >= $2 AND open_purchases >= $3`,
		ret.Amount, monthBack, boolInt(finished), p.AccountID)
	if err != nil {
		return wrap("give back credit", err)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("welfare: return %d: account %d would go below zero", ret.ID, p.AccountID)
	}
	if err := ledger(ctx, tx, p.AccountID, ret.Kind, -ret.Amount, -monthBack, ret.ID, now); err != nil {
		return err
	}
	e, err := s.employeeWhere(ctx, tx, "e.customer_id = $1", p.CustomerID)
	if err != nil {
		return err
	}
	text := textCancelled(p.MerchantName, p.Amount)
	if ret.Kind == ReturnGoods {
		text = textReturned(ret.Amount, p.MerchantName)
	}
	return s.tell(ctx, tx, e, smsReturn, text)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
