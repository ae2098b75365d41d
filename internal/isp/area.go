package isp

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/area"
	"pishkhan/internal/billing"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
)

// Key names the area in PISHKHAN_AREAS.
const Key = "isp"

// Area is the ISP's subscriber panel: its pages and desk, its orders
// (renewals, traffic, changes) and the hourly sweep of its time rules.
// Its «صفحه اصلی» (/isp) is the guide's dashboard.
func Area(svc *Service, ids *identity.Service, sup *support.Service) area.Descriptor {
	return area.Descriptor{
		Key:       Key,
		Title:     areaTitle,
		Routes:    func(s *web.Server) error { return Routes(s, svc, ids, sup) },
		Dashboard: "/isp",
		Home:      svc.homeWidget,
		Orders:    []billing.OrderKind{{Kind: KindOrder, Fulfil: svc.Fulfiller(), BackURL: "/isp/renew"}},
		Jobs: []area.Job{{
			ID: sweepArgs{}.Kind(), Label: jobSweepLabel,
			Every:    time.Hour,
			Args:     func() river.JobArgs { return sweepArgs{} },
			Register: func(r *jobs.Runner) { jobs.Register(r, &sweepWorker{svc: svc, contact: ContactOf(ids)}) },
		}},
		Support: svc,
		Help:    HelpPages,
	}
}

// ContactOf gives the notices' recipient from identity.
func ContactOf(ids *identity.Service) Contact {
	return func(ctx context.Context, customerID int64) (string, string, error) {
		c, err := ids.Customer(ctx, customerID)
		if err != nil {
			return "", "", err
		}
		return c.Mobile, c.FullName(), nil
	}
}

// homeWidget is the subscriber's box on the home page: the active
// service, the days and traffic left, and the renewal. nil for a person
// with no line.
func (s *Service) homeWidget(ctx context.Context, customerID int64) (*area.Widget, error) {
	sub, err := s.SubscriberOf(ctx, customerID)
	if errors.Is(err, ErrNotSubscriber) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	service, traffic := labelNoActiveService, GB(sub.TrafficLeft)
	if sub.Plan != nil {
		service = sub.Plan.Name
		if sub.Unlimited() {
			traffic = labelUnlimited
		}
	}
	w := &area.Widget{Title: labelInternet, Figures: []area.Figure{
		{Label: labelActiveService, Value: service},
		{Label: labelDaysLeft, Value: inDays(int64(DaysLeft(sub.EndsAt, now)))},
		{Label: labelTrafficLeft, Value: traffic},
	}, Actions: []area.Link{{Label: labelRenewService, Href: "/isp/renew"}, {Label: labelInternetHome, Href: "/isp"}}}
	if sub.Expired(now) {
		w.Note = msgServiceEnded
	}
	// The dashboard's first picture (the traffic meter, or the days'
	// for an unlimited service), as the panel's «صفحه اصلی» draws it.
	if charts := dashboardCharts(sub, now); len(charts) > 0 {
		w.Chart = charts[0]
	}
	return w, nil
}

type sweepArgs struct{}

func (sweepArgs) Kind() string { return "isp_sweep" }

type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	svc     *Service
	contact Contact
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	return w.svc.Sweep(ctx, w.contact)
}
