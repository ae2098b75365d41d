package billing

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/db"
	"pishkhan/internal/jobs"
)

// Re-verification: the customer may close the tab at the bank, or the
// process may die between the bank's verification and our commit. A job
// every five minutes asks the bank again about payments left pending for
// ReverifyAfter, settles the paid ones through the same path as a
// callback, fails the refused ones and expires those whose bank has not
// answered for ExpireAfter. Staff can ask for one order to be checked now;
// nothing lets anyone mark an order paid without the bank's word.

// ReverifyArgs is the job. OrderID zero means "sweep every due payment".
type ReverifyArgs struct {
	OrderID int64 `json:"order_id,omitempty"`
	StaffID int64 `json:"staff_id,omitempty"`
}

func (ReverifyArgs) Kind() string { return "billing_reverify" }

// InsertOpts: a few attempts; the sweep comes round again anyway.
func (ReverifyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, Queue: river.QueueDefault}
}

type reverifyWorker struct {
	river.WorkerDefaults[ReverifyArgs]
	s *Service
}

func (w *reverifyWorker) Work(ctx context.Context, job *river.Job[ReverifyArgs]) error {
	if job.Args.OrderID != 0 {
		_, err := w.s.ReverifyOrder(ctx, job.Args.OrderID)
		if errors.Is(err, ErrGatewayDown) {
			return nil // the sweep will ask again; no point retrying hot
		}
		return err
	}
	_, err := w.s.ReverifyDue(ctx)
	return err
}

// Register adds the re-verification worker and its five-minute schedule
// to runner, which RequestReverify then uses.
func (s *Service) Register(runner *jobs.Runner) {
	s.mu.Lock()
	s.runner = runner
	s.mu.Unlock()
	jobs.Register(runner, &reverifyWorker{s: s})
	runner.Every("billing_reverify", 5*time.Minute, func() river.JobArgs { return ReverifyArgs{} })
}

// ReverifySummary counts what one sweep did.
type ReverifySummary struct {
	Checked, Paid, Failed, Expired, Unanswered, Errors int
}

// ReverifyDue is the sweep: every payment pending for ReverifyAfter (its
// order at the gateway) is verified again; created orders never sent to a
// bank expire after ExpireAfter.
func (s *Service) ReverifyDue(ctx context.Context) (ReverifySummary, error) {
	var sum ReverifySummary
	now := s.now()
	ps, err := db.All(ctx, s.db, scanPayment, "SELECT "+paymentColumns+
		` FROM billing_payments p JOIN billing_orders o ON o.id = p.order_id
		WHERE p.state = $1 AND o.state = $2 AND p.created_at <= $3 ORDER BY p.id LIMIT 500`,
		PaymentPending, StateAtGateway, now.Add(-s.opts.ReverifyAfter))
	if err != nil {
		return sum, fmt.Errorf("billing: find payments to re-verify: %w", err)
	}
	for i := range ps {
		if ctx.Err() != nil {
			return sum, ctx.Err()
		}
		sum.Checked++
		o, err := s.reverifyPayment(ctx, &ps[i], now, "job")
		switch {
		case errors.Is(err, ErrGatewayDown):
			sum.Unanswered++
		case err != nil:
			sum.Errors++
			s.log.Error("billing: re-verification failed", "payment_id", ps[i].ID, "order_id", ps[i].OrderID, "err", err)
		case o.State == StatePaid:
			sum.Paid++
		case o.State == StateFailed:
			sum.Failed++
		case o.State == StateExpired:
			sum.Expired++
		}
	}
	stale, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, "SELECT id FROM billing_orders WHERE state = $1 AND created_at <= $2 ORDER BY id LIMIT 500", StateCreated, now.Add(-s.opts.ExpireAfter))
	if err != nil {
		return sum, fmt.Errorf("billing: find stale orders: %w", err)
	}
	for _, id := range stale {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := s.tryTransition(ctx, tx, id, StateCreated, StateExpired, "job", reasonNotPaidInTime)
			return err
		})
		if err != nil {
			return sum, err
		}
		sum.Expired++
	}
	if sum.Checked > 0 || len(stale) > 0 {
		s.log.Info("billing: re-verification sweep", "checked", sum.Checked, "paid", sum.Paid, "failed", sum.Failed,
			"expired", sum.Expired, "unanswered", sum.Unanswered, "errors", sum.Errors)
	}
	if sum.Errors > 0 {
		return sum, fmt.Errorf("billing: %d payments could not be re-verified", sum.Errors)
	}
	return sum, nil
}

// ReverifyOrder verifies an order's latest undecided payment now,
// whatever its age; an expired one too, so that money the bank took late
// reaches the customer's wallet.
func (s *Service) ReverifyOrder(ctx context.Context, orderID int64) (*Order, error) {
	p, err := scanPayment(s.db.QueryRow(ctx, "SELECT "+paymentColumns+
		` FROM billing_payments p JOIN billing_orders o ON o.id = p.order_id
		WHERE p.order_id = $1 AND p.state IN ('pending', 'expired') ORDER BY p.id DESC LIMIT 1`, orderID))
	if errors.Is(err, db.ErrNoRows) {
		return s.Order(ctx, orderID) // nothing undecided
	}
	if err != nil {
		return nil, err
	}
	return s.reverifyPayment(ctx, &p, s.now(), "job")
}

func (s *Service) reverifyPayment(ctx context.Context, p *Payment, now time.Time, actor string) (*Order, error) {
	gw, ok := s.Gateway(p.Gateway)
	var o *Order
	var err error
	if ok {
		o, err = s.verifyAndApply(ctx, gw, p, actor)
	} else {
		err = ErrGatewayDown.Because(fmt.Errorf("gateway %q is not configured", p.Gateway))
	}
	if errors.Is(err, ErrGatewayDown) && p.State == PaymentPending && due(p.CreatedAt, now, s.opts.ExpireAfter) {
		return s.expire(ctx, p.OrderID, p, actor)
	}
	return o, err
}

// RequestReverify queues a re-verification of one order at a staff
// member's request, and records who asked. It can only ask the bank: an
// order is paid on the bank's verification and nothing else.
func (s *Service) RequestReverify(ctx context.Context, orderID, staffID int64) error {
	s.mu.RLock()
	runner := s.runner
	s.mu.RUnlock()
	if runner == nil {
		return ErrNoJobs
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := orderByID(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if o.State != StateAtGateway && o.State != StateExpired {
			return ErrOrderState
		}
		if err := addEvent(ctx, tx, o.ID, o.State, o.State, "staff:"+strconv.FormatInt(staffID, 10),
			reasonReverifyRequested, s.now()); err != nil {
			return err
		}
		return runner.Insert(ctx, tx, ReverifyArgs{OrderID: orderID, StaffID: staffID}, nil)
	})
}
