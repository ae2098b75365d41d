package welfare

import (
	"errors"
	"html/template"
	"net/http"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type staffApplicationsPage struct {
	Pending   []Application
	Withdrawn []Application // recently withdrawn by their applicants
	Regions   []int64       // nil: every region
	Charts    []template.HTML
}

// staffApplications is the region finance desk: applications approved
// by their guarantors, waiting for the finance decision.
func (p *Pages) staffApplications(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	regions, err := p.svc.StaffRegions(r.Context(), m)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	list, err := p.svc.PendingFinance(r.Context(), regions)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	withdrawn, err := p.svc.RecentlyWithdrawn(r.Context(), regions)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	counts, err := p.svc.PendingByRegion(r.Context(), regions)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "welfare/staff_applications", web.View{Title: titleStaffApplications, Layout: "staff",
		Data: staffApplicationsPage{Pending: list, Withdrawn: withdrawn, Regions: regions, Charts: pendingCharts(counts)}})
}

func (p *Pages) staffDecide(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	decision := f.Get("decision")
	if decision != "approve" && decision != "reject" {
		p.web.Error(w, r, http.StatusBadRequest, msgChooseDecision)
		return
	}
	err := p.svc.FinanceDecide(r.Context(), m, p.web.ClientIP(r), web.PathID(r, "id"), decision == "approve", f.Get("reason"))
	var we *fa.Error
	switch {
	case err == nil && decision == "approve":
		p.web.SetFlash(w, "success", flashFinanceApproved)
	case err == nil:
		p.web.SetFlash(w, "success", flashFinanceRejected)
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
		return
	case errors.As(err, &we):
		p.web.SetFlash(w, "error", we.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/staff/welfare")
}
