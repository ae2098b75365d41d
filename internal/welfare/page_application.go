package welfare

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

type applicationRow struct {
	Application
	State     string
	StateName string
	OpensAt   *time.Time
}

type homePage struct {
	Employee     *Employee
	NotEmployee  string
	Applications []applicationRow
	CanApply     bool
	Product      *Product
	Error        string
	AppURL       string
	Support      string
}

// home is «توانا کارت»: «وضعیت درخواست» and the application form.
func (p *Pages) home(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.renderHome(w, r, http.StatusOK, customerID, nil, "")
}

func (p *Pages) renderHome(w http.ResponseWriter, r *http.Request, status int, customerID int64, f *web.Form, msg string) {
	ctx := r.Context()
	page := homePage{Error: msg, AppURL: AppURL, Support: SupportPhone}
	emp, err := p.svc.EmployeeOfCustomer(ctx, customerID)
	switch {
	case errors.Is(err, ErrNotEmployee):
		page.NotEmployee = ErrNotEmployee.Message
	case err != nil:
		p.web.ServerError(w, r, err)
		return
	default:
		page.Employee = emp
		list, err := p.svc.Applications(ctx, customerID)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		now := p.svc.now()
		page.CanApply = true
		for _, a := range list {
			st := a.State(now)
			page.Applications = append(page.Applications, applicationRow{Application: a, State: st, StateName: statusName(st), OpensAt: a.OpensAt})
			if !a.Closed() {
				page.CanApply = false
			}
		}
		if page.Product, err = p.svc.Product(ctx, p.svc.db, 0); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	p.web.Render(w, r, status, "welfare/home", web.View{Title: labelTavana, Form: f, Data: page})
}

// apply is the application: installments and the guarantor.
func (p *Pages) apply(w http.ResponseWriter, r *http.Request, customerID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	n, err := strconv.Atoi(f.Get("installments"))
	if err != nil {
		f.Fail("installments", msgInstallmentsNumber)
	}
	g := f.Required("guarantor", labelGuarantorKey)
	f.MaxLength("guarantor", labelGuarantorKey, 20)
	if !f.Valid() {
		p.renderHome(w, r, http.StatusUnprocessableEntity, customerID, f, "")
		return
	}
	_, err = p.svc.Apply(r.Context(), customerID, n, g)
	if err == nil {
		p.web.SetFlash(w, "success", flashApplied)
		web.Redirect(w, r, "/welfare")
		return
	}
	msg, ok := failForm(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	p.renderHome(w, r, http.StatusUnprocessableEntity, customerID, f, msg)
}

// guarantees is «تایید یا رد ضمانت».
func (p *Pages) guarantees(w http.ResponseWriter, r *http.Request, customerID int64) {
	list, err := p.svc.GuaranteeRequests(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	rows := make([]applicationRow, 0, len(list))
	for _, a := range list {
		st := a.State(p.svc.now())
		rows = append(rows, applicationRow{Application: a, State: st, StateName: statusName(st)})
	}
	p.web.Render(w, r, http.StatusOK, "welfare/guarantees", web.View{Title: titleGuarantees, Data: rows})
}

func (p *Pages) guaranteeDecide(w http.ResponseWriter, r *http.Request, customerID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	decision := r.PostForm.Get("decision")
	if decision != "approve" && decision != "reject" {
		p.web.Error(w, r, http.StatusBadRequest, msgChooseDecision)
		return
	}
	err := p.svc.GuarantorDecide(r.Context(), customerID, web.PathID(r, "id"), decision == "approve")
	var we *fa.Error
	switch {
	case err == nil:
		msg := flashGuaranteeOK
		if decision == "reject" {
			msg = flashGuaranteeNo
		}
		p.web.SetFlash(w, "success", msg)
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
		return
	case errors.As(err, &we):
		p.web.SetFlash(w, "error", we.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/welfare/guarantees")
}
