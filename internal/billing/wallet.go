package billing

import (
	"context"
	"errors"
	"fmt"

	"pishkhan/internal/db"
)

// The wallet («عملیات مالی و بانک مجازی», «اعتبار پنل شما») is a ledger:
// billing_wallet_accounts holds the balance, billing_wallet_entries every
// change with its reason. A change is one transaction that locks the
// account, skips a change whose idempotency key is already in the ledger,
// moves the balance with a conditional update that cannot go below zero,
// and writes the ledger row with the balance after it.

// Credit adds amount (> 0) rials to a customer's wallet: refunds,
// prorated plan changes, surpluses. With a nil tx it runs in its own
// transaction. A repeated idempotencyKey returns the first entry and
// changes nothing (ErrIdempotency if it was for another customer or
// amount).
func (s *Service) Credit(ctx context.Context, tx *db.Tx, customerID, amount int64, reason, refKind string, refID int64, idempotencyKey string) (WalletEntry, error) {
	if amount <= 0 {
		return WalletEntry{}, ErrAmount
	}
	var e WalletEntry
	err := s.maybeTx(ctx, tx, func(tx *db.Tx) error {
		var err error
		e, _, err = s.walletChange(ctx, tx, customerID, amount, reason, refKind, refID, idempotencyKey)
		return err
	})
	return e, err
}

// debit takes amount (> 0) rials; ErrInsufficient when the balance is
// short. Only checkout debits, inside its own transaction.
func (s *Service) debit(ctx context.Context, tx *db.Tx, customerID, amount int64, reason, refKind string, refID int64, key string) (WalletEntry, error) {
	if amount <= 0 {
		return WalletEntry{}, ErrAmount
	}
	e, _, err := s.walletChange(ctx, tx, customerID, -amount, reason, refKind, refID, key)
	return e, err
}

// walletChange applies amount (signed) once per key. applied is false when
// the key was already in the ledger.
func (s *Service) walletChange(ctx context.Context, tx *db.Tx, customerID, amount int64, reason, refKind string, refID int64, key string) (e WalletEntry, applied bool, err error) {
	if customerID <= 0 {
		return e, false, ErrNoCustomer
	}
	if amount == 0 || amount > MaxAmount || amount < -MaxAmount {
		return e, false, ErrAmount
	}
	if key == "" {
		return e, false, errors.New("billing: wallet change without an idempotency key")
	}
	now := s.now()
	if _, err := tx.Exec(ctx, `INSERT INTO billing_wallet_accounts (customer_id, balance, updated_at) VALUES ($1, 0, $2)
		ON CONFLICT (customer_id) DO NOTHING`, customerID, now); err != nil {
		return e, false, fmt.Errorf("billing: open wallet of %d: %w", customerID, err)
	}
	// Lock the account first: changes to one wallet then run one after
	// another, so the idempotency check below cannot race (SQLite's single
	// writer already serialises them).
	var balance int64
	if err := tx.QueryRow(ctx, "SELECT balance FROM billing_wallet_accounts WHERE customer_id = $1"+db.ForUpdate(tx),
		customerID).Scan(&balance); err != nil {
		return e, false, fmt.Errorf("billing: lock wallet of %d: %w", customerID, err)
	}
	prev, err := scanEntry(tx.QueryRow(ctx, "SELECT "+entryColumns+" FROM billing_wallet_entries WHERE idempotency_key = $1", key))
	switch {
	case err == nil:
		if prev.CustomerID != customerID || prev.Amount != amount {
			return e, false, ErrIdempotency.Because(fmt.Errorf("key %q was used for customer %d amount %d", key, prev.CustomerID, prev.Amount))
		}
		return prev, false, nil
	case !errors.Is(err, db.ErrNoRows):
		return e, false, fmt.Errorf("billing: look up wallet key: %w", err)
	}
	var after int64
	err = tx.QueryRow(ctx, `UPDATE billing_wallet_accounts SET balance = balance + $1, updated_at = $2
		WHERE customer_id = $3 AND balance + $1 >= 0 RETURNING balance`, amount, now, customerID).Scan(&after)
	if errors.Is(err, db.ErrNoRows) {
		return e, false, ErrInsufficient
	}
	if err != nil {
		return e, false, fmt.Errorf("billing: change wallet of %d: %w", customerID, err)
	}
	e = WalletEntry{CustomerID: customerID, Amount: amount, BalanceAfter: after, Reason: reason,
		RefKind: refKind, RefID: refID, IdempotencyKey: key, CreatedAt: now}
	err = tx.QueryRow(ctx, `INSERT INTO billing_wallet_entries
		(customer_id, amount, balance_after, reason, ref_kind, ref_id, idempotency_key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		customerID, amount, after, reason, refKind, refID, key, now).Scan(&e.ID)
	if err != nil {
		return WalletEntry{}, false, fmt.Errorf("billing: write wallet entry: %w", err)
	}
	return e, true, nil
}

// Balance is the customer's wallet balance (0 for a wallet never used).
func (s *Service) Balance(ctx context.Context, customerID int64) (int64, error) {
	return balanceOf(ctx, s.db, customerID)
}

func balanceOf(ctx context.Context, q db.Querier, customerID int64) (int64, error) {
	var b int64
	err := q.QueryRow(ctx, "SELECT balance FROM billing_wallet_accounts WHERE customer_id = $1", customerID).Scan(&b)
	if errors.Is(err, db.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("billing: read wallet of %d: %w", customerID, err)
	}
	return b, nil
}

// Wallet is the customer's balance and one page (1-based) of the ledger,
// newest first.
func (s *Service) Wallet(ctx context.Context, customerID int64, page int) (*Statement, error) {
	st := &Statement{CustomerID: customerID}
	var err error
	if st.Balance, err = balanceOf(ctx, s.db, customerID); err != nil {
		return nil, err
	}
	page, size, offset := s.paging(page)
	st.Entries = Page[WalletEntry]{Page: page, PageSize: size}
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM billing_wallet_entries WHERE customer_id = $1", customerID).
		Scan(&st.Entries.Total); err != nil {
		return nil, fmt.Errorf("billing: count wallet entries: %w", err)
	}
	st.Entries.Items, err = db.All(ctx, s.db, scanEntry, "SELECT "+entryColumns+
		" FROM billing_wallet_entries WHERE customer_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
		customerID, int64(size), int64(offset))
	if err != nil {
		return nil, fmt.Errorf("billing: list wallet entries: %w", err)
	}
	return st, nil
}

const entryColumns = "id, customer_id, amount, balance_after, reason, ref_kind, ref_id, idempotency_key, created_at"

func scanEntry(r db.Scanner) (WalletEntry, error) {
	var e WalletEntry
	err := r.Scan(&e.ID, &e.CustomerID, &e.Amount, &e.BalanceAfter, &e.Reason, &e.RefKind, &e.RefID, &e.IdempotencyKey, &e.CreatedAt)
	return e, err
}

// paging turns a 1-based page number into page, size and offset.
func (s *Service) paging(page int) (int, int, int) {
	page = max(page, 1)
	return page, s.opts.PageSize, (page - 1) * s.opts.PageSize
}

// maybeTx runs fn in tx, or in a transaction of its own when tx is nil.
func (s *Service) maybeTx(ctx context.Context, tx *db.Tx, fn func(tx *db.Tx) error) error {
	if tx != nil {
		return fn(tx)
	}
	return s.db.InTx(ctx, fn)
}
