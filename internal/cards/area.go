package cards

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/area"
	"pishkhan/internal/billing"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/web"
)

// Key names the area in PISHKHAN_AREAS.
const Key = "cards"

// Area is the card issuer's area: the holder's pages, the back office's
// card desk, the issuer API, installment orders and the daily penalties.
func Area(svc *Service, ids *identity.Service, bill *billing.Service, baseURL string) area.Descriptor {
	return area.Descriptor{
		Key:   Key,
		Title: titleArea,
		Routes: func(s *web.Server) error {
			if err := Routes(s, svc, ids, bill, baseURL); err != nil {
				return err
			}
			svc.IssuerRoutes(s)
			return nil
		},
		Dashboard:    "/cards/accounts",
		Home:         svc.homeWidget,
		AuditActions: labels(auditActions),
		Orders:       []billing.OrderKind{{Kind: KindInstallments, Fulfil: svc.InstallmentsFulfiller(), BackURL: "/cards/installments/pay"}},
		Jobs: []area.Job{{
			ID: penaltiesArgs{}.Kind(), Label: labelPenaltiesJob,
			// Hourly, though penalties are daily: the run is idempotent
			// within a day, and an hourly schedule catches up soon after
			// a restart.
			Every:    time.Hour,
			Args:     func() river.JobArgs { return penaltiesArgs{} },
			Register: func(r *jobs.Runner) { jobs.Register(r, &penaltiesWorker{svc: svc}) },
		}},
		Support: svc,
		Help:    HelpPages,
	}
}

func labels(pairs [][2]string) []area.Label {
	out := make([]area.Label, len(pairs))
	for i, p := range pairs {
		out[i] = area.Label{Key: p[0], Label: p[1]}
	}
	return out
}

// homeWidget is the holder's box on the home page: what they owe, the
// next installment and the credit left, and the way to pay.
func (s *Service) homeWidget(ctx context.Context, customerID int64) (*area.Widget, error) {
	sum, err := s.Accounts(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if len(sum.Accounts) == 0 {
		return nil, nil
	}
	due, err := s.DueInstallments(ctx, customerID)
	if err != nil {
		return nil, err
	}
	w := &area.Widget{Title: titleWidget, Figures: []area.Figure{
		{Label: labelDebt, Value: fa.Rials(sum.Used)},
		{Label: labelCreditLeft, Value: fa.Rials(max(sum.CreditLimit-sum.Used, 0))},
	}}
	if len(due) > 0 {
		next := due[0]
		w.Figures = append(w.Figures,
			area.Figure{Label: labelNextDueOn, Value: fa.Digits(next.DueOn)},
			area.Figure{Label: labelNextAmount, Value: fa.Rials(next.Amount + next.Penalty)})
		w.Actions = append(w.Actions, area.Link{Label: titlePay, Href: "/cards/installments/pay"})
	} else {
		w.Note = msgNothingDue
	}
	w.Actions = append(w.Actions, area.Link{Label: titleAccounts, Href: "/cards/accounts"})
	return w, nil
}

// penaltiesArgs is the job that applies the day's penalties to overdue
// installments.
type penaltiesArgs struct{}

func (penaltiesArgs) Kind() string { return "card_penalties" }

type penaltiesWorker struct {
	river.WorkerDefaults[penaltiesArgs]
	svc *Service
}

func (w *penaltiesWorker) Work(ctx context.Context, _ *river.Job[penaltiesArgs]) error {
	return w.svc.DailyPenalties(ctx)
}
