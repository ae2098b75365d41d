package idp

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
const Key = "idp"

// Registration is the portal's registration («ثبت نام یا تنظیم رمز»), the
// other half of the area. It lives in its own package, which speaks to
// the provider only through OpenID Connect, so app hands it here as
// functions rather than this package importing it.
type Registration struct {
	Routes        func(*web.Server) error
	DeleteExpired func(context.Context) (int64, error)
	Help          []web.HelpPage // registration's help (seed 002's notes)
}

// Area is identity verification and single sign-on (seed 002): the
// provider, the registration that uses it, the clients' desk and the
// hourly clean-up of what has run out.
func Area(svc *Service, ids *identity.Service, reg Registration) area.Descriptor {
	grants := issuerPath(svc.opts.Issuer) + "/grants"
	return area.Descriptor{
		Key:   Key,
		Title: titleArea,
		Help:  reg.Help,
		Routes: func(s *web.Server) error {
			if err := Routes(s, svc, ids); err != nil {
				return err
			}
			return reg.Routes(s)
		},
		// No dashboard of its own: the grants page is the provider's, behind
		// its own sign-in; the home page with this widget is the landing.
		Dashboard: "",
		Home: func(ctx context.Context, customerID int64) (*area.Widget, error) {
			c, err := ids.Customer(ctx, customerID)
			if err != nil {
				return nil, err
			}
			w := &area.Widget{Title: labelSSO, Figures: []area.Figure{{Label: labelMobile, Value: labelNoMobile}},
				Note:    noteWidget,
				Actions: []area.Link{{Label: titleGrants, Href: grants}, {Label: labelProfile, Href: "/profile"}}}
			if c.Mobile != "" {
				w.Figures[0].Value = fa.Digits(c.Mobile)
			}
			return w, nil
		},
		Jobs: []area.Job{{
			ID: cleanupArgs{}.Kind(), Label: labelCleanupJob, Every: time.Hour,
			Args:     func() river.JobArgs { return cleanupArgs{} },
			Register: func(r *jobs.Runner) { jobs.Register(r, &cleanupWorker{svc: svc, reg: reg}) },
		}},
	}
}

// cleanupArgs is the hourly job that deletes finished and abandoned
// sign-ins, codes, sessions, tokens and registrations.
type cleanupArgs struct{}

func (cleanupArgs) Kind() string { return "sso_cleanup" }

type cleanupWorker struct {
	river.WorkerDefaults[cleanupArgs]
	svc *Service
	reg Registration
}

func (w *cleanupWorker) Work(ctx context.Context, _ *river.Job[cleanupArgs]) error {
	_, err1 := w.svc.DeleteExpired(ctx)
	var err2 error
	if w.reg.DeleteExpired != nil {
		_, err2 = w.reg.DeleteExpired(ctx)
	}
	_, err3 := w.svc.DeleteOldSignins(ctx) // the admin's list of a client's sign-ins keeps 90 days
	return errors.Join(err1, err2, err3)
}
