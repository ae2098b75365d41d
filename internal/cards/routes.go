package cards

import (
	"context"
	"embed"
	"io/fs"

	"pishkhan/internal/billing"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Pages serves the card holder's pages in the portal and the card desk in
// the back office.
type Pages struct {
	svc     *Service
	web     *web.Server
	ids     *identity.Service
	bill    *billing.Service
	baseURL string
}

// cardDesk: support and finance staff (and admins, who hold every role).
var cardDesk = []string{identity.RoleSupport, identity.RoleFinance}

// Routes registers the card pages and their menu items. Paying
// installments goes through billing: the order it creates is fulfilled
// by InstallmentsFulfiller, which the application registers with billing.
func Routes(s *web.Server, svc *Service, ids *identity.Service, bill *billing.Service, baseURL string) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("cards", sub); err != nil {
		return err
	}
	registerAuditActions()
	registerIdentifier(true)
	p := &Pages{svc: svc, web: s, ids: ids, bill: bill, baseURL: baseURL}
	s.HandleFunc("GET /cards/accounts", identity.CustomerOnly(s, p.accounts))
	s.HandleFunc("GET /cards", identity.CustomerOnly(s, p.cards))
	s.HandleFunc("GET /cards/{id}/pin", identity.CustomerOnly(s, p.pinForm))
	s.HandleFunc("POST /cards/{id}/pin", identity.CustomerOnly(s, p.pinChange))
	s.HandleFunc("GET /cards/{id}/lost", identity.CustomerOnly(s, p.lostForm))
	s.HandleFunc("POST /cards/{id}/lost", identity.CustomerOnly(s, p.lostReport))
	s.HandleFunc("GET /cards/purchases", identity.CustomerOnly(s, p.purchases))
	s.HandleFunc("GET /cards/installments/pay", identity.CustomerOnly(s, p.payForm))
	s.HandleFunc("POST /cards/installments/pay", identity.CustomerOnly(s, p.pay))
	s.HandleFunc("GET /cards/second-password", identity.CustomerOnly(s, p.secondPassword))
	s.HandleFunc("GET /cards/second-password/qr.png", identity.CustomerOnly(s, p.secondPasswordQR))
	s.HandleFunc("POST /cards/second-password/enrol", identity.CustomerOnly(s, p.secondPasswordEnrol))
	s.HandleFunc("POST /cards/second-password/device/remove", identity.CustomerOnly(s, p.secondPasswordRemoveDevice))
	s.HandleFunc("POST /cards/second-password/{id}/static", identity.CustomerOnly(s, p.secondPasswordStatic))
	s.HandleFunc("POST /cards/second-password/{id}/sms", identity.CustomerOnly(s, p.secondPasswordSMS))
	s.HandleFunc("POST /cards/second-password/{id}/app", identity.CustomerOnly(s, p.secondPasswordApp))
	s.HandleFunc("POST /cards/second-password/{id}/always", identity.CustomerOnly(s, p.secondPasswordAlways))
	s.HandleFunc("POST /cards/second-password/{id}/internet", identity.CustomerOnly(s, p.secondPasswordInternet))
	s.HandleFunc("POST /cards/second-password/{id}/block", identity.CustomerOnly(s, p.secondPasswordBlock))

	s.HandleFunc("GET /staff/cards", identity.StaffOnly(s, ids, cardDesk, p.staffCustomer))
	s.HandleFunc("POST /staff/cards/accounts", identity.StaffOnly(s, ids, cardDesk, p.staffIssueAccount))
	s.HandleFunc("POST /staff/cards/accounts/{id}/card", identity.StaffOnly(s, ids, cardDesk, p.staffIssueCard))
	s.HandleFunc("POST /staff/cards/accounts/{id}/limit", identity.StaffOnly(s, ids, cardDesk, p.staffSetLimit))
	s.HandleFunc("POST /staff/cards/{id}/block", identity.StaffOnly(s, ids, cardDesk, p.staffBlock))
	s.HandleFunc("POST /staff/cards/{id}/unblock", identity.StaffOnly(s, ids, cardDesk, p.staffUnblock))
	s.HandleFunc("POST /staff/cards/{id}/replace", identity.StaffOnly(s, ids, cardDesk, p.staffReplace))
	s.HandleFunc("POST /staff/cards/purchases", identity.StaffOnly(s, ids, cardDesk, p.staffPurchase))
	s.HandleFunc("POST /staff/cards/purchases/{id}/reverse", identity.StaffOnly(s, ids, cardDesk, p.staffReverse))

	// The area's pages show in the menu of its own customers only: those
	// support knows as its customers (support_area.go).
	customer := s.MemberOf("cards", identity.KindCustomer, func(ctx context.Context, customerID int64) (bool, error) {
		services, err := svc.CustomerServices(ctx, customerID)
		return len(services) > 0, err
	})
	s.Menu.Add(
		web.MenuItem{Layout: "portal", Label: titleAccounts, Href: "/cards/accounts", Order: 20, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleCards, Href: "/cards", Order: 21, Show: customer},
		web.MenuItem{Layout: "portal", Label: titlePurchases, Href: "/cards/purchases", Order: 22, Show: customer},
		web.MenuItem{Layout: "portal", Label: titlePay, Href: "/cards/installments/pay", Order: 23, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleSecondPassword, Href: "/cards/second-password", Order: 24, Show: customer},
		web.MenuItem{Layout: "staff", Label: titleStaffDesk, Href: "/staff/cards", Order: 35, Show: identity.StaffMenu(s, ids, identity.RoleSupport, identity.RoleFinance)},
	)
	return nil
}
