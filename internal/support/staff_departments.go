package support

import (
	"net/http"
	"strconv"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type departmentRow struct {
	Department
	Members []Member
}

type targetRow struct {
	Priority, Label           string
	FirstAnswer, Resolution   int64 // hours
	FirstAnswerL, ResolutionL string
}

type departmentsPage struct {
	Departments []departmentRow
	Staff       []*identity.StaffMember
	Targets     []targetRow
}

// staffDepartments shows each department with its staff, and the service
// targets (admins only).
func (p *Pages) staffDepartments(w http.ResponseWriter, r *http.Request, st *Staff) {
	depts, err := p.svc.Departments(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	var page departmentsPage
	for _, d := range depts {
		members, err := p.svc.Members(r.Context(), d.ID)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		page.Departments = append(page.Departments, departmentRow{d, members})
	}
	if page.Staff, err = p.svc.ids.ListStaff(r.Context()); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	targets, err := p.svc.Targets(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	for _, t := range targets {
		page.Targets = append(page.Targets, targetRow{Priority: t.Priority, Label: PriorityLabel(t.Priority),
			FirstAnswer: int64(t.FirstAnswer / time.Hour), Resolution: int64(t.Resolution / time.Hour),
			FirstAnswerL: durationLabel(t.FirstAnswer), ResolutionL: durationLabel(t.Resolution)})
	}
	p.web.Render(w, r, http.StatusOK, "support/staff_departments", web.View{Title: titleDepartments, Layout: "staff", Data: page})
}

// durationLabel writes a target in days or hours, in Persian.
func durationLabel(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return labelDays(fa.Digits(strconv.FormatInt(int64(d/(24*time.Hour)), 10)))
	}
	if d%time.Hour == 0 {
		return labelHours(fa.Digits(strconv.FormatInt(int64(d/time.Hour), 10)))
	}
	return labelMinutes(fa.Digits(strconv.FormatInt(int64(d/time.Minute), 10)))
}

func (p *Pages) staffAddMember(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	staffID, _ := strconv.ParseInt(r.PostFormValue("staff"), 10, 64)
	if err := p.svc.AddMember(r.Context(), id, staffID); err != nil {
		p.fail(w, r, err, "/staff/support/departments")
		return
	}
	p.web.SetFlash(w, "success", flashMemberAdded)
	web.Redirect(w, r, "/staff/support/departments")
}

func (p *Pages) staffRemoveMember(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	staffID, ok := p.pathID(w, r, "staff")
	if !ok {
		return
	}
	if err := p.svc.RemoveMember(r.Context(), id, staffID); err != nil {
		p.fail(w, r, err, "/staff/support/departments")
		return
	}
	p.web.SetFlash(w, "success", flashMemberRemoved)
	web.Redirect(w, r, "/staff/support/departments")
}

// staffSetTarget changes one priority's target, typed in hours.
func (p *Pages) staffSetTarget(w http.ResponseWriter, r *http.Request, st *Staff) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	first, err1 := strconv.ParseInt(f.Get("first_answer"), 10, 64)
	res, err2 := strconv.ParseInt(f.Get("resolution"), 10, 64)
	if err1 != nil || err2 != nil || first <= 0 || res <= 0 || first > 24*365 || res > 24*365 {
		p.web.SetFlash(w, "error", ErrTarget.Message)
		web.Redirect(w, r, "/staff/support/departments")
		return
	}
	err := p.svc.SetTarget(r.Context(), Target{Priority: f.Get("priority"), FirstAnswer: time.Duration(first) * time.Hour, Resolution: time.Duration(res) * time.Hour})
	if err != nil {
		p.fail(w, r, err, "/staff/support/departments")
		return
	}
	p.web.SetFlash(w, "success", flashTargetsSaved)
	web.Redirect(w, r, "/staff/support/departments")
}
