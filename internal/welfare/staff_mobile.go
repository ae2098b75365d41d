package welfare

import (
	"errors"
	"net/http"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type mobilePage struct {
	Query    string
	Employee *Employee
	Error    string
}

// staffMobile finds an employee (national code or personnel number) to
// record the new mobile the welfare unit reported.
func (p *Pages) staffMobile(w http.ResponseWriter, r *http.Request, _ *identity.StaffMember) {
	q := fa.NormalizeInput(r.URL.Query().Get("q"))
	page := mobilePage{Query: q}
	if q != "" {
		e, err := p.svc.FindEmployee(r.Context(), p.svc.db, q)
		switch {
		case errors.Is(err, ErrNotFound):
			page.Error = msgNoSuchEmployee
		case err != nil:
			p.web.ServerError(w, r, err)
			return
		default:
			page.Employee = e
		}
	}
	p.web.Render(w, r, http.StatusOK, "welfare/staff_mobile", web.View{Title: titleMobile, Layout: "staff", Data: page})
}

func (p *Pages) staffChangeMobile(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	e, err := p.svc.Employee(r.Context(), web.PathID(r, "id"))
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	err = p.svc.ChangeMobile(r.Context(), m, p.web.ClientIP(r), e.ID, f.Get("mobile"), f.Get("request"))
	if err == nil {
		p.web.SetFlash(w, "success", flashMobileChanged)
		web.Redirect(w, r, "/staff/welfare/mobile?q="+e.PersonnelNo)
		return
	}
	msg, ok := failForm(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "welfare/staff_mobile", web.View{Title: titleMobile, Layout: "staff", Form: f,
		Data: mobilePage{Query: e.PersonnelNo, Employee: e, Error: msg}})
}
