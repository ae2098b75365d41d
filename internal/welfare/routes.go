package welfare

import (
	"context"
	"embed"
	"errors"
	"io/fs"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Pages serves the employee's pages in the portal, the welfare desk in
// the back office and the merchants' API.
type Pages struct {
	svc *Service
	web *web.Server
	ids *identity.Service
}

// Who may do what in the back office (admins hold every role).
var (
	// Regional administrative and financial staff keep employees up to date.
	employeesDesk = []string{RoleManager, identity.RoleFinance}
	// The region's finance staff approve applications.
	financeDesk = []string{identity.RoleFinance}
	// Regional welfare managers propose stores; admins approve contracts.
	merchantsDesk = []string{RoleManager}
	// A store's staff start purchases.
	salesDesk = []string{identity.RoleSalesAgent}
	// Support records remittances and changed mobiles; finance downloads
	// the deduction lists.
	payrollDesk    = []string{identity.RoleSupport, identity.RoleFinance}
	settlementDesk = []string{identity.RoleSupport}
	mobileDesk     = []string{identity.RoleSupport}
)

// Routes registers every welfare URL and its menu items.
func Routes(s *web.Server, svc *Service, ids *identity.Service) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("welfare", sub); err != nil {
		return err
	}
	p := &Pages{svc: svc, web: s, ids: ids}
	registerAuditActions()
	s.HandleFunc("GET /welfare", identity.CustomerOnly(s, p.home))
	s.HandleFunc("POST /welfare/apply", identity.CustomerOnly(s, p.apply))
	s.HandleFunc("GET /welfare/applications/{id}/withdraw", identity.CustomerOnly(s, p.withdrawForm))
	s.HandleFunc("POST /welfare/applications/{id}/withdraw", identity.CustomerOnly(s, p.withdraw))
	s.HandleFunc("GET /welfare/guarantees", identity.CustomerOnly(s, p.guarantees))
	s.HandleFunc("POST /welfare/guarantees/{id}", identity.CustomerOnly(s, p.guaranteeDecide))
	s.HandleFunc("GET /welfare/balance", identity.CustomerOnly(s, p.balance))
	s.HandleFunc("GET /welfare/installments", identity.CustomerOnly(s, p.installments))
	s.HandleFunc("GET /welfare/merchants", identity.CustomerOnly(s, p.merchants))

	s.HandleFunc("GET /staff/welfare", identity.StaffOnly(s, ids, financeDesk, p.staffApplications))
	s.HandleFunc("POST /staff/welfare/applications/{id}", identity.StaffOnly(s, ids, financeDesk, p.staffDecide))
	s.HandleFunc("GET /staff/welfare/employees", identity.StaffOnly(s, ids, employeesDesk, p.staffEmployees))
	s.HandleFunc("POST /staff/welfare/employees", identity.StaffOnly(s, ids, employeesDesk, p.staffImportEmployees))
	s.HandleFunc("POST /staff/welfare/regions/{id}/staff", identity.StaffOnly(s, ids, []string{identity.RoleAdmin}, p.staffAssignRegion))
	s.HandleFunc("GET /staff/welfare/merchants", identity.StaffOnly(s, ids, merchantsDesk, p.staffMerchants))
	s.HandleFunc("POST /staff/welfare/merchants", identity.StaffOnly(s, ids, merchantsDesk, p.staffPropose))
	s.HandleFunc("POST /staff/welfare/merchants/{id}", identity.StaffOnly(s, ids, []string{identity.RoleAdmin}, p.staffMerchantDecide))
	s.HandleFunc("GET /staff/welfare/sales", identity.StaffOnly(s, ids, salesDesk, p.salesForm))
	s.HandleFunc("POST /staff/welfare/sales", identity.StaffOnly(s, ids, salesDesk, p.salesStart))
	s.HandleFunc("GET /staff/welfare/sales/{id}", identity.StaffOnly(s, ids, salesDesk, p.salesConfirmForm))
	s.HandleFunc("POST /staff/welfare/sales/{id}", identity.StaffOnly(s, ids, salesDesk, p.salesConfirm))
	s.HandleFunc("POST /staff/welfare/sales/{id}/return", identity.StaffOnly(s, ids, salesDesk, p.salesReturn))
	s.HandleFunc("GET /staff/welfare/payroll", identity.StaffOnly(s, ids, payrollDesk, p.staffPayroll))
	s.HandleFunc("GET /staff/welfare/payroll/deductions", identity.StaffOnly(s, ids, payrollDesk, p.staffDeductions))
	s.HandleFunc("POST /staff/welfare/payroll/settlement", identity.StaffOnly(s, ids, settlementDesk, p.staffSettlement))
	s.HandleFunc("GET /staff/welfare/payroll/records", identity.StaffOnly(s, ids, payrollDesk, p.staffPayrollRecords))
	s.HandleFunc("POST /staff/welfare/payroll/unmatched/{id}", identity.StaffOnly(s, ids, financeDesk, p.staffResolveUnmatched))
	s.HandleFunc("GET /staff/welfare/accounts", identity.StaffOnly(s, ids, financeDesk, p.staffAccounts))
	s.HandleFunc("GET /staff/welfare/accounts/{id}", identity.StaffOnly(s, ids, financeDesk, p.staffAccount))
	s.HandleFunc("GET /staff/welfare/mobile", identity.StaffOnly(s, ids, mobileDesk, p.staffMobile))
	s.HandleFunc("POST /staff/welfare/mobile/{id}", identity.StaffOnly(s, ids, mobileDesk, p.staffChangeMobile))

	s.HandleFunc("POST /api/welfare/purchases", p.apiStart, web.NoCSRF)
	s.HandleFunc("POST /api/welfare/purchases/{id}/confirm", p.apiConfirm, web.NoCSRF)
	s.HandleFunc("POST /api/welfare/purchases/{id}/resend", p.apiResend, web.NoCSRF)
	s.HandleFunc("POST /api/welfare/purchases/{id}/cancel", p.apiCancel, web.NoCSRF)
	s.HandleFunc("POST /api/welfare/purchases/{id}/returns", p.apiReturns, web.NoCSRF)

	// The area's pages show in the menu of its own customers only: those
	// support knows as its customers (support_area.go).
	customer := s.MemberOf("welfare", identity.KindCustomer, func(ctx context.Context, customerID int64) (bool, error) {
		services, err := svc.CustomerServices(ctx, customerID)
		return len(services) > 0, err
	})
	s.Menu.Add(
		web.MenuItem{Layout: "portal", Label: labelTavana, Href: "/welfare", Order: 30, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleGuarantees, Href: "/welfare/guarantees", Order: 31, Show: customer},
		web.MenuItem{Layout: "portal", Label: labelBalance, Href: "/welfare/balance", Order: 32, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleInstallments, Href: "/welfare/installments", Order: 33, Show: customer},
		web.MenuItem{Layout: "portal", Label: labelMerchantsMenu, Href: "/welfare/merchants", Order: 34, Show: customer},
		web.MenuItem{Layout: "staff", Label: titleStaffApplications, Href: "/staff/welfare", Order: 40, Show: identity.StaffMenu(s, ids, financeDesk...)},
		web.MenuItem{Layout: "staff", Label: titleStaffEmployees, Href: "/staff/welfare/employees", Order: 41, Show: identity.StaffMenu(s, ids, employeesDesk...)},
		web.MenuItem{Layout: "staff", Label: titleStaffMerchants, Href: "/staff/welfare/merchants", Order: 42, Show: identity.StaffMenu(s, ids, merchantsDesk...)},
		web.MenuItem{Layout: "staff", Label: titleSales, Href: "/staff/welfare/sales", Order: 43, Show: identity.StaffMenu(s, ids, salesDesk...)},
		web.MenuItem{Layout: "staff", Label: titlePayroll, Href: "/staff/welfare/payroll", Order: 44, Show: identity.StaffMenu(s, ids, payrollDesk...)},
		web.MenuItem{Layout: "staff", Label: titleAccounts, Href: "/staff/welfare/accounts", Order: 46, Show: identity.StaffMenu(s, ids, financeDesk...)},
		web.MenuItem{Layout: "staff", Label: titlePayrollRecords, Href: "/staff/welfare/payroll/records", Order: 47, Show: identity.StaffMenu(s, ids, payrollDesk...)},
		web.MenuItem{Layout: "staff", Label: titleMobile, Href: "/staff/welfare/mobile", Order: 45, Show: identity.StaffMenu(s, ids, mobileDesk...)},
	)
	return nil
}

// failForm puts a refusal next to its field, and returns the message for
// the top of the form when it has no field (ok false for an internal
// error). Only welfare's refusals name a field of welfare's forms;
// another package's refusal goes to the top.
func failForm(f *web.Form, err error) (string, bool) {
	var we *fa.Error
	var fe FieldErrors
	switch {
	case errors.As(err, &fe):
		for k, v := range fe {
			f.Fail(k, v)
		}
		return fe.UserMessage(), true
	case errors.As(err, &we) && we.Domain == domain && we.Field != "":
		f.Fail(we.Field, we.Message)
		return "", true
	}
	return fa.UserMessage(err)
}

// statusName is a status in Persian.
func statusName(s string) string {
	if n, ok := StatusNames[s]; ok {
		return n
	}
	return s
}
