package otp

import (
	"embed"
	"io/fs"

	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Pages serves the back-office desk of the dynamic second password: the
// «فرم تایید شماره تلفن همراه» and disabling a lost phone's authenticator.
type Pages struct {
	svc *Service
	web *web.Server
	ids *identity.Service
}

// otpDesk: support staff (and admins, who hold every role).
var otpDesk = []string{identity.RoleSupport}

// Routes registers the staff pages and their menu item, and wires svc's
// audit log to ids (UseAudit).
func Routes(s *web.Server, svc *Service, ids *identity.Service) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("otp", sub); err != nil {
		return err
	}
	svc.UseAudit(ids)
	p := &Pages{svc: svc, web: s, ids: ids}
	s.HandleFunc("GET /staff/otp", identity.StaffOnly(s, ids, otpDesk, p.staffDesk))
	s.HandleFunc("POST /staff/otp/{personID}/confirm-mobile", identity.StaffOnly(s, ids, otpDesk, p.staffConfirmMobile))
	s.HandleFunc("POST /staff/otp/{personID}/disable-device", identity.StaffOnly(s, ids, otpDesk, p.staffDisableDevice))
	s.Menu.Add(web.MenuItem{Layout: "staff", Label: "رمز دوم پویا", Href: "/staff/otp", Order: 36, Show: identity.StaffMenu(s, ids, otpDesk...)})
	return nil
}
