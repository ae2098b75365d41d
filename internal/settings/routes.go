// Package settings is the back office's settings of one deployment: the
// brand (/staff/settings) and the help pages the areas register
// (/staff/help), and the public side of both — the brand's stylesheet,
// logo and favicon, and the help pages themselves (/help). What is edited
// lives in the web kit (web.BrandStore, web.Help); this package is its
// admin pages. It names no area: help pages are keyed by what the areas
// registered.
package settings

import (
	"embed"
	"io/fs"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Audit actions of the settings pages.
const (
	ActionBrandSaved = "brand_saved"
	ActionBrandReset = "brand_reset"
	ActionHelpSaved  = "help_saved"
	ActionHelpReset  = "help_reset"
)

// admins: the brand and the help texts are the admin's.
var admins = []string{identity.RoleAdmin}

// Pages serves the settings pages.
type Pages struct {
	web   *web.Server
	ids   *identity.Service
	db    *db.DB
	brand *web.BrandStore
}

// Routes registers the settings pages, the brand's files and the help
// pages, with their menu items.
func Routes(s *web.Server, ids *identity.Service, d *db.DB, brand *web.BrandStore) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("settings", sub); err != nil {
		return err
	}
	identity.RegisterAuditAction(ActionBrandSaved, labelActionBrandSaved)
	identity.RegisterAuditAction(ActionBrandReset, labelActionBrandReset)
	identity.RegisterAuditAction(ActionHelpSaved, labelActionHelpSaved)
	identity.RegisterAuditAction(ActionHelpReset, labelActionHelpReset)
	p := &Pages{web: s, ids: ids, db: d, brand: brand}

	s.HandleFunc("GET /brand.css", p.brandCSS)
	s.HandleFunc("GET /brand/logo", p.brandImage("logo"))
	s.HandleFunc("GET /brand/favicon", p.brandImage("favicon"))
	s.HandleFunc("GET /help", p.helpIndex)
	s.HandleFunc("GET /help/{area}/{slug}", p.helpPage)

	s.HandleFunc("GET /staff/settings", identity.StaffOnly(s, ids, admins, p.settingsForm))
	s.HandleFunc("POST /staff/settings", identity.StaffOnly(s, ids, admins, p.saveSettings))
	s.HandleFunc("POST /staff/settings/reset", identity.StaffOnly(s, ids, admins, p.resetSettings))
	s.HandleFunc("GET /staff/help", identity.StaffOnly(s, ids, admins, p.staffHelp))
	s.HandleFunc("GET /staff/help/{area}/{slug}", identity.StaffOnly(s, ids, admins, p.staffHelpForm))
	s.HandleFunc("POST /staff/help/{area}/{slug}", identity.StaffOnly(s, ids, admins, p.staffHelpSave))
	s.HandleFunc("POST /staff/help/{area}/{slug}/reset", identity.StaffOnly(s, ids, admins, p.staffHelpReset))

	s.Menu.Add(
		web.MenuItem{Layout: "portal", Label: titleHelp, Href: "/help", Order: 95},
		web.MenuItem{Layout: "staff", Label: titleSettings, Href: "/staff/settings", Order: 95, Show: identity.StaffMenu(s, ids, admins...)},
		web.MenuItem{Layout: "staff", Label: titleStaffHelp, Href: "/staff/help", Order: 96, Show: identity.StaffMenu(s, ids, admins...)},
	)
	return nil
}
