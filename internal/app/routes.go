package app

import (
	"fmt"

	"pishkhan/internal/billing"
	"pishkhan/internal/identity"
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
	// The shared domain's half of otp: staff enrol their authenticator
	// and give its code at sign-in, whatever the areas.
	if err := otp.SignInRoutes(w, sys.otp, sys.identity); err != nil {
		return err
	}
	for _, d := range sys.areas {
		if err := d.Routes(w); err != nil {
			return fmt.Errorf("area %s: %w", d.Key, err)
		}
	}
	if err := settings.Routes(w, sys.identity, sys.db, sys.brand); err != nil {
		return err
	}
	w.Menu.Add(web.MenuItem{Layout: "portal", Label: titleHome, Href: "/", Order: 0})
	if sys.cfg.Demo {
		demoDeskRoutes(sys)
	}
	return nil
}
