package welfare

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/area"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/web"
)

// Key names the area in PISHKHAN_AREAS.
const Key = "welfare"

// Area is the welfare fund's area (توانا کارت): the employee's pages, the
// regions' and the stores' desks, the merchants' API, and two jobs: the
// activation SMS once an approval's 72 hours have passed (the credit
// itself opens by the clock, whether or not the job has run) and the
// return of the monthly credit on the 8th of the month.
func Area(svc *Service, ids *identity.Service) area.Descriptor {
	return area.Descriptor{
		Key:          Key,
		Title:        titleArea,
		Routes:       func(s *web.Server) error { return Routes(s, svc, ids) },
		Dashboard:    "/welfare",
		Home:         svc.homeWidget,
		AuditActions: labelsOf(auditActions),
		Roles:        labelsOf(roles),
		Jobs: []area.Job{{
			ID: activateArgs{}.Kind(), Label: labelJobActivate, Every: time.Minute,
			Args:     func() river.JobArgs { return activateArgs{} },
			Register: func(r *jobs.Runner) { jobs.Register(r, &activateWorker{svc: svc}) },
		}, {
			// Hourly: the restore day is a Tehran calendar day, and the job
			// is idempotent, so an hourly run gives the credit back within
			// the first hour of the 8th and catches up after a restart.
			ID: restoreArgs{}.Kind(), Label: labelJobRestore, Every: time.Hour,
			Args:     func() river.JobArgs { return restoreArgs{} },
			Register: func(r *jobs.Runner) { jobs.Register(r, &restoreWorker{svc: svc}) },
		}},
		Support: svc,
		Help:    HelpPages,
	}
}

func labelsOf(pairs [][2]string) []area.Label {
	out := make([]area.Label, len(pairs))
	for i, p := range pairs {
		out[i] = area.Label{Key: p[0], Label: p[1]}
	}
	return out
}

// homeWidget is the employee's box on the home page: the application's
// state and, once there is a credit, this month's credit and the purchase
// power left. nil for a person who is not an employee of the fund.
func (s *Service) homeWidget(ctx context.Context, customerID int64) (*area.Widget, error) {
	if _, err := s.EmployeeOfCustomer(ctx, customerID); errors.Is(err, ErrNotEmployee) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	w := &area.Widget{Title: labelTavana}
	apps, err := s.Applications(ctx, customerID)
	if err != nil {
		return nil, err
	}
	state := msgNoApplication
	if len(apps) > 0 {
		state = statusName(apps[len(apps)-1].State(s.now()))
		for _, a := range apps { // the open one, if any, is the one that matters
			if !a.Closed() {
				state = statusName(a.State(s.now()))
			}
		}
	}
	w.Figures = append(w.Figures, area.Figure{Label: labelApplicationState, Value: state})
	acct, err := s.Account(ctx, customerID)
	switch {
	case errors.Is(err, ErrNoAccount):
		w.Actions = []area.Link{{Label: labelApplyAction, Href: "/welfare"}}
		return w, nil
	case err != nil:
		return nil, err
	}
	w.Figures = append(w.Figures,
		area.Figure{Label: labelMonthAvailable, Value: fa.Rials(acct.MonthAvailable())},
		area.Figure{Label: labelPowerLeft, Value: fa.Rials(acct.Available())})
	if !acct.Open(s.now()) {
		w.Note = msgOpensAt(fa.FormatDateTime(acct.OpensAt))
	}
	w.Actions = []area.Link{{Label: labelBalance, Href: "/welfare/balance"}, {Label: labelContractedMerchant, Href: "/welfare/merchants"}}
	return w, nil
}

type activateArgs struct{}

func (activateArgs) Kind() string { return "welfare_activate" }

type activateWorker struct {
	river.WorkerDefaults[activateArgs]
	svc *Service
}

func (w *activateWorker) Work(ctx context.Context, _ *river.Job[activateArgs]) error {
	_, err := w.svc.ActivateDue(ctx)
	return err
}

type restoreArgs struct{}

func (restoreArgs) Kind() string { return "welfare_restore" }

type restoreWorker struct {
	river.WorkerDefaults[restoreArgs]
	svc *Service
}

func (w *restoreWorker) Work(ctx context.Context, _ *river.Job[restoreArgs]) error {
	_, err := w.svc.RestoreMonthlyCredit(ctx)
	return err
}
