package billing

import (
	"net/http"

	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// Pages serves the customer's orders, payments, invoices and wallet, and
// finance staff's view of orders.
type Pages struct {
	svc     *Service
	web     *web.Server
	ids     *identity.Service
	baseURL string
}

// Routes registers billing's URLs and menu items.
func Routes(s *web.Server, svc *Service, ids *identity.Service, baseURL string) error {
	if err := AddPages(s); err != nil {
		return err
	}
	p := &Pages{svc: svc, web: s, ids: ids, baseURL: baseURL}
	s.HandleFunc("GET /orders/{tracking}", identity.CustomerOnly(s, p.order))
	s.HandleFunc("POST /orders/{tracking}/pay", identity.CustomerOnly(s, p.pay))
	// The bank sends the customer back here; nothing in the request is
	// trusted but the reference, which is verified with the bank. Banks
	// that return by POST cannot carry our CSRF token.
	s.HandleFunc("GET /billing/callback/{gateway}", p.callback, web.NoCSRF)
	s.HandleFunc("POST /billing/callback/{gateway}", p.callback, web.NoCSRF)
	s.HandleFunc("GET /payments", identity.CustomerOnly(s, p.payments))
	s.HandleFunc("GET /invoices", identity.CustomerOnly(s, p.invoices))
	s.HandleFunc("GET /invoices/{number}", identity.CustomerOnly(s, p.invoice))
	s.HandleFunc("GET /wallet", identity.CustomerOnly(s, p.wallet))
	s.HandleFunc("POST /wallet/top-up", identity.CustomerOnly(s, p.topUp))
	s.HandleFunc("GET /staff/orders", identity.StaffOnly(s, ids, financeDesk, p.staffOrders))
	s.HandleFunc("GET /staff/invoices/{number}", identity.StaffOnly(s, ids, financeDesk, p.staffInvoice))
	s.HandleFunc("GET /staff/orders/{id}", identity.StaffOnly(s, ids, financeDesk, p.staffOrder))
	s.HandleFunc("POST /staff/orders/{id}/reverify", identity.StaffOnly(s, ids, financeDesk, p.staffReverify))

	customer := func(r *http.Request) bool {
		sess := s.Session(r)
		return sess != nil && sess.Kind == identity.KindCustomer && sess.Stage == ""
	}
	s.Menu.Add(
		web.MenuItem{Layout: "portal", Label: titleWallet, Href: "/wallet", Order: 60, Show: customer},
		web.MenuItem{Layout: "portal", Label: titlePayments, Href: "/payments", Order: 61, Show: customer},
		web.MenuItem{Layout: "portal", Label: menuPrintInvoice, Href: "/invoices", Order: 62, Show: customer},
		web.MenuItem{Layout: "staff", Label: titleStaffOrders, Href: "/staff/orders", Order: 30, Show: identity.StaffMenu(s, ids, financeDesk...)},
	)
	return nil
}

// financeDesk: finance staff (and admins, who hold every role).
var financeDesk = []string{identity.RoleFinance}
