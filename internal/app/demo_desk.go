package app

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/web"
)

// The demo's desk (/staff/demo, admins, demo mode only): every scheduled
// job with a button that runs it now, and a control that moves the demo's
// clock forward, so a newcomer sees at once what the hourly and nightly
// jobs do: the 72-hour opening, the return of credit on the 8th, the
// documents' grace week, the expiry SMS. Outside the demo the routes do
// not exist (404).

// Audit actions of the desk.
const (
	actionDemoJobRun       = "demo_job_run"
	actionDemoClockAdvance = "demo_clock_advance"
)

// jobLabel is the Persian label of a scheduled job.
func (s *system) jobLabel(id string) string {
	if l, ok := demoJobLabels[id]; ok {
		return l
	}
	for _, d := range s.areas {
		for _, j := range d.Jobs {
			if j.ID == id {
				return j.Label
			}
		}
	}
	return ""
}

// Limits of one move of the clock: enough for a month's cycle or a
// year's plan, small enough that a typo does not throw the demo decades on.
const (
	demoAdvanceMaxHours = 24 * 31
	demoAdvanceMaxDays  = 400
)

type demoDeskJob struct {
	ID, Label, Every, LastRun string
}

type demoDeskPage struct {
	Clock   bool   // the clock can be moved (serve --demo)
	Now     string // the demo's date and time
	Shift   string // how far the demo's time is from real time ("" none)
	Ahead   bool   // the demo's time is later than real time
	Jobs    []demoDeskJob
	Amount  string
	Unit    string
	Problem string
}

func demoDeskRoutes(sys *system) {
	identity.RegisterAuditAction(actionDemoJobRun, auditDemoJobRun)
	identity.RegisterAuditAction(actionDemoClockAdvance, auditDemoClockAdvance)
	w := sys.web
	w.HandleFunc("GET /staff/demo", demoAdmin(sys, func(rw http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
		demoDesk(sys, rw, r, demoDeskPage{Amount: "۱", Unit: "day"}, http.StatusOK)
	}))
	w.HandleFunc("POST /staff/demo/jobs/{id}/run", demoAdmin(sys, func(rw http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
		demoRunJob(sys, rw, r, m)
	}))
	w.HandleFunc("POST /staff/demo/clock", demoAdmin(sys, func(rw http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
		demoAdvanceClock(sys, rw, r, m)
	}))
	w.Menu.Add(web.MenuItem{Layout: "staff", Label: titleDemoDesk, Href: "/staff/demo", Order: 95, Show: func(r *http.Request) bool {
		m := identity.CurrentStaff(w, sys.identity, r)
		return m != nil && m.HasRole(identity.RoleAdmin)
	}})
}

// demoAdmin lets only a signed-in admin through: others signed in as
// staff get 403, anyone else the staff sign-in page.
func demoAdmin(sys *system, next func(http.ResponseWriter, *http.Request, *identity.StaffMember)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		sess := sys.web.Session(r)
		if sess == nil || sess.Kind != identity.KindStaff {
			web.Redirect(rw, r, "/staff/login?next="+url.QueryEscape(r.URL.RequestURI()))
			return
		}
		m := identity.CurrentStaff(sys.web, sys.identity, r)
		if m == nil {
			web.Redirect(rw, r, "/staff/login")
			return
		}
		if !m.HasRole(identity.RoleAdmin) {
			sys.web.Error(rw, r, http.StatusForbidden, "")
			return
		}
		next(rw, r.WithContext(identity.WithClient(r.Context(), identity.Client{IP: sys.web.ClientIP(r), UserAgent: r.UserAgent(), SessionID: sess.ID})), m)
	}
}

func demoDesk(sys *system, rw http.ResponseWriter, r *http.Request, page demoDeskPage, status int) {
	realNow := time.Now
	if sys.clock != nil {
		page.Clock = true
		realNow = sys.clock.real
	}
	now := sys.now()
	page.Now = demoNowAt(fa.FormatLongDate(now), fa.Digits(now.In(fa.Tehran).Format("15:04")))
	if shift := now.Sub(realNow()).Round(time.Minute); shift != 0 {
		page.Shift, page.Ahead = demoShift(shift), shift > 0
	}
	schedules := sys.jobs.Schedules()
	kinds := make([]string, len(schedules))
	for i, s := range schedules {
		kinds[i] = s.Kind()
	}
	runs, err := sys.jobs.LastRuns(r.Context(), kinds)
	if err != nil {
		sys.web.ServerError(rw, r, err)
		return
	}
	for i, s := range schedules {
		j := demoDeskJob{ID: s.ID, Label: sys.jobLabel(s.ID), Every: demoEvery(s.Interval), LastRun: demoNeverRun}
		if j.Label == "" {
			j.Label = s.ID
		}
		if lr, ok := runs[kinds[i]]; ok {
			state := demoJobStates[lr.State]
			if state == "" {
				state = lr.State
			}
			j.LastRun = demoAgo(realNow().Sub(lr.CreatedAt)) + "، " + state
		}
		page.Jobs = append(page.Jobs, j)
	}
	sys.web.Render(rw, r, status, "app/demo_desk", web.View{Title: titleDemoDesk, Layout: "staff", Data: page})
}

