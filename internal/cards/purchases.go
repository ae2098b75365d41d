package cards

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Decision codes (ISO 8583 response codes, as Iranian issuers use them).
const (
	CodeApproved      = "00"
	CodeInvalidAmount = "13"
	CodeNoSuchCard    = "14"
	CodeNoFunds       = "51"
	CodeExpired       = "54"
	CodeWrongPassword = "55"
	CodeNotAllowed    = "57" // lost (or replaced) card
	CodeRestricted    = "62" // blocked card
)

// MaxInstallments bounds a schedule (five years of months).
const MaxInstallments = 60

// statusCode is the decline code for a card that is not usable, or "".
func statusCode(c *Card) string {
	switch c.Status {
	case StatusActive:
		return ""
	case StatusLost, StatusReplaced:
		return CodeNotAllowed
	case StatusExpired:
		return CodeExpired
	}
	return CodeRestricted
}

// Purchase registers a purchase against a card for source ("staff",
// "partner:7", "bank"): approved only if the card is active and the
// installment share fits the available credit, which is checked and
// reserved by ONE conditional update (moveCredit), so concurrent purchases
// can never exceed the limit. Every answer, approved or declined, is kept
// under (source, idempotency key): a repeat returns the first answer with
// Repeated set, even if the body differs.
func (s *Service) Purchase(ctx context.Context, source string, req PurchaseRequest) (*PurchaseResult, error) {
	req.IdempotencyKey = strings.TrimSpace(req.IdempotencyKey)
	if req.IdempotencyKey == "" {
		return nil, errMissingKey
	}
	var res *PurchaseResult
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		res, err = s.purchase(ctx, tx, source, req)
		return err
	})
	if err != nil && db.IsUniqueViolation(err) {
		// A concurrent request with the same key committed first.
		return s.priorPurchase(ctx, s.db, source, req.IdempotencyKey)
	}
	return res, err
}

func (s *Service) priorPurchase(ctx context.Context, q db.Querier, source, key string) (*PurchaseResult, error) {
	r := &PurchaseResult{Repeated: true}
	var approved int64
	err := q.QueryRow(ctx, "SELECT id, approved, code FROM card_purchases WHERE source = $1 AND idempotency_key = $2",
		source, key).Scan(&r.PurchaseID, &approved, &r.Code)
	if err != nil {
		return nil, err
	}
	r.Approved, r.Message = approved == 1, CodeMessages[r.Code]
	return r, nil
}

func (s *Service) purchase(ctx context.Context, tx *db.Tx, source string, req PurchaseRequest) (*PurchaseResult, error) {
	prior, err := s.priorPurchase(ctx, tx, source, req.IdempotencyKey)
	if err == nil {
		return prior, nil
	}
	if !errors.Is(err, db.ErrNoRows) {
		return nil, fmt.Errorf("cards: look up purchase key: %w", err)
	}
	now := s.now()
	on := req.On
	if on == (fa.Date{}) {
		on = fa.JalaliOf(now)
	}
	share := req.Total - req.CashShare
	code := CodeApproved
	var customerID, cardID, accountID any // NULL when the card is not ours
	switch c, err := s.cardByNumber(ctx, tx, req.CardNumber); {
	case req.Total <= 0 || req.CashShare < 0 || share <= 0 || req.Installments < 1 || req.Installments > MaxInstallments:
		code = CodeInvalidAmount
	case errors.Is(err, ErrNotFound):
		code = CodeNoSuchCard
	case err != nil:
		return nil, err
	default:
		customerID, cardID, accountID = c.CustomerID, c.ID, c.AccountID
		if sc := statusCode(c); sc != "" {
			code = sc
		}
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO card_purchases (source, idempotency_key, customer_id, card_id, account_id,
		merchant, policy_number, total, cash_share, installment_share, installments, purchased_on, approved, code, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		source, req.IdempotencyKey, customerID, cardID, accountID, req.Merchant, req.PolicyNumber,
		req.Total, req.CashShare, share, req.Installments, on.String(), boolInt(code == CodeApproved), code, now).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("cards: record purchase: %w", err)
	}
	if code == CodeApproved {
		err := moveCredit(ctx, tx, accountID.(int64), -share, "purchase", id, now)
		switch {
		case errors.Is(err, db.ErrConflict):
			code = CodeNoFunds
			if _, err := tx.Exec(ctx, "UPDATE card_purchases SET approved = 0, code = $1 WHERE id = $2", code, id); err != nil {
				return nil, fmt.Errorf("cards: decline purchase: %w", err)
			}
		case err != nil:
			return nil, err
		default:
			if err := insertSchedule(ctx, tx, id, customerID.(int64), on, share, req.Installments); err != nil {
				return nil, err
			}
		}
	}
	if source == "staff" {
		// Every new staff registration, approved or declined; a repeat
		// returned above is not a new action.
		target, masked := int64(0), labelUnknownCard
		if customerID != nil {
			target = customerID.(int64)
			if c, err := s.card(ctx, tx, cardID.(int64)); err == nil {
				masked = cardDetail(c.Masked)
			}
		}
		detail := auditPurchase(id, masked, req.Total, req.Installments, CodeMessages[code])
		if err := s.auditStaff(ctx, tx, staffOf(ctx), ActionPurchase, target, detail); err != nil {
			return nil, err
		}
	}
	return &PurchaseResult{PurchaseID: id, Approved: code == CodeApproved, Code: code, Message: CodeMessages[code]}, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// ReversePurchase is staff undoing an approved purchase (a cancelled
// policy, a mistaken entry), with a reason: its unpaid installments are
// cancelled and their amounts return to the credit with a ledger row.
// Installments already paid stay paid (a refund of those is a billing
// matter). A purchase is reversed once (conditional update).
func (s *Service) ReversePurchase(ctx context.Context, staffID, purchaseID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ErrNoReason
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		var accountID int64
		err := tx.QueryRow(ctx, `UPDATE card_purchases SET reversed_at = $1, reversed_by = $2, reversal_reason = $3
			WHERE id = $4 AND approved = 1 AND reversed_at IS NULL RETURNING account_id`,
			now, staffID, reason, purchaseID).Scan(&accountID)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotReversible
		}
		if err != nil {
			return fmt.Errorf("cards: reverse purchase %d: %w", purchaseID, err)
		}
		var unpaid int64
		if err := tx.QueryRow(ctx, "SELECT COALESCE(SUM(amount), 0) FROM card_installments WHERE purchase_id = $1 AND paid_at IS NULL",
			purchaseID).Scan(&unpaid); err != nil {
			return fmt.Errorf("cards: unpaid of purchase %d: %w", purchaseID, err)
		}
		if _, err := tx.Exec(ctx, "UPDATE card_installments SET cancelled = 1 WHERE purchase_id = $1 AND paid_at IS NULL",
			purchaseID); err != nil {
			return fmt.Errorf("cards: cancel installments of %d: %w", purchaseID, err)
		}
		var customerID int64
		if err := tx.QueryRow(ctx, "SELECT customer_id FROM card_purchases WHERE id = $1", purchaseID).Scan(&customerID); err != nil {
			return fmt.Errorf("cards: customer of purchase %d: %w", purchaseID, err)
		}
		if err := s.auditStaff(ctx, tx, staffID, ActionReverse, customerID,
			auditReversal(purchaseID, unpaid, reason)); err != nil {
			return err
		}
		if unpaid == 0 {
			return nil
		}
		return moveCredit(ctx, tx, accountID, unpaid, "reversal", purchaseID, now)
	})
}

