package welfare

import (
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type financeAccountsPage struct {
	Query    string
	Accounts []AccountRow
	Regions  []int64
}

// staffAccounts is finance's list of the accounts of its regions.
func (p *Pages) staffAccounts(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	regions, err := p.svc.StaffRegions(r.Context(), m)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	q := fa.NormalizeInput(r.URL.Query().Get("q"))
	if len([]rune(q)) > 50 {
		q = string([]rune(q)[:50])
	}
	list, err := p.svc.FinanceAccounts(r.Context(), regions, q)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "welfare/staff_accounts", web.View{Title: titleAccounts, Layout: "staff",
		Data: financeAccountsPage{Query: q, Accounts: list, Regions: regions}})
}

// staffAccount is one employee's account, purchases and installments.
func (p *Pages) staffAccount(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	regions, err := p.svc.StaffRegions(r.Context(), m)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	v, err := p.svc.FinanceAccount(r.Context(), regions, web.PathID(r, "id"))
	switch {
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
		return
	case errors.Is(err, ErrNotYourRegion):
		p.web.Error(w, r, http.StatusForbidden, ErrNotYourRegion.Message)
		return
	case err != nil:
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "welfare/staff_account", web.View{Title: titleAccount(v.Employee.FullName()), Layout: "staff", Data: v})
}

type payrollRecordsPage struct {
	Lists       []DeductionListRecord
	Settlements []SettlementRecord
	Open        []UnmatchedRow
	Resolved    []UnmatchedRow
	Regions     []int64
	CanResolve  bool // finance resolves; support only sees
}

// staffPayrollRecords shows the deduction lists handed out, the
// settlement files imported and the unmatched rows to resolve.
func (p *Pages) staffPayrollRecords(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	ctx := r.Context()
	regions, err := p.svc.StaffRegions(ctx, m)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	var page payrollRecordsPage
	page.Regions = regions
	page.CanResolve = m.HasRole(identity.RoleFinance)
	if page.Lists, err = p.svc.DeductionLists(ctx, regions); err == nil {
		if page.Settlements, err = p.svc.Settlements(ctx); err == nil {
			if page.Open, err = p.svc.UnmatchedRows(ctx, regions, true); err == nil {
				page.Resolved, err = p.svc.UnmatchedRows(ctx, regions, false)
			}
		}
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "welfare/staff_payroll_records", web.View{Title: titlePayrollRecords, Layout: "staff", Data: page})
}

// staffResolveUnmatched matches an unmatched row to an installment
// (decision=match) or dismisses it with a note.
func (p *Pages) staffResolveUnmatched(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	var inst int64
	switch f.Get("decision") {
	case "match":
		var err error
		inst, err = strconv.ParseInt(fa.LatinDigits(f.Get("installment")), 10, 64)
		if err != nil || inst <= 0 {
			p.web.SetFlash(w, "error", msgInstallmentNumber)
			web.Redirect(w, r, "/staff/welfare/payroll/records")
			return
		}
	case "dismiss":
	default:
		p.web.Error(w, r, http.StatusBadRequest, msgChooseResolution)
		return
	}
	err := p.svc.ResolveUnmatched(r.Context(), m, p.web.ClientIP(r), web.PathID(r, "id"), inst, f.Get("note"))
	var we *fa.Error
	switch {
	case err == nil && inst != 0:
		p.web.SetFlash(w, "success", flashRowMatched(inst))
	case err == nil:
		p.web.SetFlash(w, "success", flashRowDismissed)
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
		return
	case errors.As(err, &we):
		p.web.SetFlash(w, "error", we.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/staff/welfare/payroll/records")
}
