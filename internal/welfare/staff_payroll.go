package welfare

import (
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type payrollPage struct {
	Regions    []Region // the regions the staff member may list
	AllRegions bool     // head office: «همه مناطق» is offered
	Region     int64    // the region selected
	Month      string
	Settlement *SettlementResult
	Rows       []RowError
	Error      string
	CanSettle  bool
}

func (p *Pages) renderPayroll(w http.ResponseWriter, r *http.Request, status int, m *identity.StaffMember, page payrollPage) {
	regions, err := p.svc.Regions(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	// The page opens on the staff member's own region: regional staff
	// see only theirs (a list of «همه مناطق» would be refused them).
	mine, err := p.svc.StaffRegions(r.Context(), m)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.AllRegions = mine == nil
	for _, g := range regions {
		if inRegions(mine, g.ID) {
			page.Regions = append(page.Regions, g)
		}
	}
	if !page.AllRegions && page.Region == 0 && len(page.Regions) > 0 {
		page.Region = page.Regions[0].ID
	}
	page.CanSettle = m.HasRole(identity.RoleSupport)
	if page.Month == "" {
		page.Month = p.svc.today().String()[:7]
	}
	p.web.Render(w, r, status, "welfare/staff_payroll", web.View{Title: titlePayroll, Layout: "staff", Data: page})
}

// staffPayroll offers the monthly deduction lists (CSV, XLSX) and, to
// support, the upload of the employer's settlement file.
func (p *Pages) staffPayroll(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	p.renderPayroll(w, r, http.StatusOK, m, payrollPage{})
}

// staffDeductions streams a region's deduction list for a month.
func (p *Pages) staffDeductions(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	q := r.URL.Query()
	month, err := ParseMonth(fa.NormalizeInput(q.Get("month")))
	if err != nil {
		p.renderPayroll(w, r, http.StatusUnprocessableEntity, m, payrollPage{Error: ErrMonth.Message})
		return
	}
	region, _ := strconv.ParseInt(q.Get("region"), 10, 64)
	regions, err := p.svc.StaffRegions(r.Context(), m)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if regions != nil && (region == 0 || !inRegions(regions, region)) {
		p.renderPayroll(w, r, http.StatusForbidden, m, payrollPage{Error: ErrNotYourRegion.Message})
		return
	}
	name := "deductions-" + month[:4] + "-" + month[5:] + "-region-" + strconv.FormatInt(region, 10)
	format := "csv"
	if q.Get("format") == "xlsx" {
		format = "xlsx"
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	}
	err = p.svc.WriteDeductionList(r.Context(), identity.Actor{StaffID: m.ID, IP: p.web.ClientIP(r)}, w, format, region, month)
	if err != nil {
		p.svc.log.Error("deduction list", "err", err)
	}
}

func (p *Pages) staffSettlement(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	file, name, ok := p.upload(w, r)
	if !ok {
		p.renderPayroll(w, r, http.StatusUnprocessableEntity, m, payrollPage{Error: msgChooseSettlementFile})
		return
	}
	defer file.Close()
	res, err := p.svc.ImportSettlement(r.Context(), identity.Actor{StaffID: m.ID, IP: p.web.ClientIP(r)}, name, file)
	var ie *ImportError
	var we *fa.Error
	switch {
	case err == nil:
		p.renderPayroll(w, r, http.StatusOK, m, payrollPage{Settlement: res})
	case errors.As(err, &ie):
		p.renderPayroll(w, r, http.StatusUnprocessableEntity, m, payrollPage{Error: ie.UserMessage(), Rows: ie.Rows})
	case errors.As(err, &we):
		p.renderPayroll(w, r, http.StatusUnprocessableEntity, m, payrollPage{Error: we.Message})
	default:
		p.web.ServerError(w, r, err)
	}
}
