package billing

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

type orderPage struct {
	Order        *Order
	CustomerName string
	StateLabel   string
	CanPay       bool
	Gateways     []Gateway
	BackURL      string
	Invoice      *Invoice
	RefID        string

	// CanConfirm: nothing is left to pay at a bank (the replaced
	// service's value or the wallet covers it); the order is confirmed
	// with one button instead («تایید سفارش»).
	CanConfirm bool
}

// StateLabel is an order state in Persian.
func StateLabel(state string) string {
	if l, ok := stateLabels[state]; ok {
		return l
	}
	return state
}

func (p *Pages) orderFromPath(w http.ResponseWriter, r *http.Request, customerID int64) (*Order, bool) {
	tracking := fa.LatinDigits(r.PathValue("tracking"))
	o, err := p.svc.OrderByTracking(r.Context(), customerID, tracking)
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r) // another customer's order looks the same as none
		return nil, false
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, false
	}
	return o, true
}

// order is the pre-invoice («اطلاعات سفارش شما جهت تایید و پرداخت
// آنلاین») while the order is open, and the receipt once it is paid.
func (p *Pages) order(w http.ResponseWriter, r *http.Request, customerID int64) {
	o, ok := p.orderFromPath(w, r, customerID)
	if !ok {
		return
	}
	p.renderOrder(w, r, http.StatusOK, o, nil)
}

func (p *Pages) renderOrder(w http.ResponseWriter, r *http.Request, status int, o *Order, f *web.Form) {
	page := orderPage{Order: o, StateLabel: StateLabel(o.State), CanPay: o.State == StateCreated && o.Payable > 0,
		Gateways: p.svc.Gateways(), BackURL: p.svc.BackURL(o.Kind), CanConfirm: o.State == StateCreated && o.Payable == 0}
	if c, err := p.ids.Customer(r.Context(), o.CustomerID); err == nil {
		page.CustomerName = c.FullName()
	}
	if o.State == StatePaid {
		if inv, err := p.svc.InvoiceForOrder(r.Context(), o.ID); err == nil {
			page.Invoice = inv
		}
		if pays, err := p.svc.PaymentsOfOrder(r.Context(), o.ID); err == nil {
			for _, pay := range pays {
				if pay.State == PaymentVerified {
					page.RefID = pay.RefID
				}
			}
		}
	}
	p.web.Render(w, r, status, "billing/order", web.View{Title: titleOrder, Form: f, Data: page})
}

// pay sends the customer to the chosen bank.
func (p *Pages) pay(w http.ResponseWriter, r *http.Request, customerID int64) {
	o, ok := p.orderFromPath(w, r, customerID)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	if o.Payable == 0 {
		p.confirm(w, r, o, f)
		return
	}
	gw, found := p.svc.Gateway(f.Get("gateway"))
	if !found {
		f.Fail("gateway", msgChooseGateway)
		p.renderOrder(w, r, http.StatusUnprocessableEntity, o, f)
		return
	}
	callback := p.baseURL + "/billing/callback/" + gw.Name() + "?order=" + url.QueryEscape(o.Tracking)
	red, err := p.svc.StartPayment(r.Context(), o.ID, gw, callback)
	if err != nil {
		msg, ok := fa.UserMessage(err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		f.Fail("gateway", msg)
		if o2, err := p.svc.Order(r.Context(), o.ID); err == nil {
			o = o2
		}
		p.renderOrder(w, r, http.StatusUnprocessableEntity, o, f)
		return
	}
	if strings.EqualFold(red.Method, "POST") {
		// A Shaparak-style bank wants a POST of hidden fields.
		p.web.Render(w, r, http.StatusOK, "billing/redirect", web.View{Title: titleRedirect, Layout: "bare", Data: red})
		return
	}
	http.Redirect(w, r, red.URL, http.StatusSeeOther)
}

// callback is where the bank returns the customer. Only the reference is
// read from the request; the bank is asked, with the stored amount, before
// anything is applied, and applying is exactly-once (see settle.go).
func (p *Pages) callback(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("gateway")
	if _, ok := p.svc.Gateway(name); !ok {
		p.web.NotFound(w, r)
		return
	}
	_ = r.ParseForm()
	reference := r.Form.Get("Authority")
	if reference == "" || len(reference) > 100 {
		p.web.Error(w, r, http.StatusBadRequest, msgBankAnswerIncomplete)
		return
	}
	o, err := p.svc.HandleCallback(r.Context(), name, reference)
	switch {
	case errors.Is(err, ErrGatewayDown) && o != nil:
		p.web.SetFlash(w, "info", msgBankAnswerPending)
	case err != nil:
		if msg, ok := fa.UserMessage(err); ok {
			p.web.Error(w, r, http.StatusBadRequest, msg)
			return
		}
		p.web.ServerError(w, r, err)
		return
	case o.State == StatePaid:
		p.web.SetFlash(w, "success", msgPaidAndApplied)
	default:
		p.web.SetFlash(w, "error", msgPaymentFailed)
	}
	web.Redirect(w, r, "/orders/"+o.Tracking)
}

// confirm completes an order with nothing to pay at a bank: the same
// settlement as a paid order (the wallet credit used is taken, a surplus
// goes to the wallet with its ledger row, the area delivers, the invoice
// is issued). Sending the form again finds the order paid and shows it,
// changing nothing.
func (p *Pages) confirm(w http.ResponseWriter, r *http.Request, o *Order, f *web.Form) {
	done, err := p.svc.CompleteWithoutPayment(r.Context(), o.CustomerID, o.ID)
	if err != nil {
		msg, ok := fa.UserMessage(err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		f.Fail("gateway", msg)
		if o2, err := p.svc.Order(r.Context(), o.ID); err == nil {
			o = o2
		}
		p.renderOrder(w, r, http.StatusUnprocessableEntity, o, f)
		return
	}
	if done.State == StatePaid && o.State == StateCreated {
		p.web.SetFlash(w, "success", msgOrderConfirmed)
	}
	web.Redirect(w, r, "/orders/"+done.Tracking)
}