func demoRunJob(sys *system, rw http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := r.PathValue("id")
	err := sys.db.InTx(r.Context(), func(tx *db.Tx) error {
		if err := sys.jobs.RunNow(r.Context(), tx, id); err != nil {
			return err
		}
		return sys.identity.Audit(r.Context(), tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: m.ID,
			Action: actionDemoJobRun, TargetKind: "job", Detail: id})
	})
	if errors.Is(err, jobs.ErrNoSchedule) {
		sys.web.NotFound(rw, r)
		return
	}
	if err != nil {
		sys.web.ServerError(rw, r, err)
		return
	}
	label := demoJobLabels[id]
	if label == "" {
		label = id
	}
	sys.web.SetFlash(rw, "success", msgJobQueued(label))
	web.Redirect(rw, r, "/staff/demo")
}

// demoAdvanceClock moves the demo's clock forward and queues every
// scheduled job at once, so that what the new time brings shows now
// rather than at the next hourly run. Every session's idle time is
// measured on this clock, so the admin's own session is renewed at the
// new time; other sessions end, as they would after that much time.
func demoAdvanceClock(sys *system, rw http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if sys.clock == nil {
		sys.web.NotFound(rw, r)
		return
	}
	if !sys.web.ParseForm(rw, r) {
		return
	}
	page := demoDeskPage{Amount: r.PostFormValue("amount"), Unit: r.PostFormValue("unit")}
	d, problem := demoAdvanceAmount(page.Amount, page.Unit)
	if problem != "" {
		page.Problem = problem
		demoDesk(sys, rw, r, page, http.StatusUnprocessableEntity)
		return
	}
	sys.clock.Advance(d)
	err := sys.db.InTx(r.Context(), func(tx *db.Tx) error {
		for _, s := range sys.jobs.Schedules() {
			if err := sys.jobs.RunNow(r.Context(), tx, s.ID); err != nil {
				return err
			}
		}
		return sys.identity.Audit(r.Context(), tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: m.ID,
			Action: actionDemoClockAdvance, TargetKind: "clock", Detail: fmt.Sprintf("%s → %s", demoShift(d), fa.FormatDateTime(sys.now()))})
	})
	if err != nil {
		sys.web.ServerError(rw, r, err)
		return
	}
	if _, err := sys.web.SignIn(rw, r, identity.KindStaff, m.ID, ""); err != nil {
		sys.web.ServerError(rw, r, err)
		return
	}
	sys.web.SetFlash(rw, "success", msgClockAdvanced(demoShift(d), fa.FormatDateTime(sys.now())))
	web.Redirect(rw, r, "/staff/demo")
}

// demoAdvanceAmount reads the form's amount (any digits) and unit.
func demoAdvanceAmount(amount, unit string) (time.Duration, string) {
	n, err := strconv.Atoi(fa.NormalizeInput(amount))
	switch unit {
	case "hour":
		if err != nil || n < 1 || n > demoAdvanceMaxHours {
			return 0, msgHoursRange(demoAdvanceMaxHours)
		}
		return time.Duration(n) * time.Hour, ""
	case "day":
		if err != nil || n < 1 || n > demoAdvanceMaxDays {
			return 0, msgDaysRange(demoAdvanceMaxDays)
		}
		return time.Duration(n) * 24 * time.Hour, ""
	}
	return 0, msgChooseUnit
}

// demoShift writes the size of a duration in days and hours, and
// minutes under a day: "۳ روز و ۲ ساعت".
func demoShift(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d >= 24*time.Hour {
		d = d.Truncate(time.Hour)
	}
	d = d.Round(time.Minute)
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var s string
	join := func(n int, unit string) {
		if n == 0 {
			return
		}
		if s != "" {
			s += unitJoin
		}
		s += fa.Digits(strconv.Itoa(n)) + " " + unit
	}
	join(days, unitDay)
	join(hours, unitHour)
	join(mins, unitMinute)
	return s
}

func demoEvery(d time.Duration) string {
	switch {
	case d == time.Minute:
		return everyMinute
	case d == time.Hour:
		return everyHour
	case d%time.Hour == 0:
		return everyHours(int(d / time.Hour))
	default:
		return everyMinutes(int(d / time.Minute))
	}
}

func demoAgo(d time.Duration) string {
	switch {
	case d < time.Minute:
		return agoNow
	case d < time.Hour:
		return minutesAgo(int(d / time.Minute))
	case d < 24*time.Hour:
		return hoursAgo(int(d / time.Hour))
	}
	return daysAgo(int(d / (24 * time.Hour)))
}

// demoClockOffer is the console's line about the demo's clock.
func demoClockOffer(sys *system) string {
	now := sys.now()
	return fmt.Sprintf("demo clock: now %s %s in Tehran (serve --demo --clock %s starts it elsewhere); admins run any scheduled job now and move the clock forward at %s/staff/demo",
		fa.JalaliOf(now), now.In(fa.Tehran).Format("15:04"), clockExample, sys.cfg.BaseURL)
}
