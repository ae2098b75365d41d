package billing

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// How a payment is applied exactly once:
//
//   - The bank is asked (Request, Verify) outside any transaction: network
//     calls never hold a database writer.
//   - Verify is always given the amount stored with the payment, never one
//     from the request that brought the customer back.
//   - Everything a verified payment causes — the order's move to paid, the
//     payment's receipt, wallet changes, the fulfiller, the invoice — is
//     one transaction that begins with the conditional update
//     at_gateway → paid. A second callback, the re-verification job or a
//     retry finds no row to move and changes nothing.
//   - Wallet credit used is taken when the order goes to the bank (so it
//     cannot be spent twice while the customer is at the bank) and given
//     back if the bank refuses or never answers; each wallet change has an
//     idempotency key derived from the order, so it happens at most once.
//   - When the bank could not be asked, nothing changes: the order stays
//     at the gateway for the re-verification job.

// StartPayment sends an order to a gateway: the gateway registers the
// payment, the wallet credit used is taken, the payment is recorded as
// pending and the order moves created → at_gateway. The customer's browser
// then follows the Redirect. An order goes to a bank once; to pay again
// after a failure the customer places a new order.
func (s *Service) StartPayment(ctx context.Context, orderID int64, gw Gateway, callbackURL string) (Redirect, error) {
	if gw == nil {
		return Redirect{}, ErrUnknownGateway
	}
	if _, ok := s.Gateway(gw.Name()); !ok {
		// Callbacks find the gateway by name; one we do not hold could
		// never be verified.
		return Redirect{}, ErrUnknownGateway.Because(fmt.Errorf("gateway %q is not configured", gw.Name()))
	}
	o, err := s.Order(ctx, orderID)
	if err != nil {
		return Redirect{}, err
	}
	if o.State != StateCreated {
		return Redirect{}, ErrOrderState
	}
	if o.Payable <= 0 {
		return Redirect{}, ErrNothingToPay
	}
	var mobile string
	if c, err := identity.CustomerContact(ctx, s.db, o.CustomerID); err == nil {
		mobile = c.Mobile
	}
	r, err := gw.Request(ctx, PaymentRequest{OrderID: o.ID, Tracking: o.Tracking, Amount: o.Payable,
		CallbackURL: callbackURL, Description: o.Description, Mobile: mobile})
	if err != nil {
		s.log.Warn("billing: payment request failed", "order_id", o.ID, "gateway", gw.Name(), "err", err)
		return Redirect{}, ErrGatewayDown.Because(err)
	}
	if r.Reference == "" {
		return Redirect{}, ErrGatewayDown.Because(errors.New("gateway returned no reference"))
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.transition(ctx, tx, o.ID, StateCreated, StateAtGateway, "customer", reasonToGateway(gw.Label())); err != nil {
			return err
		}
		if o.WalletUsed > 0 {
			if _, err := s.debit(ctx, tx, o.CustomerID, o.WalletUsed, reasonWalletUsed(o.Tracking),
				"order", o.ID, walletKey(o.ID)); err != nil {
				return err
			}
		}
		now := s.now()
		_, err := tx.Exec(ctx, `INSERT INTO billing_payments (order_id, customer_id, gateway, reference, amount, state, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, o.ID, o.CustomerID, gw.Name(), r.Reference, o.Payable, PaymentPending, now)
		if err != nil {
			return fmt.Errorf("billing: record payment of order %d: %w", o.ID, err)
		}
		return nil
	})
	if errors.Is(err, ErrInsufficient) {
		s.cancelStale(ctx, o.ID)
		return Redirect{}, ErrWalletChanged
	}
	if err != nil {
		return Redirect{}, err
	}
	return r, nil
}

// CompleteWithoutPayment completes a customer's order whose payable is 0
// (covered by the wallet or by the replaced service's remaining value)
// through the same settlement as a paid one. Completing it again returns
// it as it is.
func (s *Service) CompleteWithoutPayment(ctx context.Context, customerID, orderID int64) (*Order, error) {
	var out *Order
	sel := s.seller(ctx) // before the transaction: see complete
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := orderByID(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if o.CustomerID != customerID {
			return ErrNotFound
		}
		if o.Payable != 0 {
			return ErrMustPay
		}
		moved, err := s.tryTransition(ctx, tx, o.ID, StateCreated, StatePaid, "customer", reasonNoBankPayment)
		if err != nil {
			return err
		}
		if !moved {
			out, err = orderByID(ctx, tx, o.ID)
			if err == nil && out.State != StatePaid {
				err = ErrOrderState
			}
			return err
		}
		if o.WalletUsed > 0 {
			if _, err := s.debit(ctx, tx, o.CustomerID, o.WalletUsed, reasonWalletUsed(o.Tracking),
				"order", o.ID, walletKey(o.ID)); err != nil {
				return err
			}
		}
		o.State, o.PaidAt, o.UpdatedAt = StatePaid, s.now(), s.now()
		if err := s.complete(ctx, tx, o, sel); err != nil {
			return err
		}
		out = o
		return nil
	})
	if errors.Is(err, ErrInsufficient) {
		s.cancelStale(ctx, orderID)
		return nil, ErrWalletChanged
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// cancelStale cancels an order whose wallet credit is no longer there; its
// figures are wrong now, so the customer places a new one.
func (s *Service) cancelStale(ctx context.Context, orderID int64) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := s.tryTransition(ctx, tx, orderID, StateCreated, StateCancelled, "system", reasonWalletChanged)
		return err
	})
	if err != nil {
		s.log.Error("billing: cancel order with stale wallet figures", "order_id", orderID, "err", err)
	}
}

// HandleCallback is what the bank's return to Pishkhan does: find the
// payment by (gateway, reference), verify it with the bank for its stored
// amount, and settle the order. It returns the order as it now stands
// (paid, failed, or still at_gateway with ErrGatewayDown when the bank
// could not be asked). Calling it any number of times, concurrently,
// applies the payment once.
func (s *Service) HandleCallback(ctx context.Context, gatewayName, reference string) (*Order, error) {
	p, err := paymentByRef(ctx, s.db, gatewayName, reference)
	if errors.Is(err, db.ErrNoRows) {
		s.log.Warn("billing: callback for an unknown payment", "gateway", gatewayName, "reference", fa.Clip(reference, 100))
		return nil, ErrUnknownPayment
	}
	if err != nil {
		return nil, err
	}
	gw, ok := s.Gateway(gatewayName)
	if !ok {
		s.log.Error("billing: callback for a gateway no longer configured", "gateway", gatewayName, "payment_id", p.ID)
		return nil, ErrUnknownGateway
	}
	return s.verifyAndApply(ctx, gw, p, "gateway:"+gatewayName)
}

// verifyAndApply asks the bank about one payment and applies its answer.
func (s *Service) verifyAndApply(ctx context.Context, gw Gateway, p *Payment, actor string) (*Order, error) {
	o, err := s.Order(ctx, p.OrderID)
	if err != nil {
		return nil, err
	}
	if p.State == PaymentVerified || p.State == PaymentFailed {
		return o, nil // the bank's answer is already applied
	}
	if p.Amount != o.Payable || p.CustomerID != o.CustomerID {
		s.log.Error("billing: payment does not match its order; nothing applied",
			"payment_id", p.ID, "order_id", o.ID, "payment_amount", p.Amount, "payable", o.Payable)
		return o, ErrAmountMismatch
	}
	v, err := gw.Verify(ctx, VerifyRequest{Reference: p.Reference, Amount: p.Amount})
	if err != nil {
		// Unknown outcome: never fail the order on our side's trouble.
		s.log.Warn("billing: verification not answered", "payment_id", p.ID, "order_id", o.ID, "gateway", p.Gateway,
			"err", err, "unavailable", errors.Is(err, ErrGatewayUnavailable))
		return o, ErrGatewayDown.Because(err)
	}
	if v.Paid || v.AlreadyVerified {
		return s.settlePaid(ctx, o.ID, p, v, actor)
	}
	return s.settleRefused(ctx, o.ID, p, v, actor)
}

// settlePaid applies a verified payment in one transaction.
func (s *Service) settlePaid(ctx context.Context, orderID int64, p *Payment, v Verification, actor string) (*Order, error) {
	var out *Order
	sel := s.seller(ctx) // before the transaction: see complete
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		moved, err := s.tryTransition(ctx, tx, orderID, StateAtGateway, StatePaid, actor,
			strings.TrimSpace(reasonBankVerified(v.RefID)))
		if err != nil {
			return err
		}
		o, err := orderByID(ctx, tx, orderID)
		if err != nil {
			return err
		}
		out = o
		if !moved {
			if o.State == StatePaid {
				return nil // settled by another callback or the job: nothing more to do
			}
			return s.creditLatePayment(ctx, tx, o, p, v, actor)
		}
		if err := s.markPayment(ctx, tx, p.ID, PaymentVerified, v); err != nil {
			return err
		}
		return s.complete(ctx, tx, o, sel)
	})
	if err != nil {
		s.log.Error("billing: settling a verified payment failed; the job will try again",
			"order_id", orderID, "payment_id", p.ID, "err", err)
		if o, rerr := s.Order(ctx, orderID); rerr == nil {
			out = o
		}
		var be *fa.Error
		if !errors.As(err, &be) || be.Domain != domain {
			err = ErrFulfilmentFailed.Because(err)
		}
		return out, err
	}
	return out, nil
}

// complete does what a paid order entails, inside the settling tx: the
// surplus goes to the wallet, the area delivers, the invoice is issued.
// The invoice's seller is read by the caller before the transaction: the
// brand's seller name comes from the pool, and a pool read inside a
// transaction that holds the order's row waits for a connection that the
// other callbacks of the same order hold while they wait for that row —
// twenty simultaneous callbacks on two instances deadlocked so
// (TestSellerIsReadOutsideTheSettlingTransaction).
func (s *Service) complete(ctx context.Context, tx *db.Tx, o *Order, sel Seller) error {
	if o.Surplus > 0 {
		if _, _, err := s.walletChange(ctx, tx, o.CustomerID, o.Surplus, reasonSurplus(o.Tracking),
			"order", o.ID, "order:"+strconv.FormatInt(o.ID, 10)+":surplus"); err != nil {
			return err
		}
	}
	f, ok := s.fulfiller(o.Kind)
	if !ok {
		return ErrNoFulfiller.Because(fmt.Errorf("no fulfiller for kind %q", o.Kind))
	}
	if err := f(ctx, tx, o); err != nil {
		return ErrFulfilmentFailed.Because(err)
	}
	_, err := s.issueInvoice(ctx, tx, o, sel)
	return err
}

// creditLatePayment handles a payment the bank verified after its order
// had already failed or expired: the money is the customer's, so it goes
// to their wallet (once: the key is the payment's), never lost, never
// applied to an order whose figures may no longer hold.
func (s *Service) creditLatePayment(ctx context.Context, tx *db.Tx, o *Order, p *Payment, v Verification, actor string) error {
	res, err := tx.Exec(ctx, `UPDATE billing_payments SET state = $1, ref_id = $2, card_mask = $3, code = $4, message = $5, updated_at = $6
		WHERE id = $7 AND state IN ('pending', 'expired')`, PaymentVerified, v.RefID, v.CardMask, v.Code, fa.Clip(v.Message, 500), s.now(), p.ID)
	if err != nil {
		return fmt.Errorf("billing: mark late payment %d: %w", p.ID, err)
	}
	if res.RowsAffected == 0 {
		return nil
	}
	s.log.Warn("billing: payment verified after its order ended; credited to the wallet", "order_id", o.ID, "payment_id", p.ID, "state", o.State)
	if _, _, err := s.walletChange(ctx, tx, o.CustomerID, p.Amount, reasonLateRefund(o.Tracking),
		"payment", p.ID, "payment:"+strconv.FormatInt(p.ID, 10)+":late"); err != nil {
		return err
	}
	return addEvent(ctx, tx, o.ID, o.State, o.State, actor, reasonLatePayment, s.now())
}

// settleRefused records the bank's refusal: the order fails, the payment
// keeps the bank's code and message, the wallet credit taken comes back.
func (s *Service) settleRefused(ctx context.Context, orderID int64, p *Payment, v Verification, actor string) (*Order, error) {
	var out *Order
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		moved, err := s.tryTransition(ctx, tx, orderID, StateAtGateway, StateFailed, actor,
			strings.TrimSpace(reasonBankRefused(v.Code, v.Message)))
		if err != nil {
			return err
		}
		o, err := orderByID(ctx, tx, orderID)
		if err != nil {
			return err
		}
		out = o
		if !moved && o.State == StatePaid {
			return nil
		}
		if err := s.markPayment(ctx, tx, p.ID, PaymentFailed, v); err != nil {
			return err
		}
		if moved {
			return s.releaseWallet(ctx, tx, o)
		}
		return nil
	})
	return out, err
}

// expire ends an order whose bank never answered.
func (s *Service) expire(ctx context.Context, orderID int64, p *Payment, actor string) (*Order, error) {
	var out *Order
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		moved, err := s.tryTransition(ctx, tx, orderID, StateAtGateway, StateExpired, actor, reasonBankSilent)
		if err != nil {
			return err
		}
		o, err := orderByID(ctx, tx, orderID)
		if err != nil {
			return err
		}
		out = o
		if !moved {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE billing_payments SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
			PaymentExpired, s.now(), p.ID, PaymentPending); err != nil {
			return fmt.Errorf("billing: expire payment %d: %w", p.ID, err)
		}
		return s.releaseWallet(ctx, tx, o)
	})
	return out, err
}

// releaseWallet gives back the wallet credit an order took at the bank.
func (s *Service) releaseWallet(ctx context.Context, tx *db.Tx, o *Order) error {
	if o.WalletUsed <= 0 {
		return nil
	}
	_, _, err := s.walletChange(ctx, tx, o.CustomerID, o.WalletUsed, reasonWalletReturned(o.Tracking),
		"order", o.ID, walletKey(o.ID)+"-release")
	return err
}

// markPayment records the bank's answer on a payment still undecided.
func (s *Service) markPayment(ctx context.Context, tx *db.Tx, paymentID int64, state string, v Verification) error {
	_, err := tx.Exec(ctx, `UPDATE billing_payments SET state = $1, ref_id = $2, card_mask = $3, code = $4, message = $5, updated_at = $6
		WHERE id = $7 AND state IN ('pending', 'expired')`,
		state, fa.Clip(v.RefID, 100), fa.Clip(v.CardMask, 40), fa.Clip(v.Code, 40), fa.Clip(v.Message, 500), s.now(), paymentID)
	if err != nil {
		return fmt.Errorf("billing: record bank answer on payment %d: %w", paymentID, err)
	}
	return nil
}

func walletKey(orderID int64) string { return "order:" + strconv.FormatInt(orderID, 10) + ":wallet" }

// PaymentsOf lists a customer's payments, successful and failed («پرداخت
// های موفق و ناموفق»), newest first.
func (s *Service) PaymentsOf(ctx context.Context, customerID int64, page int) (Page[Payment], error) {
	page, size, offset := s.paging(page)
	out := Page[Payment]{Page: page, PageSize: size}
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM billing_payments WHERE customer_id = $1", customerID).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("billing: count payments: %w", err)
	}
	var err error
	out.Items, err = db.All(ctx, s.db, scanPayment, "SELECT "+paymentColumns+
		" FROM billing_payments p JOIN billing_orders o ON o.id = p.order_id WHERE p.customer_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3",
		customerID, int64(size), int64(offset))
	if err != nil {
		return out, fmt.Errorf("billing: list payments: %w", err)
	}
	return out, nil
}

// PaymentsOfOrder lists every payment attempt of an order, for staff.
func (s *Service) PaymentsOfOrder(ctx context.Context, orderID int64) ([]Payment, error) {
	ps, err := db.All(ctx, s.db, scanPayment, "SELECT "+paymentColumns+
		" FROM billing_payments p JOIN billing_orders o ON o.id = p.order_id WHERE p.order_id = $1 ORDER BY p.id", orderID)
	if err != nil {
		return nil, fmt.Errorf("billing: payments of order %d: %w", orderID, err)
	}
	return ps, nil
}

const paymentColumns = `p.id, p.order_id, o.tracking, p.customer_id, p.gateway, p.reference, p.amount, p.state,
	p.ref_id, p.card_mask, p.code, p.message, p.created_at, p.updated_at`

func scanPayment(r db.Scanner) (Payment, error) {
	var p Payment
	err := r.Scan(&p.ID, &p.OrderID, &p.Tracking, &p.CustomerID, &p.Gateway, &p.Reference, &p.Amount, &p.State,
		&p.RefID, &p.CardMask, &p.Code, &p.Message, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

func paymentByRef(ctx context.Context, q db.Querier, gateway, reference string) (*Payment, error) {
	p, err := scanPayment(q.QueryRow(ctx, "SELECT "+paymentColumns+
		" FROM billing_payments p JOIN billing_orders o ON o.id = p.order_id WHERE p.gateway = $1 AND p.reference = $2", gateway, reference))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// due reports whether t is at least d before now.
func due(t, now time.Time, d time.Duration) bool { return !t.After(now.Add(-d)) }
