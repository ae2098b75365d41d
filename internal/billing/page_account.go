package billing

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// pagerFor turns billing's 1-based pages into the web kit's pager.
func pagerFor(r *http.Request, total int) (web.Pager, int) {
	pager := web.NewPager(r, total)
	return pager, pager.Page
}

func pageNumber(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	return max(n, 1)
}

type paymentRow struct {
	At                                 time.Time
	Tracking, Description, Bank, RefID string
	Amount                             int64
	OK                                 bool
	StateLabel                         string
}

func paymentStateLabel(state string) string {
	if l, ok := paymentStateLabels[state]; ok {
		return l
	}
	return state
}

// payments is «پرداخت های موفق و ناموفق».
func (p *Pages) payments(w http.ResponseWriter, r *http.Request, customerID int64) {
	list, err := p.svc.PaymentsOf(r.Context(), customerID, pageNumber(r))
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	pager, _ := pagerFor(r, list.Total)
	labels := map[string]string{}
	for _, g := range p.svc.Gateways() {
		labels[g.Name()] = g.Label()
	}
	var rows []paymentRow
	for _, pay := range list.Items {
		desc := ""
		if o, err := p.svc.Order(r.Context(), pay.OrderID); err == nil {
			desc = o.Description
		}
		rows = append(rows, paymentRow{At: pay.CreatedAt, Tracking: pay.Tracking, Description: desc, Bank: labels[pay.Gateway],
			RefID: pay.RefID, Amount: pay.Amount, OK: pay.State == PaymentVerified, StateLabel: paymentStateLabel(pay.State)})
	}
	p.web.Render(w, r, http.StatusOK, "billing/payments", web.View{Title: titlePayments,
		Data: struct {
			Rows  []paymentRow
			Pager web.Pager
		}{rows, pager}})
}

func (p *Pages) invoices(w http.ResponseWriter, r *http.Request, customerID int64) {
	list, err := p.svc.InvoicesOf(r.Context(), customerID, pageNumber(r))
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	pager, _ := pagerFor(r, list.Total)
	p.web.Render(w, r, http.StatusOK, "billing/invoices", web.View{Title: titleInvoices,
		Data: struct {
			Rows  []Invoice
			Pager web.Pager
		}{list.Items, pager}})
}

// invoice is the printable invoice («چاپ فاکتور»).
func (p *Pages) invoice(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.renderInvoice(w, r, "portal", func(n int64) (*Invoice, error) { return p.svc.CustomerInvoice(r.Context(), customerID, n) })
}

// staffInvoice shows finance staff any invoice, in their layout.
func (p *Pages) staffInvoice(w http.ResponseWriter, r *http.Request, _ *identity.StaffMember) {
	p.renderInvoice(w, r, "staff", func(n int64) (*Invoice, error) { return p.svc.Invoice(r.Context(), n) })
}

func (p *Pages) renderInvoice(w http.ResponseWriter, r *http.Request, layout string, load func(number int64) (*Invoice, error)) {
	n := web.PathID(r, "number")
	if n == 0 {
		p.web.NotFound(w, r)
		return
	}
	inv, err := load(n)
	if errors.Is(err, ErrInvoiceNotFound) || errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "billing/invoice", web.View{Title: titleInvoice(fa.Digits(strconv.FormatInt(n, 10))), Layout: layout,
		Data: struct {
			Invoice    *Invoice
			VATPercent string
		}{inv, strconv.FormatFloat(float64(inv.VATRate)/100, 'f', -1, 64)}})
}

type walletPage struct {
	Balance int64
	Entries []WalletEntry
	Pager   web.Pager
}

// wallet is «عملیات مالی و بانک مجازی»: the balance, its history and a
// top-up.
func (p *Pages) wallet(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.renderWallet(w, r, http.StatusOK, customerID, nil)
}

func (p *Pages) renderWallet(w http.ResponseWriter, r *http.Request, status int, customerID int64, f *web.Form) {
	st, err := p.svc.Wallet(r.Context(), customerID, pageNumber(r))
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	pager, _ := pagerFor(r, st.Entries.Total)
	p.web.Render(w, r, status, "billing/wallet", web.View{Title: titleWallet, Form: f,
		Data: walletPage{Balance: st.Balance, Entries: st.Entries.Items, Pager: pager}})
}

// Top-ups: at least 10,000 rials (a bank will not take less), at most
// 500,000,000.
const (
	minTopUp = 10_000
	maxTopUp = 500_000_000
)

func (p *Pages) topUp(w http.ResponseWriter, r *http.Request, customerID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	amount, err := fa.ParseRials(f.Get("amount"))
	switch {
	case err != nil:
		f.Fail("amount", web.MsgAmountInRials)
	case amount < minTopUp || amount > maxTopUp:
		f.Fail("amount", msgTopUpRange(fa.Rials(minTopUp), fa.Rials(maxTopUp)))
	}
	if !f.Valid() {
		p.renderWallet(w, r, http.StatusUnprocessableEntity, customerID, f)
		return
	}
	o, err := p.svc.CreateOrder(r.Context(), nil, NewOrder{
		CustomerID: customerID, Kind: KindWalletTopUp, Description: labelTopUp,
		Lines: []Line{{Description: labelTopUp, Amount: amount}}, VATExempt: true,
	})
	if err != nil {
		if msg, ok := fa.UserMessage(err); ok {
			f.Fail("amount", msg)
			p.renderWallet(w, r, http.StatusUnprocessableEntity, customerID, f)
			return
		}
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/orders/"+o.Tracking)
}
