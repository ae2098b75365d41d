package isp

import (
	"context"
	"embed"
	"io/fs"

	"pishkhan/internal/identity"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Pages serves the subscriber's panel and the ISP desk of the back
// office.
type Pages struct {
	svc *Service
	web *web.Server
	ids *identity.Service
	sup *support.Service // the announcements box; nil shows none
}

// ispDesk: sales agents (and admins, who hold every role).
var ispDesk = []string{identity.RoleSalesAgent}

// Routes registers the ISP pages and their menu items, in the guide's
// order («منوی کاربری»).
func Routes(s *web.Server, svc *Service, ids *identity.Service, sup *support.Service) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("isp", sub); err != nil {
		return err
	}
	p := &Pages{svc: svc, web: s, ids: ids, sup: sup}
	s.HandleFunc("GET /isp", identity.CustomerOnly(s, p.home))
	s.HandleFunc("GET /isp/documents", identity.CustomerOnly(s, p.documents))
	s.HandleFunc("POST /isp/documents", identity.CustomerOnly(s, p.uploadDocuments))
	s.HandleFunc("GET /isp/documents/{id}", identity.CustomerOnly(s, p.documentImage))
	s.HandleFunc("GET /isp/line-history", identity.CustomerOnly(s, p.lineHistory))
	s.HandleFunc("GET /isp/history", identity.CustomerOnly(s, p.history))
	s.HandleFunc("GET /isp/account", identity.CustomerOnly(s, p.account))
	s.HandleFunc("POST /isp/account/reveal", identity.CustomerOnly(s, p.reveal))
	s.HandleFunc("GET /isp/internet-password", identity.CustomerOnly(s, p.passwordForm))
	s.HandleFunc("POST /isp/internet-password", identity.CustomerOnly(s, p.changePassword))
	s.HandleFunc("GET /isp/renew", identity.CustomerOnly(s, p.renew))
	s.HandleFunc("POST /isp/renew/free", identity.CustomerOnly(s, p.freeCharge))
	s.HandleFunc("POST /isp/renew/{what}", identity.CustomerOnly(s, p.order))

	s.HandleFunc("GET /staff/isp", identity.StaffOnly(s, ids, ispDesk, p.staffHome))
	s.HandleFunc("POST /staff/isp/subscribers", identity.StaffOnly(s, ids, ispDesk, p.staffCreate))
	s.HandleFunc("GET /staff/isp/subscribers/{id}", identity.StaffOnly(s, ids, ispDesk, p.staffSubscriber))
	s.HandleFunc("POST /staff/isp/subscribers/{id}/status", identity.StaffOnly(s, ids, ispDesk, p.staffStatus))
	s.HandleFunc("POST /staff/isp/subscribers/{id}/sell", identity.StaffOnly(s, ids, ispDesk, p.staffSell))
	s.HandleFunc("POST /staff/isp/subscribers/{id}/line", identity.StaffOnly(s, ids, ispDesk, p.staffUpdateLine))
	s.HandleFunc("POST /staff/isp/subscribers/{id}/static-ip", identity.StaffOnly(s, ids, ispDesk, p.staffStaticIP))
	s.HandleFunc("POST /staff/isp/subscribers/{id}/sessions/{usage}/disconnect", identity.StaffOnly(s, ids, ispDesk, p.staffDisconnect))
	s.HandleFunc("GET /staff/isp/documents/{id}", identity.StaffOnly(s, ids, ispDesk, p.staffDocumentImage))
	s.HandleFunc("POST /staff/isp/documents/{id}/review", identity.StaffOnly(s, ids, ispDesk, p.staffReview))
	s.HandleFunc("GET /staff/isp/plans", identity.StaffOnly(s, ids, []string{identity.RoleAdmin}, p.staffPlans))
	s.HandleFunc("POST /staff/isp/plans", identity.StaffOnly(s, ids, []string{identity.RoleAdmin}, p.staffSavePlan))
	s.HandleFunc("POST /staff/isp/plans/{id}/sessions", identity.StaffOnly(s, ids, []string{identity.RoleAdmin}, p.staffPlanSessions))
	s.HandleFunc("POST /staff/isp/campaigns/run", identity.StaffOnly(s, ids, []string{identity.RoleAdmin}, p.staffRunCampaigns))
	s.HandleFunc("POST /staff/isp/free-charge", identity.StaffOnly(s, ids, []string{identity.RoleAdmin}, p.staffFreeCharge))

	// The area's pages show in the menu of its own customers only: those
	// support knows as its customers (support_area.go).
	customer := s.MemberOf("isp", identity.KindCustomer, func(ctx context.Context, customerID int64) (bool, error) {
		services, err := svc.CustomerServices(ctx, customerID)
		return len(services) > 0, err
	})
	s.Menu.Add(
		web.MenuItem{Layout: "portal", Label: titlePanel, Href: "/isp", Order: 40, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleDocuments, Href: "/isp/documents", Order: 41, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleLineLog, Href: "/isp/line-history", Order: 42, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleHistory, Href: "/isp/history", Order: 43, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleAccount, Href: "/isp/account", Order: 44, Show: customer},
		web.MenuItem{Layout: "portal", Label: titlePassword, Href: "/isp/internet-password", Order: 45, Show: customer},
		web.MenuItem{Layout: "portal", Label: titleRenew, Href: "/isp/renew", Order: 46, Show: customer},
		web.MenuItem{Layout: "staff", Label: titleStaffDesk, Href: "/staff/isp", Order: 40, Show: identity.StaffMenu(s, ids, ispDesk...)},
		web.MenuItem{Layout: "staff", Label: titleStaffPlans, Href: "/staff/isp/plans", Order: 41, Show: identity.StaffMenu(s, ids, identity.RoleAdmin)},
	)
	return nil
}
