package billing

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// CreateOrder records an order in state created with its figures fixed
// (see money.go) and a fresh tracking number. With a nil tx it runs in a
// transaction of its own; an area that must write its own rows with the
// order passes its tx. The wallet is only read here: the credit used is
// taken when the customer goes to pay (StartPayment) or completes an
// order with nothing to pay (CompleteWithoutPayment).
func (s *Service) CreateOrder(ctx context.Context, tx *db.Tx, n NewOrder) (*Order, error) {
	if n.CustomerID <= 0 {
		return nil, ErrNoCustomer
	}
	if _, ok := s.fulfiller(n.Kind); !ok {
		return nil, ErrNoFulfiller.Because(fmt.Errorf("no fulfiller for kind %q", n.Kind))
	}
	if len(n.Lines) == 0 {
		return nil, ErrNoLines
	}
	var price int64
	for _, l := range n.Lines {
		if l.Amount < 0 || l.Amount > MaxAmount || strings.TrimSpace(l.Description) == "" {
			return nil, ErrAmount.Because(fmt.Errorf("line %q amount %d", l.Description, l.Amount))
		}
		price += l.Amount
		if price > MaxAmount {
			return nil, ErrAmount
		}
	}
	desc := cmp.Or(strings.TrimSpace(n.Description), n.Lines[0].Description)
	var o *Order
	err := s.maybeTx(ctx, tx, func(tx *db.Tx) error {
		var balance int64
		if n.UseWallet {
			var err error
			if balance, err = balanceOf(ctx, tx, n.CustomerID); err != nil {
				return err
			}
		}
		rate := s.opts.VATRate
		if n.VATExempt {
			rate = 0
		}
		f, err := ComputeFigures(price, n.Subscription, n.Remaining, balance, n.UseWallet, rate)
		if err != nil {
			return err
		}
		now := s.now()
		o = &Order{CustomerID: n.CustomerID, Kind: n.Kind, Ref: n.Ref, Description: desc, State: StateCreated,
			Lines: append([]Line(nil), n.Lines...), Figures: f, CreatedAt: now, UpdatedAt: now}
		if err := s.insertOrder(ctx, tx, o); err != nil {
			return err
		}
		for i, l := range o.Lines {
			if _, err := tx.Exec(ctx, "INSERT INTO billing_order_lines (order_id, position, description, amount) VALUES ($1, $2, $3, $4)",
				o.ID, int64(i+1), l.Description, l.Amount); err != nil {
				return fmt.Errorf("billing: insert order line: %w", err)
			}
		}
		return addEvent(ctx, tx, o.ID, "", StateCreated, "customer", reasonCreated, now)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// insertOrder draws tracking numbers until one is free. ON CONFLICT DO
// NOTHING (not catching a unique violation) keeps the caller's PostgreSQL
// transaction usable when a number is taken.
func (s *Service) insertOrder(ctx context.Context, tx *db.Tx, o *Order) error {
	for range 20 {
		tracking, err := newTracking(s.opts.TrackingDigits)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO billing_orders (tracking, customer_id, kind, ref, description, state,
			price, vat_rate, vat, subscription, remaining, wallet_used, payable, surplus, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
			ON CONFLICT (tracking) DO NOTHING RETURNING id`,
			tracking, o.CustomerID, o.Kind, o.Ref, o.Description, o.State,
			o.Price, o.VATRate, o.VAT, o.Subscription, o.Remaining, o.WalletUsed, o.Payable, o.Surplus, o.CreatedAt).Scan(&o.ID)
		if errors.Is(err, db.ErrNoRows) {
			continue // tracking number taken: draw another
		}
		if err != nil {
			return fmt.Errorf("billing: insert order: %w", err)
		}
		o.Tracking = tracking
		return nil
	}
	return errors.New("billing: no free tracking number after 20 draws")
}

// newTracking draws a number of the given digits with no leading zero,
// from crypto/rand: not guessable in sequence, though a customer only ever
// sees orders by their own id and the number together.
func newTracking(digits int) (string, error) {
	lo := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits-1)), nil)
	span := new(big.Int).Mul(lo, big.NewInt(9))
	n, err := rand.Int(rand.Reader, span)
	if err != nil {
		return "", fmt.Errorf("billing: draw tracking number: %w", err)
	}
	return n.Add(n, lo).String(), nil
}

// CancelOrder cancels an order that has not gone to a bank («بازگشت و
// تصحیح»). An order at the gateway cannot be cancelled: the bank may have
// the money, and only its answer (or the expiry) ends such an order.
func (s *Service) CancelOrder(ctx context.Context, customerID, orderID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := orderByID(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if o.CustomerID != customerID {
			return ErrNotFound
		}
		return s.transition(ctx, tx, o.ID, StateCreated, StateCancelled, "customer", reasonCustomerCancelled)
	})
}

// transition moves an order from one state to another if it is still in
// from, and records it. ErrOrderState when another actor moved it first.
func (s *Service) transition(ctx context.Context, tx *db.Tx, orderID int64, from, to, actor, reason string) error {
	ok, err := s.tryTransition(ctx, tx, orderID, from, to, actor, reason)
	if err != nil {
		return err
	}
	if !ok {
		return ErrOrderState
	}
	return nil
}

// tryTransition is transition reporting a lost race as false: the
// conditional update is what makes two actors unable to both move one
// order.
func (s *Service) tryTransition(ctx context.Context, tx *db.Tx, orderID int64, from, to, actor, reason string) (bool, error) {
	now := s.now()
	var paidAt *time.Time
	if to == StatePaid {
		paidAt = &now
	}
	res, err := tx.Exec(ctx, `UPDATE billing_orders SET state = $1, updated_at = $2, paid_at = COALESCE($3, paid_at)
		WHERE id = $4 AND state = $5`, to, now, paidAt, orderID, from)
	if err != nil {
		return false, fmt.Errorf("billing: move order %d %s→%s: %w", orderID, from, to, err)
	}
	if res.RowsAffected == 0 {
		return false, nil
	}
	return true, addEvent(ctx, tx, orderID, from, to, actor, reason, now)
}

func addEvent(ctx context.Context, tx *db.Tx, orderID int64, from, to, actor, reason string, at time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO billing_order_events (order_id, from_state, to_state, actor, reason, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, orderID, from, to, actor, fa.Clip(reason, 500), at); err != nil {
		return fmt.Errorf("billing: record event of order %d: %w", orderID, err)
	}
	return nil
}

// Order returns an order with its lines (staff and internal use).
func (s *Service) Order(ctx context.Context, id int64) (*Order, error) {
	return orderByID(ctx, s.db, id)
}

// OrderByTracking finds a customer's own order by its tracking number; an
// order of someone else is not found.
func (s *Service) OrderByTracking(ctx context.Context, customerID int64, tracking string) (*Order, error) {
	o, err := scanOrder(s.db.QueryRow(ctx, "SELECT "+orderColumns+" FROM billing_orders WHERE customer_id = $1 AND tracking = $2",
		customerID, strings.TrimSpace(tracking)))
	if err != nil {
		return nil, notFound(err, ErrNotFound)
	}
	return o, loadLines(ctx, s.db, o)
}

// ListOrders lists orders for finance staff, newest first, with the
// number of orders the filter selects.
func (s *Service) ListOrders(ctx context.Context, f Filter) ([]*Order, int, error) {
	var w db.Filter
	if f.State != "" {
		w.Where("state = ?", f.State)
	}
	if !f.From.IsZero() {
		w.Where("created_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.Where("created_at < ?", f.To)
	}
	if f.CustomerID != 0 {
		w.Where("customer_id = ?", f.CustomerID)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM billing_orders"+w.Clause(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("billing: count orders: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	page, args := w.Page(min(limit, 500), f.Offset)
	orders, err := db.All(ctx, s.db, scanOrder, "SELECT "+orderColumns+" FROM billing_orders"+w.Clause()+" ORDER BY created_at DESC, id DESC"+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("billing: list orders: %w", err)
	}
	return orders, total, nil
}

// Events is an order's history, oldest first.
func (s *Service) Events(ctx context.Context, orderID int64) ([]Event, error) {
	evs, err := db.All(ctx, s.db, func(r db.Scanner) (Event, error) {
		var e Event
		err := r.Scan(&e.ID, &e.OrderID, &e.FromState, &e.ToState, &e.Actor, &e.Reason, &e.At)
		return e, err
	}, "SELECT id, order_id, from_state, to_state, actor, reason, at FROM billing_order_events WHERE order_id = $1 ORDER BY id", orderID)
	if err != nil {
		return nil, fmt.Errorf("billing: events of order %d: %w", orderID, err)
	}
	return evs, nil
}

const orderColumns = `id, tracking, customer_id, kind, ref, description, state, price, vat_rate, vat, subscription,
	remaining, wallet_used, payable, surplus, created_at, updated_at, paid_at`

func scanOrder(r db.Scanner) (*Order, error) {
	var o Order
	var paidAt *time.Time
	err := r.Scan(&o.ID, &o.Tracking, &o.CustomerID, &o.Kind, &o.Ref, &o.Description, &o.State,
		&o.Price, &o.VATRate, &o.VAT, &o.Subscription, &o.Remaining, &o.WalletUsed, &o.Payable, &o.Surplus,
		&o.CreatedAt, &o.UpdatedAt, &paidAt)
	if err != nil {
		return nil, err
	}
	if paidAt != nil {
		o.PaidAt = *paidAt
	}
	return &o, nil
}

// orderByID reads an order and its lines. Changes never rely on what it
// read: they are conditional updates on the state.
func orderByID(ctx context.Context, q db.Querier, id int64) (*Order, error) {
	o, err := scanOrder(q.QueryRow(ctx, "SELECT "+orderColumns+" FROM billing_orders WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, ErrNotFound)
	}
	return o, loadLines(ctx, q, o)
}

func loadLines(ctx context.Context, q db.Querier, o *Order) error {
	lines, err := db.All(ctx, q, func(r db.Scanner) (Line, error) {
		var l Line
		err := r.Scan(&l.Description, &l.Amount)
		return l, err
	}, "SELECT description, amount FROM billing_order_lines WHERE order_id = $1 ORDER BY position", o.ID)
	if err != nil {
		return fmt.Errorf("billing: lines of order %d: %w", o.ID, err)
	}
	o.Lines = lines
	return nil
}

// notFound turns "no rows" into the domain's not-found error.
func notFound(err error, nf *fa.Error) error {
	if errors.Is(err, db.ErrNoRows) {
		return nf
	}
	return err
}
