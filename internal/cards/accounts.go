package cards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"pishkhan/internal/db"
)

// NewAccount is what staff give to open an account. For a credit account
// Floor is the negative credit limit; Withdrawable defaults to
// Balance - Floor (everything down to the floor) when left at zero.
type NewAccount struct {
	CustomerID   int64
	TypeCode     string
	Number       string
	OpenedOn     string // Jalali; today when empty
	Balance      int64
	Withdrawable int64
	Floor        int64
}

// AccountTypes lists the types in their display order.
func (s *Service) AccountTypes(ctx context.Context) ([]AccountType, error) {
	return db.All(ctx, s.db, func(r db.Scanner) (AccountType, error) {
		var t AccountType
		var credit int64
		err := r.Scan(&t.Code, &t.Name, &t.Position, &credit)
		t.Credit = credit == 1
		return t, err
	}, "SELECT code, name, position, credit FROM card_account_types ORDER BY position, code")
}

// IssueAccount opens an account; the opening balance is its first ledger
// row, so the ledger always sums to the balance.
func (s *Service) IssueAccount(ctx context.Context, in NewAccount) (*Account, error) {
	if in.OpenedOn == "" {
		in.OpenedOn = s.today().String()
	}
	if in.Withdrawable == 0 {
		in.Withdrawable = max(in.Balance-in.Floor, 0)
	}
	if in.Balance < in.Floor || in.Withdrawable < 0 {
		return nil, ErrBadAmounts
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO card_accounts
			(customer_id, type_code, number, opened_on, balance, withdrawable, floor, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			in.CustomerID, in.TypeCode, in.Number, in.OpenedOn, in.Balance, in.Withdrawable, in.Floor, s.now()).Scan(&id)
		if err != nil {
			return fmt.Errorf("cards: open account: %w", err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO card_ledger (account_id, amount, kind, ref_id, created_at)
			VALUES ($1, $2, 'opening', 0, $3)`, id, in.Balance, s.now())
		if err != nil {
			return err
		}
		return s.auditStaff(ctx, tx, staffOf(ctx), ActionAccountIssue, in.CustomerID,
			auditAccountOpened(in.Number, in.TypeCode, in.Balance, -in.Floor))
	})
	if err != nil {
		return nil, err
	}
	return s.account(ctx, s.db, id)
}

const accountColumns = `a.id, a.customer_id, a.type_code, t.name, t.credit, a.number, a.opened_on,
	a.balance, a.withdrawable, a.floor FROM card_accounts a JOIN card_account_types t ON t.code = a.type_code`

func scanAccount(r db.Scanner) (Account, error) {
	var a Account
	var credit int64
	err := r.Scan(&a.ID, &a.CustomerID, &a.TypeCode, &a.TypeName, &credit, &a.Number, &a.OpenedOn,
		&a.Balance, &a.Withdrawable, &a.Floor)
	a.Credit = credit == 1
	return a, err
}

func (s *Service) account(ctx context.Context, q db.Querier, id int64) (*Account, error) {
	a, err := scanAccount(q.QueryRow(ctx, "SELECT "+accountColumns+" WHERE a.id = $1", id))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("cards: read account %d: %w", id, err)
	}
	return &a, nil
}

// Accounts is «وضعیت حساب اعتباری»: the customer's accounts in the order
// they were opened, and the totals (see AccountSummary for the rule).
func (s *Service) Accounts(ctx context.Context, customerID int64) (*AccountSummary, error) {
	list, err := db.All(ctx, s.db, scanAccount, "SELECT "+accountColumns+
		" WHERE a.customer_id = $1 ORDER BY a.opened_on, t.position, a.id", customerID)
	if err != nil {
		return nil, fmt.Errorf("cards: list accounts: %w", err)
	}
	sum := &AccountSummary{Accounts: list}
	for _, a := range list {
		if a.Credit {
			sum.CreditLimit += -a.Floor
			sum.Used += -a.Floor - a.Withdrawable
		}
	}
	return sum, nil
}

// LedgerSum is the sum of an account's ledger rows (equal to its balance;
// tests and the staff audit check it).
func (s *Service) LedgerSum(ctx context.Context, accountID int64) (int64, error) {
	var sum int64
	err := s.db.QueryRow(ctx, "SELECT COALESCE(SUM(amount), 0) FROM card_ledger WHERE account_id = $1", accountID).Scan(&sum)
	return sum, err
}

// moveCredit changes an account's balance and withdrawable amount by
// amount (negative draws) with ONE conditional update, so concurrent
// draws can never take the account below its floor or its withdrawable
// below zero, and writes the ledger row. It returns db.ErrConflict when
// the condition does not hold.
func moveCredit(ctx context.Context, tx *db.Tx, accountID, amount int64, kind string, refID int64, now time.Time) error {
	res, err := tx.Exec(ctx, `UPDATE card_accounts SET balance = balance + $1, withdrawable = withdrawable + $1
		WHERE id = $2 AND withdrawable + $1 >= 0 AND balance + $1 >= floor`, amount, accountID)
	if err != nil {
		return fmt.Errorf("cards: move credit of account %d: %w", accountID, err)
	}
	if res.RowsAffected != 1 {
		return db.ErrConflict
	}
	if _, err := tx.Exec(ctx, `INSERT INTO card_ledger (account_id, amount, kind, ref_id, created_at)
		VALUES ($1, $2, $3, $4, $5)`, accountID, amount, kind, refID, now); err != nil {
		return fmt.Errorf("cards: write ledger: %w", err)
	}
	return nil
}

// SetLimit is staff setting a credit account's limit (its floor becomes
// -limit). The withdrawable amount moves by the change, and a lower limit
// than what is already drawn is refused (ErrBadAmounts): one conditional
// update, so it cannot race with a purchase into a negative withdrawable.
func (s *Service) SetLimit(ctx context.Context, accountID, limit int64) error {
	if limit < 0 {
		return ErrBadAmounts
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		acct, err := s.account(ctx, tx, accountID)
		if errors.Is(err, ErrNotFound) {
			return ErrBadAmounts
		}
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE card_accounts SET withdrawable = withdrawable + $1 + floor, floor = -$1
			WHERE id = $2 AND withdrawable + $1 + floor >= 0 AND balance >= -$1
			AND type_code IN (SELECT code FROM card_account_types WHERE credit = 1)`, limit, accountID)
		if err != nil {
			return fmt.Errorf("cards: set limit of account %d: %w", accountID, err)
		}
		if res.RowsAffected != 1 {
			return ErrBadAmounts
		}
		return s.auditStaff(ctx, tx, staffOf(ctx), ActionLimit, acct.CustomerID,
			auditLimitChanged(acct.Number, -acct.Floor, limit))
	})
}
