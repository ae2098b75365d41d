package welfare

import (
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type staffMerchantsPage struct {
	Merchants []Merchant
	Regions   []Region
	Admin     bool
	Error     string
	NewKey    string
	KeyFor    string
}

func (p *Pages) renderMerchants(w http.ResponseWriter, r *http.Request, status int, m *identity.StaffMember, f *web.Form, page staffMerchantsPage) {
	list, err := p.svc.Merchants(r.Context(), MerchantFilter{Status: "all"})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	regions, err := p.svc.Regions(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.Merchants, page.Regions, page.Admin = list, regions, m.HasRole(identity.RoleAdmin)
	p.web.Render(w, r, status, "welfare/staff_merchants", web.View{Title: titleStaffMerchants, Layout: "staff", Form: f, Data: page})
}

// staffMerchants lists stores; welfare managers propose, admins approve.
func (p *Pages) staffMerchants(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	p.renderMerchants(w, r, http.StatusOK, m, nil, staffMerchantsPage{})
}

func (p *Pages) staffPropose(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	region, _ := strconv.ParseInt(f.Get("region_id"), 10, 64)
	_, err := p.svc.ProposeMerchant(r.Context(), m, p.web.ClientIP(r), NewMerchant{Name: f.Get("name"), Kind: f.Get("kind"), City: f.Get("city"),
		Category: f.Get("category"), Address: f.Get("address"), Website: f.Get("website"), RegionID: region})
	if err == nil {
		p.web.SetFlash(w, "success", flashMerchantProposed)
		web.Redirect(w, r, "/staff/welfare/merchants")
		return
	}
	msg, ok := failForm(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	p.renderMerchants(w, r, http.StatusUnprocessableEntity, m, f, staffMerchantsPage{Error: msg})
}

func (p *Pages) staffMerchantDecide(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	approve := r.PostForm.Get("decision") == "approve"
	id := web.PathID(r, "id")
	key, err := p.svc.DecideMerchant(r.Context(), m, p.web.ClientIP(r), id, approve)
	var we *fa.Error
	switch {
	case err == nil && approve:
		mer, _ := p.svc.Merchant(r.Context(), id)
		name := ""
		if mer != nil {
			name = mer.Name
		}
		// The key is shown once, on this page, never stored in clear.
		p.renderMerchants(w, r, http.StatusOK, m, nil, staffMerchantsPage{NewKey: key, KeyFor: name})
		return
	case err == nil:
		p.web.SetFlash(w, "success", flashMerchantRejected)
	case errors.As(err, &we):
		p.web.SetFlash(w, "error", we.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/staff/welfare/merchants")
}
