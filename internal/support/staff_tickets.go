package support

import (
	"errors"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// ages are the queue's «قدمت» filter choices.
var ages = []struct {
	Value string
	Label string
	Age   time.Duration
}{
	{"1d", labelOlderThanADay, 24 * time.Hour},
	{"3d", labelOlderThanThreeDays, 3 * 24 * time.Hour},
	{"7d", labelOlderThanAWeek, 7 * 24 * time.Hour},
}

type queueRow struct {
	Ticket
	Overdue string
}

type queuePage struct {
	Departments                             []Department
	Statuses, Priorities, Ages              []labelled
	Department, Status, Priority, Age, Code string
	Overdue, Mine                           bool
	Error                                   string
	Rows                                    []queueRow
	Pager                                   web.Pager
	Chart                                   template.HTML // overdue tickets per department
}

// staffQueue lists the tickets of the staff member's departments with the
// filters of the form above it; overdue tickets are flagged.
func (p *Pages) staffQueue(w http.ResponseWriter, r *http.Request, st *Staff) {
	q := r.URL.Query()
	page := queuePage{Department: q.Get("department"), Status: q.Get("status"), Priority: q.Get("priority"), Age: q.Get("age"),
		Code: fa.NormalizeInput(q.Get("national_code")), Overdue: q.Get("overdue") == "1", Mine: q.Get("mine") == "1",
		Priorities: priorityChoices()}
	all, err := p.svc.Departments(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	for _, d := range all {
		if st.Serves(d.ID) {
			page.Departments = append(page.Departments, d)
		}
	}
	page.Statuses = []labelled{{"", labelAllButClosed}}
	for _, s := range Statuses {
		page.Statuses = append(page.Statuses, labelled{s, StatusLabel(s)})
	}
	page.Statuses = append(page.Statuses, labelled{"all", labelAll})
	for _, a := range ages {
		page.Ages = append(page.Ages, labelled{a.Value, a.Label})
	}
	f := QueueFilter{Status: page.Status, Priority: page.Priority, OverdueOnly: page.Overdue, Mine: page.Mine}
	if page.Department != "" {
		id, _ := strconv.ParseInt(page.Department, 10, 64)
		if !st.Serves(id) {
			p.web.Error(w, r, http.StatusForbidden, "")
			return
		}
		f.DepartmentID = id
	}
	for _, a := range ages {
		if a.Value == page.Age {
			f.OlderThan = a.Age
		}
	}
	if page.Code != "" {
		code, err := fa.ParseNationalCode(page.Code)
		if err != nil {
			page.Error = fa.MsgNationalCode
			code = "-"
		}
		f.NationalCode = code
	}
	asked := web.NewPager(r, math.MaxInt32)
	f.Offset, f.Limit = asked.Offset(), asked.PerPage
	list, total, err := p.svc.Queue(r.Context(), st, f)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.Pager = web.NewPager(r, total)
	if page.Pager.Offset() != asked.Offset() {
		f.Offset = page.Pager.Offset()
		if list, _, err = p.svc.Queue(r.Context(), st, f); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	now := p.web.Now()
	for _, t := range list {
		page.Rows = append(page.Rows, queueRow{t, OverdueLabel(t.Overdue(now))})
	}
	overdue, err := p.svc.OverdueByDepartment(r.Context(), st)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.Chart = overdueChart(overdue)
	p.web.Render(w, r, http.StatusOK, "support/staff_queue", web.View{Title: titleQueue, Layout: "staff", Data: page})
}

type staffTicketPage struct {
	Ticket      *Ticket
	Overdue     string
	Entries     []threadEntry
	Members     []Member
	Departments []Department
	Self        int64
	Error       string
	MaxFiles    int
	MaxFileKB   string
}

func (p *Pages) staffTicket(w http.ResponseWriter, r *http.Request, st *Staff) {
	p.renderStaffTicket(w, r, st, http.StatusOK, web.NewForm(nil), "")
}

func (p *Pages) renderStaffTicket(w http.ResponseWriter, r *http.Request, st *Staff, status int, f *web.Form, msg string) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	t, msgs, err := p.svc.StaffThread(r.Context(), st, id)
	if err != nil {
		p.fail(w, r, err, "/staff/support")
		return
	}
	page := staffTicketPage{Ticket: t, Overdue: OverdueLabel(t.Overdue(p.web.Now())), Entries: entries(t, msgs), Self: st.ID, Error: msg,
		MaxFiles: p.svc.MaxFiles(), MaxFileKB: fa.Digits(strconv.Itoa(p.svc.MaxFileBytes() / 1024))}
	if page.Members, err = p.svc.Members(r.Context(), t.DepartmentID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	all, err := p.svc.Departments(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	for _, d := range all {
		if d.ID != t.DepartmentID {
			page.Departments = append(page.Departments, d)
		}
	}
	p.web.Render(w, r, status, "support/staff_ticket", web.View{Title: t.Title, Layout: "staff", Form: f, Data: page})
}

func ticketPath(id int64) string { return "/staff/support/tickets/" + strconv.FormatInt(id, 10) }

// staffAnswer sends the customer an answer (with files) and an SMS.
func (p *Pages) staffAnswer(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	f, files, ok := p.readForm(w, r)
	if !ok {
		return
	}
	err := p.svc.Answer(r.Context(), st, id, f.Get("body"), files)
	p.afterStaffForm(w, r, st, id, f, err, flashAnsweredAndTexted)
}

func (p *Pages) staffNote(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	err := p.svc.AddNote(r.Context(), st, id, f.Get("note"))
	if errors.Is(err, ErrBody) {
		f.Fail("note", msgNoteRequired)
		p.renderStaffTicket(w, r, st, http.StatusUnprocessableEntity, f, "")
		return
	}
	p.afterStaffForm(w, r, st, id, f, err, flashNoteAdded)
}

func (p *Pages) afterStaffForm(w http.ResponseWriter, r *http.Request, st *Staff, id int64, f *web.Form, err error, done string) {
	if err == nil {
		p.web.SetFlash(w, "success", done)
		web.Redirect(w, r, ticketPath(id))
		return
	}
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return
	}
	msg, ok := showError(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	p.renderStaffTicket(w, r, st, http.StatusUnprocessableEntity, f, msg)
}

func (p *Pages) staffAssign(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	to := st.ID
	if v := r.PostFormValue("staff"); v != "" && v != "self" {
		to, _ = strconv.ParseInt(v, 10, 64)
	}
	if err := p.svc.Assign(r.Context(), st, id, to); err != nil {
		p.fail(w, r, err, ticketPath(id))
		return
	}
	p.web.SetFlash(w, "success", flashTicketAssigned)
	web.Redirect(w, r, ticketPath(id))
}

func (p *Pages) staffMove(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	dept, _ := strconv.ParseInt(r.PostFormValue("department"), 10, 64)
	if err := p.svc.Move(r.Context(), st, id, dept); err != nil {
		p.fail(w, r, err, ticketPath(id))
		return
	}
	p.web.SetFlash(w, "success", flashTicketMoved)
	if st.Serves(dept) {
		web.Redirect(w, r, ticketPath(id))
		return
	}
	web.Redirect(w, r, "/staff/support")
}

func (p *Pages) staffClose(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	if err := p.svc.Close(r.Context(), st, id); err != nil {
		p.fail(w, r, err, ticketPath(id))
		return
	}
	p.web.SetFlash(w, "success", flashTicketClosed)
	web.Redirect(w, r, ticketPath(id))
}

func (p *Pages) staffReopen(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	if err := p.svc.Reopen(r.Context(), st, id); err != nil {
		p.fail(w, r, err, ticketPath(id))
		return
	}
	p.web.SetFlash(w, "success", flashTicketReopened)
	web.Redirect(w, r, ticketPath(id))
}

func (p *Pages) staffAttachment(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	a, err := p.svc.StaffAttachment(r.Context(), st, id)
	if err != nil {
		p.fail(w, r, err, "/staff/support")
		return
	}
	serveAttachment(w, a)
}
