package support

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// Lines splits a text at its line breaks, so templates show line breaks
// and nothing else: every line is escaped as text.
func (m Message) Lines() []string { return lines(m.Body) }

func lines(s string) []string { return strings.Split(s, "\n") }

// Size is the attachment's size in kilobytes, for the thread.
func (a Attachment) SizeKB() string {
	return fa.Digits(strconv.Itoa((a.Size + 1023) / 1024))
}

type ticketsPage struct {
	Tab     string
	Tickets []Ticket
	Pager   web.Pager
}

// tickets is «لیست تیکت ها»: the guide's columns, newest first.
func (p *Pages) tickets(w http.ResponseWriter, r *http.Request, customerID int64) {
	page, ok := p.ticketList(w, r, customerID)
	if !ok {
		return
	}
	page.Tab = "list"
	p.web.Render(w, r, http.StatusOK, "support/tickets", web.View{Title: titleTickets, Data: page})
}

// threadHelp is the «سوال و جواب» tab before a ticket is chosen.
func (p *Pages) threadHelp(w http.ResponseWriter, r *http.Request, customerID int64) {
	page, ok := p.ticketList(w, r, customerID)
	if !ok {
		return
	}
	page.Tab = "thread"
	p.web.Render(w, r, http.StatusOK, "support/thread_help", web.View{Title: titleThreadHelp, Data: page})
}

func (p *Pages) ticketList(w http.ResponseWriter, r *http.Request, customerID int64) (ticketsPage, bool) {
	asked := web.NewPager(r, math.MaxInt32)
	list, total, err := p.svc.CustomerTickets(r.Context(), customerID, asked.Offset(), asked.PerPage)
	if err != nil {
		p.web.ServerError(w, r, err)
		return ticketsPage{}, false
	}
	pager := web.NewPager(r, total)
	if pager.Offset() != asked.Offset() {
		if list, _, err = p.svc.CustomerTickets(r.Context(), customerID, pager.Offset(), pager.PerPage); err != nil {
			p.web.ServerError(w, r, err)
			return ticketsPage{}, false
		}
	}
	return ticketsPage{Tickets: list, Pager: pager}, true
}

type labelled struct{ Value, Label string }

type newTicketPage struct {
	Tab          string
	Departments  []Department
	Services     []string
	Priorities   []labelled
	Error        string
	MaxFiles     int
	MaxFileKB    string
	AcceptedKind string
}

func priorityChoices() []labelled {
	var out []labelled
	for _, pr := range Priorities {
		out = append(out, labelled{pr, PriorityLabel(pr)})
	}
	return out
}

func (p *Pages) newTicketPage(r *http.Request, customerID int64) (newTicketPage, error) {
	depts, err := p.svc.Departments(r.Context())
	if err != nil {
		return newTicketPage{}, err
	}
	services, err := p.svc.CustomerServices(r.Context(), customerID)
	if err != nil {
		return newTicketPage{}, err
	}
	return newTicketPage{Tab: "new", Departments: depts, Services: services, Priorities: priorityChoices(),
		MaxFiles: p.svc.MaxFiles(), MaxFileKB: fa.Digits(strconv.Itoa(p.svc.MaxFileBytes() / 1024))}, nil
}

func (p *Pages) newTicketForm(w http.ResponseWriter, r *http.Request, customerID int64) {
	page, err := p.newTicketPage(r, customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	f := web.NewForm(url.Values{"priority": {PriorityMedium}, "service": {GeneralService}})
	p.web.Render(w, r, http.StatusOK, "support/ticket_new", web.View{Title: titleNewTicket, Form: f, Data: page})
}

func (p *Pages) newTicket(w http.ResponseWriter, r *http.Request, customerID int64) {
	f, files, ok := p.readForm(w, r)
	if !ok {
		return
	}
	page, err := p.newTicketPage(r, customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	dept, _ := strconv.ParseInt(f.Get("department"), 10, 64)
	t, err := p.svc.OpenTicket(r.Context(), customerID, NewTicket{
		DepartmentID: dept, Service: f.Get("service"), Priority: f.Get("priority"),
		Title: f.Get("title"), Body: f.Get("body"), Files: files,
	})
	if err == nil {
		p.web.SetFlash(w, "success", flashTicketOpened)
		web.Redirect(w, r, "/support/tickets/"+strconv.FormatInt(t.ID, 10))
		return
	}
	msg, ok := showError(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	page.Error = msg
	p.web.Render(w, r, http.StatusUnprocessableEntity, "support/ticket_new", web.View{Title: titleNewTicket, Form: f, Data: page})
}

// threadEntry is a message as the thread shows it: «فرستنده» and
// «دریافت کننده».
type threadEntry struct {
	Message
	Sender, Receiver string
	Internal         bool
}

type ticketPage struct {
	Tab       string
	Ticket    *Ticket
	Entries   []threadEntry
	CanReply  bool
	Error     string
	MaxFiles  int
	MaxFileKB string
}

func entries(t *Ticket, msgs []Message) []threadEntry {
	var out []threadEntry
	for _, m := range msgs {
		e := threadEntry{Message: m, Sender: m.AuthorName, Internal: m.Kind != KindMessage}
		if m.FromCustomer() {
			e.Receiver = t.DepartmentName
		} else {
			e.Receiver = t.CustomerName
			if e.Sender == "" {
				e.Sender = t.DepartmentName
			}
		}
		out = append(out, e)
	}
	return out
}

// ticket is «سوال و جواب» of one ticket.
func (p *Pages) ticket(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.renderTicket(w, r, customerID, http.StatusOK, web.NewForm(nil), "")
}

func (p *Pages) renderTicket(w http.ResponseWriter, r *http.Request, customerID int64, status int, f *web.Form, msg string) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	t, msgs, err := p.svc.CustomerTicket(r.Context(), customerID, id)
	if err != nil {
		p.fail(w, r, err, "/support")
		return
	}
	page := ticketPage{Tab: "thread", Ticket: t, Entries: entries(t, msgs), CanReply: t.Status != StatusClosed, Error: msg,
		MaxFiles: p.svc.MaxFiles(), MaxFileKB: fa.Digits(strconv.Itoa(p.svc.MaxFileBytes() / 1024))}
	p.web.Render(w, r, status, "support/ticket", web.View{Title: t.Title, Form: f, Data: page})
}

func (p *Pages) reply(w http.ResponseWriter, r *http.Request, customerID int64) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	f, files, ok := p.readForm(w, r)
	if !ok {
		return
	}
	err := p.svc.CustomerReply(r.Context(), customerID, id, f.Get("body"), files)
	if err == nil {
		p.web.SetFlash(w, "success", flashReplied)
		web.Redirect(w, r, "/support/tickets/"+strconv.FormatInt(id, 10))
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
	p.renderTicket(w, r, customerID, http.StatusUnprocessableEntity, f, msg)
}

func (p *Pages) attachment(w http.ResponseWriter, r *http.Request, customerID int64) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	a, err := p.svc.CustomerAttachment(r.Context(), customerID, id)
	if err != nil {
		p.fail(w, r, err, "/support")
		return
	}
	serveAttachment(w, a)
}
