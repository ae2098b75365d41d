package billing

import (
	"errors"
	"html/template"
	"net/http"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type labelled struct{ Value, Label string }

type staffOrderRow struct {
	*Order
	StateLabel  string
	CanReverify bool
}

// staffOrders lets finance filter orders by state, Jalali date range and
// customer, and ask the bank again about one stuck at the gateway. There
// is deliberately no way to mark an order paid by hand.
func (p *Pages) staffOrders(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	q := r.URL.Query()
	page := struct {
		State, From, To, Customer, Error string
		States                           []labelled
		Rows                             []staffOrderRow
		Pager                            web.Pager
		Charts                           []template.HTML // payments per day
	}{State: q.Get("state"), From: fa.NormalizeInput(q.Get("from")), To: fa.NormalizeInput(q.Get("to")), Customer: fa.NormalizeInput(q.Get("customer"))}
	var f Filter
	for _, st := range []string{StateCreated, StateAtGateway, StatePaid, StateFailed, StateCancelled, StateExpired} {
		page.States = append(page.States, labelled{st, StateLabel(st)})
		if st == page.State {
			f.State = st
		}
	}
	if page.From != "" {
		d, err := fa.ParseDate(page.From)
		if err != nil {
			page.Error = msgFromDate
		} else {
			f.From = d.Time(fa.Tehran)
		}
	}
	if page.To != "" {
		d, err := fa.ParseDate(page.To)
		if err != nil {
			page.Error = msgToDate
		} else {
			f.To = d.Time(fa.Tehran).AddDate(0, 0, 1) // the whole last day
		}
	}
	if page.Customer != "" {
		found, _, err := p.ids.SearchCustomers(r.Context(), identity.CustomerFilter{NationalCode: page.Customer, Limit: 1})
		if err != nil {
			page.Error = fa.MsgNationalCode
		} else if len(found) == 0 {
			page.Error = web.MsgNoCustomerWithCode
		} else {
			f.CustomerID = found[0].ID
		}
	}
	var orders []*Order
	if page.Error == "" {
		var err error
		orders, page.Pager, err = web.PageOf(r, func(offset, limit int) ([]*Order, int, error) {
			f.Offset, f.Limit = offset, limit
			return p.svc.ListOrders(r.Context(), f)
		})
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	for _, o := range orders {
		page.Rows = append(page.Rows, staffOrderRow{Order: o, StateLabel: StateLabel(o.State), CanReverify: o.State == StateAtGateway})
	}
	days, err := p.svc.DailyPayments(r.Context(), paymentDays)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.Charts = paymentCharts(days)
	p.web.Render(w, r, http.StatusOK, "billing/staff_orders", web.View{Title: titleStaffOrders, Layout: "staff", Data: page})
}

func (p *Pages) staffReverify(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 {
		p.web.NotFound(w, r)
		return
	}
	if err := p.svc.RequestReverify(r.Context(), id, m.ID); err != nil {
		if msg, ok := fa.UserMessage(err); ok {
			p.web.SetFlash(w, "error", msg)
		} else {
			p.web.ServerError(w, r, err)
			return
		}
	} else {
		p.web.SetFlash(w, "success", msgReverifyQueued)
	}
	web.Redirect(w, r, "/staff/orders?state="+StateAtGateway)
}

// staffOrder shows one order with its payments, events and invoice.
func (p *Pages) staffOrder(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 {
		p.web.NotFound(w, r)
		return
	}
	o, err := p.svc.Order(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := struct {
		Order                    *Order
		CustomerName, StateLabel string
		Payments                 []Payment
		Events                   []Event
		Invoice                  *Invoice
	}{Order: o, StateLabel: StateLabel(o.State)}
	if c, err := p.ids.Customer(r.Context(), o.CustomerID); err == nil {
		page.CustomerName = c.FullName() + " (" + c.NationalCode + ")"
	}
	if page.Payments, err = p.svc.PaymentsOfOrder(r.Context(), o.ID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if page.Events, err = p.svc.Events(r.Context(), o.ID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if inv, err := p.svc.InvoiceForOrder(r.Context(), o.ID); err == nil {
		page.Invoice = inv
	}
	p.web.Render(w, r, http.StatusOK, "billing/staff_order", web.View{Title: titleStaffOrder(fa.Digits(o.Tracking)), Layout: "staff", Data: page})
}
