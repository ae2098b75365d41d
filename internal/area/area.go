// Package area is the contract between the program and each of its areas
// (the card issuer, the welfare fund, the identity provider, the ISP, the
// dynamic second password). Each area exports one Descriptor, built in its
// own area.go, that says everything the rest of the program needs to know
// about it; app registers the descriptors of the enabled areas
// (PISHKHAN_AREAS) and leaves the others out, which is all switching an
// area off takes. The package imports kits and shared domains only and
// knows no area.
package area

import (
	"context"
	"html/template"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/billing"
	"pishkhan/internal/jobs"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
)

// Descriptor is one area as the program sees it.
type Descriptor struct {
	// Key names the area in PISHKHAN_AREAS ("cards", "otp", "welfare",
	// "idp", "isp").
	Key string
	// Title is the area's Persian name, as its customers know it.
	Title string
	// Requires lists the areas this one cannot be deployed without, with
	// the reason given when one is missing.
	Requires []Requirement

	// Routes registers the area's pages, its staff desks and their menu
	// items on the server.
	Routes func(*web.Server) error
	// Dashboard is the customer's page of the area: where a deployment of
	// this area alone lands them.
	Dashboard string
	// Home gives the area's widget on the customer's home page, or nil
	// when the person is not the area's customer.
	Home func(ctx context.Context, customerID int64) (*Widget, error)

	// AuditActions are the area's audit actions with their Persian labels,
	// and Roles its staff roles; the area registers both with identity
	// when its routes are added.
	AuditActions []Label
	Roles        []Label
	// Orders are the kinds of billing order the area sells.
	Orders []billing.OrderKind
	// Jobs are the area's scheduled work.
	Jobs []Job
	// Support is the area's audience for tickets and announcements; nil
	// when it has none.
	Support support.Area
	// Help are the area's help pages, in its guide's own words, with the
	// paths they show on; app registers them with the web kit's help,
	// where an admin may rewrite them (/staff/help).
	Help []web.HelpPage
}

// Requirement is an area another needs, and why, in the words an operator
// reads when PISHKHAN_AREAS leaves it out.
type Requirement struct {
	Key, Why string
}

// Label is a key and its Persian label.
type Label struct {
	Key, Label string
}

// Job is one of the area's scheduled jobs. Register adds its worker to
// the runner; Every and Args schedule it.
type Job struct {
	ID       string // the schedule's ID, also the job's kind
	Label    string // in Persian, on the demo's job desk
	Every    time.Duration
	Args     func() river.JobArgs
	Register func(*jobs.Runner)
}

// Widget is an area's box on the customer's home page: a title, the
// figures the customer comes for, and where to go from there.
type Widget struct {
	Title string
	// Figures are label/value lines («بدهی», «۱۲٬۰۰۰٬۰۰۰ ریال»), the values
	// already in Persian digits.
	Figures []Figure
	// Note is an optional sentence under the figures.
	Note string
	// Actions are the widget's buttons, the first the main one.
	Actions []Link
	// Chart is an optional drawing (internal/web/chart.go).
	Chart template.HTML
}

// Figure is one line of a widget.
type Figure struct {
	Label, Value string
}

// Link is a widget's button.
type Link struct {
	Label, Href string
}

// Schedule registers the jobs' workers and schedules them.
func (d *Descriptor) Schedule(r *jobs.Runner) {
	for _, j := range d.Jobs {
		j.Register(r)
		r.Every(j.ID, j.Every, j.Args)
	}
}
