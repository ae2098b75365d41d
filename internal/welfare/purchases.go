package welfare

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/otp"
)

// PurposePurchase is the one-time code's purpose; its binding names the
// store, the amount, the installments and the purchase, so a code sent
// for one purchase never confirms another.
const PurposePurchase = "welfare-purchase"

// PurchaseRequest is what a store's staff (or its API) send.
type PurchaseRequest struct {
	Customer       string // mobile or national code
	Amount         int64
	Installments   int
	IdempotencyKey string
}

// Confirmation methods of a purchase's one-time code.
const (
	MethodSMS = "sms"
	MethodApp = "app" // the authenticator (TOTP)
)

func binding(p *Purchase) string {
	return fmt.Sprintf("m%d:a%d:n%d:p%d", p.MerchantID, p.Amount, p.Installments, p.ID)
}

const purchaseCols = `p.id, p.merchant_id, m.name, p.idempotency_key, p.customer_id, p.account_id, p.amount, p.installments, p.monthly,
	p.status, p.returned, p.purchased_on, p.restore_on, p.restored_at, p.finished_at, p.created_at`

const purchaseFrom = " FROM welfare_purchases p JOIN welfare_merchants m ON m.id = p.merchant_id "

func scanPurchase(r db.Scanner) (Purchase, error) {
	var p Purchase
	err := r.Scan(&p.ID, &p.MerchantID, &p.MerchantName, &p.IdempotencyKey, &p.CustomerID, &p.AccountID, &p.Amount, &p.Installments, &p.Monthly,
		&p.Status, &p.Returned, &p.PurchasedOn, &p.RestoreOn, &p.RestoredAt, &p.FinishedAt, &p.CreatedAt)
	return p, err
}

func (s *Service) purchase(ctx context.Context, q db.Querier, where string, args ...any) (*Purchase, error) {
	p, err := scanPurchase(q.QueryRow(ctx, "SELECT "+purchaseCols+purchaseFrom+"WHERE "+where, args...))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, wrap("read purchase", err)
	}
	return &p, nil
}

// customerEmployee finds the employee a store means by mobile or
// national code.
func (s *Service) customerEmployee(ctx context.Context, key string) (*Employee, error) {
	key = strings.TrimSpace(fa.NormalizeInput(key))
	if m, err := fa.ParseMobile(key); err == nil {
		e, err := s.employeeWhere(ctx, s.db, "e.mobile = $1 AND EXISTS (SELECT 1 FROM welfare_accounts a WHERE a.employee_id = e.id) ORDER BY e.id LIMIT 1", m)
		if errors.Is(err, ErrNotFound) {
			return nil, ErrNoAccount
		}
		return e, err
	}
	if c, err := fa.ParseNationalCode(key); err == nil {
		e, err := s.employeeWhere(ctx, s.db, "e.national_code = $1", c)
		if errors.Is(err, ErrNotFound) {
			return nil, ErrNoAccount
		}
		return e, err
	}
	return nil, errCustomerKey
}

