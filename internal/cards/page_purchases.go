package cards

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"pishkhan/internal/billing"
	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// instRow is one installment as the pay page shows it.
type instRow struct {
	Installment
	Month string // «فروردین ۱۴۰۴»
	Due   string // Persian digits
	Total int64  // amount + penalty
}

// monthLabel is the Jalali month of a due day, in words.
func monthLabel(due string) string {
	d, err := fa.ParseDate(due)
	if err != nil {
		return fa.Digits(due)
	}
	return fa.MonthName(d.Month) + " " + fa.Digits(strconv.Itoa(d.Year))
}

func instRows(list []Installment) []instRow {
	rows := make([]instRow, 0, len(list))
	for _, in := range list {
		rows = append(rows, instRow{Installment: in, Month: monthLabel(in.DueOn), Due: fa.Digits(in.DueOn), Total: in.Amount + in.Penalty})
	}
	return rows
}

// purchaseView is a purchase on the staff card desk, with its schedule
// written in Go (purchase_list_html.go).
type purchaseView struct {
	PurchaseRow
	ScheduleHTML template.HTML
}

func newPurchaseView(pr PurchaseRow) purchaseView {
	return purchaseView{PurchaseRow: pr, ScheduleHTML: scheduleHTML(pr.Schedule)}
}

// purchases is «مشاهده لیست خرید»: the guide's columns and, under each
// purchase, its schedule (a <details>, so it opens without script). The
// rows are written in Go (purchase_list_html.go).
func (p *Pages) purchases(w http.ResponseWriter, r *http.Request, customerID int64) {
	list, err := p.svc.Purchases(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "cards/purchases", web.View{Title: titlePurchases, Data: purchaseListRows(list)})
}

type payPage struct {
	Rows     []instRow
	Policies map[int64]string
	Checked  map[int64]bool
	Error    string
}

func (p *Pages) renderPay(w http.ResponseWriter, r *http.Request, status int, customerID int64, chosen []int64, msg string) {
	due, err := p.svc.DueInstallments(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := payPage{Rows: instRows(due), Policies: map[int64]string{}, Checked: map[int64]bool{}, Error: msg}
	if chosen == nil && len(due) > 0 {
		chosen = []int64{due[0].ID} // the oldest is the default
	}
	for _, id := range chosen {
		page.Checked[id] = true
	}
	if list, err := p.svc.Purchases(r.Context(), customerID); err == nil {
		for _, pr := range list {
			page.Policies[pr.ID] = pr.PolicyNumber
		}
	}
	p.web.Render(w, r, status, "cards/pay", web.View{Title: titlePay, Data: page})
}

// payForm is «پرداخت اقساط»: the installments due, oldest first.
func (p *Pages) payForm(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.renderPay(w, r, http.StatusOK, customerID, nil, "")
}

// pay creates a billing order for the chosen installments, which must be
// the oldest ones due (whole installments, no gaps), and sends the
// customer to its pre-invoice. The installments are marked paid by
// InstallmentsFulfiller when the bank confirms the payment.
func (p *Pages) pay(w http.ResponseWriter, r *http.Request, customerID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	var chosen []int64
	for _, v := range r.PostForm["installment"] {
		id, err := strconv.ParseInt(fa.LatinDigits(v), 10, 64)
		if err != nil || id <= 0 {
			p.renderPay(w, r, http.StatusUnprocessableEntity, customerID, []int64{}, ErrNotOldest.Message)
			return
		}
		if !slices.Contains(chosen, id) {
			chosen = append(chosen, id)
		}
	}
	if len(chosen) == 0 {
		p.renderPay(w, r, http.StatusUnprocessableEntity, customerID, []int64{}, ErrNothingToPay.Message)
		return
	}
	due, err := p.svc.DueInstallments(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	// The chosen set must be exactly the oldest len(chosen) due ones.
	if len(chosen) > len(due) {
		p.renderPay(w, r, http.StatusUnprocessableEntity, customerID, chosen, ErrNotOldest.Message)
		return
	}
	prefix := due[:len(chosen)]
	for _, in := range prefix {
		if !slices.Contains(chosen, in.ID) {
			p.renderPay(w, r, http.StatusUnprocessableEntity, customerID, chosen, ErrNotOldest.Message)
			return
		}
	}
	ids := make([]int64, 0, len(prefix))
	lines := make([]billing.Line, 0, len(prefix))
	for _, in := range prefix {
		ids = append(ids, in.ID)
		lines = append(lines, billing.Line{
			Description: installmentLine(monthLabel(in.DueOn), in.DueOn),
			Amount:      in.Amount + in.Penalty,
		})
	}
	o, err := p.bill.CreateOrder(r.Context(), nil, billing.NewOrder{
		CustomerID: customerID, Kind: KindInstallments, Ref: InstallmentsRef(ids),
		Description: orderInstallments, Lines: lines, VATExempt: true,
	})
	if err != nil {
		if msg, ok := fa.UserMessage(err); ok {
			p.renderPay(w, r, http.StatusUnprocessableEntity, customerID, chosen, msg)
			return
		}
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/orders/"+o.Tracking)
}
