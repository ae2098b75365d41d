package welfare

import (
	"errors"
	"html/template"
	"net/http"

	"pishkhan/internal/web"
)

type balancePage struct {
	Account *Account
	Open    bool
	Charts  []template.HTML // this month's credit and the purchase power, used and left
}

// balance is «موجودی»: monthly credit, the ceiling on installments,
// purchase power (their product), what is used and what is available.
func (p *Pages) balance(w http.ResponseWriter, r *http.Request, customerID int64) {
	a, err := p.svc.Account(r.Context(), customerID)
	if err != nil && !errors.Is(err, ErrNoAccount) {
		p.web.ServerError(w, r, err)
		return
	}
	page := balancePage{Account: a, Charts: balanceCharts(a)}
	if a != nil {
		page.Open = a.Open(p.svc.now())
	}
	p.web.Render(w, r, http.StatusOK, "welfare/balance", web.View{Title: labelBalance, Data: page})
}

type installmentsPage struct {
	Unsettled []Installment
	Settled   []Installment
	Finished  []Purchase
}

// installments is «وضعیت اقساط»: unsettled and settled installments and
// the report of finished purchases. An installment shows settled only
// once the employer's remittance has been recorded (the guide).
func (p *Pages) installments(w http.ResponseWriter, r *http.Request, customerID int64) {
	list, err := p.svc.Installments(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	purchases, err := p.svc.Purchases(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	var page installmentsPage
	for _, i := range list {
		if i.SettledAt == nil {
			page.Unsettled = append(page.Unsettled, i)
		} else {
			page.Settled = append(page.Settled, i)
		}
	}
	for _, pu := range purchases {
		if pu.FinishedAt != nil {
			page.Finished = append(page.Finished, pu)
		}
	}
	p.web.Render(w, r, http.StatusOK, "welfare/installments", web.View{Title: titleInstallments, Data: page})
}

type merchantsPage struct {
	Merchants []Merchant
	Cities    []string
	Query     string
	City      string
	Kind      string
}

// merchants is the directory of contracted stores, searchable and
// filtered by city.
func (p *Pages) merchants(w http.ResponseWriter, r *http.Request, _ int64) {
	q := r.URL.Query()
	f := MerchantFilter{Query: q.Get("q"), City: q.Get("city"), Kind: q.Get("kind")}
	list, err := p.svc.Merchants(r.Context(), f)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	cities, err := p.svc.Cities(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "welfare/merchants", web.View{Title: labelContractedMerchant, Data: merchantsPage{
		Merchants: list, Cities: cities, Query: f.Query, City: f.City, Kind: f.Kind}})
}