// checkCredit says which rule a purchase breaks on a's current figures
// (nil if none). The same rules are enforced atomically at confirmation.
func (s *Service) checkCredit(ctx context.Context, a *Account, amount int64, n int, exclude int64) error {
	if !a.Open(s.now()) {
		return ErrNotOpen
	}
	if n < 1 || n > a.Ceiling {
		return ErrOverCeiling
	}
	monthly := SplitInstallments(amount, n)[0]
	if monthly > a.MonthAvailable() {
		return ErrOverMonthly
	}
	if amount > a.Available() {
		return ErrOverPower
	}
	if err := checkMonths(ctx, s.db, a.ID, a.MonthlyCredit, scheduleMonths(s.today(), n), SplitInstallments(amount, n)); err != nil {
		return err
	}
	p, err := s.Product(ctx, s.db, a.ProductID)
	if err != nil {
		return err
	}
	if p.OneOpenPurchase {
		var open int
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM welfare_purchases WHERE account_id = $1 AND status = $2 AND finished_at IS NULL AND id <> $3`,
			a.ID, PurchaseConfirmed, exclude).Scan(&open); err != nil {
			return wrap("open purchases", err)
		}
		if open > 0 {
			return ErrOpenPurchase
		}
	}
	return nil
}

// StartPurchase records a store's purchase for a customer as pending and
// sends the customer a one-time code bound to it. Nothing is charged
// until ConfirmPurchase. The same idempotency key from the same store
// returns the first purchase again (and sends no second code).
func (s *Service) StartPurchase(ctx context.Context, merchant *Merchant, r PurchaseRequest) (*Purchase, error) {
	if merchant.Status != MerchantApproved {
		return nil, ErrMerchantNotActive
	}
	r.IdempotencyKey = strings.TrimSpace(r.IdempotencyKey)
	if r.IdempotencyKey == "" || utf8.RuneCountInString(r.IdempotencyKey) > 100 {
		return nil, errIdempotencyKey
	}
	if p, err := s.purchase(ctx, s.db, "p.merchant_id = $1 AND p.idempotency_key = $2", merchant.ID, r.IdempotencyKey); err == nil {
		return p, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	if r.Amount <= 0 || r.Amount > 100_000_000_000 {
		return nil, ErrAmount
	}
	e, err := s.customerEmployee(ctx, r.Customer)
	if err != nil {
		return nil, err
	}
	a, err := s.Account(ctx, e.CustomerID)
	if err != nil {
		return nil, err
	}
	if err := s.checkCredit(ctx, a, r.Amount, r.Installments, 0); err != nil {
		return nil, err
	}
	p := &Purchase{MerchantID: merchant.ID, MerchantName: merchant.Name, IdempotencyKey: r.IdempotencyKey, CustomerID: e.CustomerID, AccountID: a.ID,
		Amount: r.Amount, Installments: r.Installments, Monthly: SplitInstallments(r.Amount, r.Installments)[0], Status: PurchasePending, CreatedAt: s.now()}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO welfare_purchases (merchant_id, idempotency_key, customer_id, account_id, amount, installments, monthly, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			p.MerchantID, p.IdempotencyKey, p.CustomerID, p.AccountID, p.Amount, p.Installments, p.Monthly, p.Status, p.CreatedAt).Scan(&p.ID)
	})
	if db.IsUniqueViolation(err) {
		// The same key, at the same moment, from the same store.
		return s.purchase(ctx, s.db, "p.merchant_id = $1 AND p.idempotency_key = $2", merchant.ID, r.IdempotencyKey)
	}
	if err != nil {
		return nil, wrap("add purchase", err)
	}
	return p, s.cooldownOf(ctx, p, s.sendCode(ctx, p, e))
}

func (s *Service) sendCode(ctx context.Context, p *Purchase, e *Employee) error {
	if e.Mobile == "" {
		return ErrMobile
	}
	return s.otp.IssueSMSCode(ctx, otp.CodeRequest{PersonID: p.CustomerID, Mobile: e.Mobile, RecipientName: e.FullName(), Purpose: PurposePurchase,
		Binding: binding(p), Reason: otpPurchaseReason(p.MerchantName, p.Amount),
		Approves: otp.ApprovesInstallments(p.Amount, p.MerchantName, p.Installments, p.Monthly)})
}

// ResendCode sends a pending purchase's code again (after the cool-down).
func (s *Service) ResendCode(ctx context.Context, merchant *Merchant, purchaseID int64) error {
	p, err := s.purchase(ctx, s.db, "p.id = $1 AND p.merchant_id = $2", purchaseID, merchant.ID)
	if err != nil {
		return err
	}
	if p.Status == PurchaseCancelled {
		return ErrPurchaseCancelled
	}
	if p.Status != PurchasePending {
		return ErrPurchaseDone
	}
	e, err := s.employeeWhere(ctx, s.db, "e.customer_id = $1", p.CustomerID)
	if err != nil {
		return err
	}
	return s.cooldownOf(ctx, p, s.sendCode(ctx, p, e))
}

// MerchantPurchase reads one of a store's purchases.
func (s *Service) MerchantPurchase(ctx context.Context, merchant *Merchant, id int64) (*Purchase, error) {
	return s.purchase(ctx, s.db, "p.id = $1 AND p.merchant_id = $2", id, merchant.ID)
}

// ConfirmPurchase checks the customer's one-time code (SMS, bound to
// this purchase, or the authenticator) and only then charges the credit:
// one conditional update checks that the account is open, the
// installments within the ceiling, the monthly installment within the
// month's credit left, the amount within the purchase power left and (if
// the product says so) no other purchase unsettled. Confirming again
// returns the purchase unchanged.
func (s *Service) ConfirmPurchase(ctx context.Context, merchant *Merchant, purchaseID int64, method, code string) (*Purchase, error) {
	p, err := s.purchase(ctx, s.db, "p.id = $1 AND p.merchant_id = $2", purchaseID, merchant.ID)
	if err != nil {
		return nil, err
	}
	if p.Status == PurchaseConfirmed {
		return p, nil
	}
	if p.Status == PurchaseCancelled {
		return nil, ErrPurchaseCancelled
	}
	code = strings.TrimSpace(fa.LatinDigits(code))
	if code == "" {
		return nil, errNoCode
	}
	var ok bool
	if method == MethodApp {
		ok, err = s.otp.VerifyTOTP(ctx, p.CustomerID, code)
	} else {
		ok, err = s.otp.VerifySMSCode(ctx, PurposePurchase, binding(p), p.CustomerID, code)
	}
	switch {
	case errors.Is(err, otp.ErrCodeExpired):
		return nil, ErrCodeExpired
	case err != nil:
		if msg, ok := fa.UserMessage(err); ok {
			return nil, errNoCode.Saying(msg)
		}
		var oe *fa.Error
		if errors.As(err, &oe) {
			return nil, errNoCode.Saying(oe.Message)
		}
		return nil, err
	case !ok:
		return nil, ErrWrongCode
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		today := fa.JalaliOf(now)
		res, err := tx.Exec(ctx, `UPDATE welfare_purchases SET status = $1, confirmed_at = $2, purchased_on = $3, restore_on = $4
			WHERE id = $5 AND status = $6`, PurchaseConfirmed, now, today.String(), RestoreDate(today).String(), p.ID, PurchasePending)
		if err != nil {
			return wrap("confirm purchase", err)
		}
		if res.RowsAffected != 1 {
			return nil // confirmed at the same moment by another request
		}
		var onlyOne int
		if err := tx.QueryRow(ctx, "SELECT one_open_purchase FROM welfare_products WHERE id = (SELECT product_id FROM welfare_accounts WHERE id = $1)",
			p.AccountID).Scan(&onlyOne); err != nil {
			return wrap("read product", err)
		}
		res, err = tx.Exec(ctx, `UPDATE welfare_accounts SET used = used + $1, month_used = month_used + $2, open_purchases = open_purchases + 1
			WHERE id = $3 AND opens_at <= $4 AND ceiling >= $5 AND used + $1 <= monthly_credit * ceiling AND month_used + $2 <= monthly_credit
			AND (open_purchases = 0 OR $6 = 0)`, p.Amount, p.Monthly, p.AccountID, now, p.Installments, onlyOne)
		if err != nil {
			return wrap("charge credit", err)
		}
		if res.RowsAffected != 1 {
			a, err := scanAccount(tx.QueryRow(ctx, "SELECT "+accountCols+" FROM welfare_accounts WHERE id = $1", p.AccountID))
			if err != nil {
				return err
			}
			if err := s.checkCredit(ctx, a, p.Amount, p.Installments, p.ID); err != nil {
				return err
			}
			return ErrOverPower
		}
		if err := ledger(ctx, tx, p.AccountID, "purchase", p.Amount, p.Monthly, p.ID, now); err != nil {
			return err
		}
		var employeeID, credit int64
		if err := tx.QueryRow(ctx, "SELECT employee_id, monthly_credit FROM welfare_accounts WHERE id = $1", p.AccountID).Scan(&employeeID, &credit); err != nil {
			return wrap("read account", err)
		}
		months, amounts := scheduleMonths(today, p.Installments), SplitInstallments(p.Amount, p.Installments)
		if err := checkMonths(ctx, tx, p.AccountID, credit, months, amounts); err != nil {
			return err
		}
		for i, amount := range amounts {
			if _, err := tx.Exec(ctx, `INSERT INTO welfare_installments (purchase_id, account_id, employee_id, seq, due_month, amount)
				VALUES ($1, $2, $3, $4, $5, $6)`, p.ID, p.AccountID, employeeID, i+1, months[i], amount); err != nil {
				return wrap("add installment", err)
			}
		}
		e, err := s.employeeWhere(ctx, tx, "e.id = $1", employeeID)
		if err != nil {
			return err
		}
		return s.tell(ctx, tx, e, smsPurchase, textPurchase(p.MerchantName, p.Amount, p.Installments, p.Monthly))
	})
	if err != nil {
		return nil, err
	}
	return s.purchase(ctx, s.db, "p.id = $1", p.ID)
}

// Purchases lists a customer's confirmed purchases, newest first.
func (s *Service) Purchases(ctx context.Context, customerID int64) ([]Purchase, error) {
	list, err := db.All(ctx, s.db, scanPurchase, "SELECT "+purchaseCols+purchaseFrom+"WHERE p.customer_id = $1 AND p.status = $2 ORDER BY p.id DESC",
		customerID, PurchaseConfirmed)
	return list, wrap("list purchases", err)
}

// Installments lists a customer's installments, oldest due first
// («وضعیت اقساط»).
func (s *Service) Installments(ctx context.Context, customerID int64) ([]Installment, error) {
	list, err := db.All(ctx, s.db, func(r db.Scanner) (Installment, error) {
		var i Installment
		return i, r.Scan(&i.ID, &i.PurchaseID, &i.Seq, &i.DueMonth, &i.Amount, &i.Paid, &i.Returned, &i.SettledAt, &i.Merchant, &i.Of)
	}, `SELECT i.id, i.purchase_id, i.seq, i.due_month, i.amount, i.paid, i.returned, i.settled_at, m.name, p.installments
		FROM welfare_installments i JOIN welfare_purchases p ON p.id = i.purchase_id JOIN welfare_merchants m ON m.id = p.merchant_id
		WHERE p.customer_id = $1 ORDER BY i.due_month, i.purchase_id, i.seq`, customerID)
	return list, wrap("list installments", err)
}
