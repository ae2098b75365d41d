package app

import (
	"html/template"
	"net/http"

	"pishkhan/internal/billing"
	"pishkhan/internal/cards"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
	"pishkhan/internal/otp"
	"pishkhan/internal/settings"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
)

// routes registers every URL of the program. Each area adds its own list
// (in its routes.go) from here.
func routes(sys *system) error {
	w := sys.web
	if err := w.Renderer.AddPages("app", pages()); err != nil {
		return err
	}
	w.Handle("GET /healthz", w.HealthHandler())
	w.Handle("GET /metrics", w.MetricsHandler(sys.cfg.MetricsAllow))
	w.Handle("GET /{$}", home(sys))
	if err := identity.Routes(w, sys.identity, sys.sms); err != nil {
		return err
	}
	if err := billing.Routes(w, sys.billing, sys.identity, sys.cfg.BaseURL); err != nil {
		return err
	}
	if sys.cfg.SandboxBank {
		sys.sandbox.SandboxRoutes(w)
	}
	if err := support.Routes(w, sys.support); err != nil {
		return err
	}
	if err := cards.Routes(w, sys.cards, sys.identity, sys.billing, sys.cfg.BaseURL); err != nil {
		return err
	}
	sys.cards.IssuerRoutes(w)
	if err := isp.Routes(w, sys.isp, sys.identity, sys.support); err != nil {
		return err
	}
	if err := otp.Routes(w, sys.otp, sys.identity); err != nil {
		return err
	}
	if err := ssoRoutes(sys); err != nil {
		return err
	}
	if err := welfareRoutes(sys); err != nil {
		return err
	}
	if err := settings.Routes(w, sys.identity, sys.db, sys.brand); err != nil {
		return err
	}
	registerHelp(w.Help)
	w.Menu.Add(web.MenuItem{Layout: "portal", Label: "صفحه اصلی", Href: "/", Order: 0})
	if sys.cfg.Demo {
		demoDeskRoutes(sys)
	}
	return nil
}

func home(sys *system) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := homePage{Areas: areasGrid()}
		if sess := sys.web.Session(r); sess != nil && sess.Kind == identity.KindCustomer {
			c, err := sys.identity.CustomerOf(r, sess.SubjectID)
			if err != nil {
				sys.web.ServerError(w, r, err)
				return
			}
			page.Customer = c
			if len(c.MissingFields()) > 0 {
				page.ProfilePrompt = identity.IncompleteProfileMessage
			}
			// The guide's green box: a different announcement on each refresh.
			if a, err := sys.support.AnnouncementFor(r.Context(), c.ID, sys.now()); err == nil && a != nil {
				page.Announcement = a
			}
		}
		sys.web.Render(w, r, http.StatusOK, "app/home", web.View{Title: "صفحه اصلی", Data: page})
	})
}

type homePage struct {
	Areas         template.HTML // the grid of the five areas, written once
	Customer      *identity.Customer
	ProfilePrompt string
	Announcement  *support.Announcement
}