// Purchases is «مشاهده لیست خرید»: the approved purchases of a customer,
// newest first, with the guide's columns and each one's schedule.
//
// TotalPaid is what was paid on installments (amount and penalty; the
// cash share is paid at the merchant and not counted); Payable is what is
// still due (unpaid amounts and their penalties); Violations is how many
// of its installments went past their grace days unpaid.
func (s *Service) Purchases(ctx context.Context, customerID int64) ([]PurchaseRow, error) {
	// The purchases, then their installments in the index's order
	// (customer, due day, id), which needs no sort: a purchase's
	// installments fall due a month apart, so this is each one's schedule
	// in order; sortSchedule makes sure of it. On PostgreSQL both reads
	// go in one round trip (db.ReadBatch).
	var rows []PurchaseRow
	var inst []Installment
	err := s.db.ReadBatch(ctx,
		db.Read{Query: `SELECT p.id, p.purchased_on, p.policy_number, p.merchant, p.cash_share, p.installment_share, p.total,
			p.installments, (SELECT COUNT(*) FROM card_violations v WHERE v.purchase_id = p.id)
			FROM card_purchases p WHERE p.customer_id = $1 AND p.approved = 1 AND p.reversed_at IS NULL ORDER BY p.purchased_on DESC, p.id DESC`,
			Args: []any{customerID}, Row: func(r db.Scanner) error {
				var p PurchaseRow
				err := r.Scan(&p.ID, &p.Date, &p.PolicyNumber, &p.Merchant, &p.CashShare, &p.InstallmentShare, &p.Total,
					&p.Installments, &p.Violations)
				rows = append(rows, p)
				return err
			}},
		db.Read{Query: "SELECT " + installmentColumns + " WHERE customer_id = $1 AND cancelled = 0 ORDER BY due_on, id",
			Args: []any{customerID}, Row: func(r db.Scanner) error {
				in, err := scanInstallment(r)
				inst = append(inst, in)
				return err
			}})
	if err != nil {
		return nil, fmt.Errorf("cards: list purchases: %w", err)
	}
	at := make(map[int64]int, len(rows))
	for i := range rows {
		at[rows[i].ID] = i
	}
	for _, in := range inst {
		if i, ok := at[in.PurchaseID]; ok {
			rows[i].Schedule = append(rows[i].Schedule, in)
		}
	}
	for i := range rows {
		p := &rows[i]
		sortSchedule(p.Schedule)
		for _, in := range p.Schedule {
			p.Penalty += in.Penalty
			if in.PaidAt != nil {
				p.Paid++
				p.TotalPaid += in.PaidAmount
			} else {
				p.Left++
				p.Payable += in.Amount + in.Penalty
			}
		}
	}
	return rows, nil
}

// sortSchedule puts installments in their order (seq) unless they are
// already, which they are when read in due-day order.
func sortSchedule(list []Installment) {
	bySeq := func(a, b Installment) int { return cmp.Compare(a.Seq, b.Seq) }
	if !slices.IsSortedFunc(list, bySeq) {
		slices.SortStableFunc(list, bySeq)
	}
}
