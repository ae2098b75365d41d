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

// staffAdmin: resetting a colleague's authenticator is the admin's.
var staffAdmin = []string{identity.RoleAdmin}

// Routes registers both halves: SignInRoutes and DeskRoutes.
func Routes(s *web.Server, svc *Service, ids *identity.Service) error {
	if err := SignInRoutes(s, svc, ids); err != nil {
		return err
	}
	DeskRoutes(s, svc, ids)
	return nil
}

// SignInRoutes registers what every deployment needs of this shared
// domain: the pages where staff enrol their authenticator and give its
// code at sign-in, the templates, and svc's audit log (UseAudit).
func SignInRoutes(s *web.Server, svc *Service, ids *identity.Service) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("otp", sub); err != nil {
		return err
	}
	svc.UseAudit(ids)
	identity.RegisterAuditAction(ActionStaffDeviceReset, labelActionStaffDeviceReset)
	p := &Pages{svc: svc, web: s, ids: ids}
	p.staffRoutes(s)
	return nil
}

// DeskRoutes registers the area's back-office desk («رمز دوم پویا»):
// confirming a customer's mobile, disabling a lost phone's authenticator,
// and the admins' reset of a colleague's (without the desk the operator
// resets one with «pishkhan staff reset-authenticator»).
func DeskRoutes(s *web.Server, svc *Service, ids *identity.Service) {
	identity.RegisterAuditAction(ActionMobileConfirm, labelActionMobileConfirm)
	identity.RegisterAuditAction(ActionMobileRevoke, labelActionMobileRevoke)
	identity.RegisterAuditAction(ActionDeviceDisable, labelActionDeviceDisable)
	p := &Pages{svc: svc, web: s, ids: ids}
	s.HandleFunc("GET /staff/otp", identity.StaffOnly(s, ids, otpDesk, p.staffDesk))
	s.HandleFunc("POST /staff/otp/{personID}/confirm-mobile", identity.StaffOnly(s, ids, otpDesk, p.staffConfirmMobile))
	s.HandleFunc("POST /staff/otp/{personID}/disable-device", identity.StaffOnly(s, ids, otpDesk, p.staffDisableDevice))
	s.HandleFunc("POST /staff/otp/staff/{staffID}/reset-device", identity.StaffOnly(s, ids, staffAdmin, p.staffResetDevice))
	s.Menu.Add(web.MenuItem{Layout: "staff", Label: titleArea, Href: "/staff/otp", Order: 36, Show: identity.StaffMenu(s, ids, otpDesk...)})
}
