package isp

import (
	"net/http"

	"pishkhan/internal/web"
)

type historyPage struct {
	Tab       string
	Purchases []Purchase
	Bills     []Bill
	Charges   []CampaignCharge
}

// history is «سابقه سرویس ها و قبوض» with the guide's three tabs.
func (p *Pages) history(w http.ResponseWriter, r *http.Request, customerID int64) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	page := historyPage{Tab: r.URL.Query().Get("tab")}
	var err error
	switch page.Tab {
	case "bills":
		page.Bills, err = p.svc.Bills(r.Context(), sub.ID)
	case "campaigns":
		page.Charges, err = p.svc.CampaignCharges(r.Context(), sub.ID)
	default:
		page.Tab = "services"
		page.Purchases, err = p.svc.Purchases(r.Context(), sub.ID)
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "isp/history", web.View{Title: titleHistory, Data: page})
}

type lineRow struct {
	LineStatus
	Name string
}

// lineHistory is «سابقه وضعیت خط تلفن».
func (p *Pages) lineHistory(w http.ResponseWriter, r *http.Request, customerID int64) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	list, err := p.svc.LineStatuses(r.Context(), sub.ID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	rows := make([]lineRow, len(list))
	for i, l := range list {
		rows[i] = lineRow{l, LineStatusNames[l.Status]}
	}
	p.web.Render(w, r, http.StatusOK, "isp/line_history", web.View{Title: titleLineLog, Data: rows})
}

// PurchaseType is a purchase type in Persian, for templates.
func (p Purchase) TypeName() string { return PurchaseTypeNames[p.PurchaseType] }
