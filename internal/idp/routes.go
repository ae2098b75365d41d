package idp

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/zitadel/oidc/v3/pkg/op"

	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Pages serves the provider's sign-in, consent and consents pages, and
// the admin's client registry.
type Pages struct {
	svc      *Service
	web      *web.Server
	ids      *identity.Service
	provider *op.Provider
}

// clientDesk: only admins register relying parties.
var clientDesk = []string{identity.RoleAdmin}

// Routes registers the provider under its issuer path (/idp): the
// protocol endpoints (zitadel's op handler), the sign-in pages, consent,
// the person's consents page, and the admin's clients page.
func Routes(s *web.Server, svc *Service, ids *identity.Service) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("idp", sub); err != nil {
		return err
	}
	provider, err := svc.Provider()
	if err != nil {
		return err
	}
	p := &Pages{svc: svc, web: s, ids: ids, provider: provider}
	prefix := issuerPath(svc.opts.Issuer)
	// The protocol: the token, userinfo and revocation endpoints carry
	// client authentication or a bearer token instead of a CSRF token.
	s.Handle(prefix+"/", Handler(provider, prefix), web.NoCSRF)
	s.HandleFunc("GET "+prefix+"/.well-known/openid-configuration", p.discovery, web.NoCSRF)
	// Device authorization is not served (nor advertised).
	s.HandleFunc(prefix+"/device_authorization", s.NotFound, web.NoCSRF)
	s.HandleFunc("GET "+prefix+"/authorize", p.authorize)
	s.HandleFunc("POST "+prefix+"/authorize", p.authorize, web.NoCSRF)
	s.HandleFunc("GET "+prefix+"/authorize/callback", p.callback)

	s.HandleFunc("GET "+prefix+"/signin/{id}", p.signin)
	s.HandleFunc("GET "+prefix+"/login/{id}", p.loginPage)
	s.HandleFunc("POST "+prefix+"/login/{id}/mobile", p.submitMobile)
	s.HandleFunc("POST "+prefix+"/login/{id}/captcha", p.submitCaptcha)
	s.HandleFunc("POST "+prefix+"/login/{id}/verify", p.submitVerify)
	s.HandleFunc("POST "+prefix+"/login/{id}/resend", p.resend)
	s.HandleFunc("GET "+prefix+"/consent/{id}", p.consentPage)
	s.HandleFunc("POST "+prefix+"/consent/{id}", p.consent)
	s.HandleFunc("GET "+prefix+"/grants", p.grants)
	s.HandleFunc("POST "+prefix+"/grants/{client}/revoke", p.revoke)
	s.HandleFunc("POST "+prefix+"/signout", p.signout)
	// RP-initiated logout, in place of the library's end_session (logout.go).
	s.HandleFunc("GET "+prefix+"/end_session", p.endSession)
	s.HandleFunc("POST "+prefix+"/end_session", p.endSession, web.NoCSRF)
	s.HandleFunc("POST "+prefix+"/end_session/confirm", p.confirmLogout)

	s.HandleFunc("GET /staff/idp/clients", identity.StaffOnly(s, ids, clientDesk, p.staffClients))
	s.HandleFunc("POST /staff/idp/clients", identity.StaffOnly(s, ids, clientDesk, p.staffRegisterClient))
	s.HandleFunc("POST /staff/idp/clients/{id}/disable", identity.StaffOnly(s, ids, clientDesk, p.staffDisableClient))
	s.HandleFunc("GET /staff/idp/clients/{id}", identity.StaffOnly(s, ids, clientDesk, p.staffClient))
	s.HandleFunc("POST /staff/idp/clients/{id}", identity.StaffOnly(s, ids, clientDesk, p.staffEditClient))
	s.HandleFunc("POST /staff/idp/clients/{id}/secret", identity.StaffOnly(s, ids, clientDesk, p.staffRotateSecret))
	s.HandleFunc("POST /staff/idp/keys/rotate", identity.StaffOnly(s, ids, clientDesk, p.staffRotateKey))
	s.Menu.Add(web.MenuItem{Layout: "staff", Label: menuStaffClients, Href: "/staff/idp/clients", Order: 60,
		Show: identity.StaffMenu(s, ids, clientDesk...)},
		// The person's consents live at the provider; a customer of the
		// portal finds them from its menu.
		web.MenuItem{Layout: "portal", Label: titleGrants, Href: prefix + "/grants", Order: 92, Show: func(r *http.Request) bool {
			sess := s.Session(r)
			return sess != nil && sess.Kind == identity.KindCustomer && sess.Stage == ""
		}})
	return nil
}

// view renders an idp page in the provider's own bare layout: the sign-in
// pages belong to «سامانه امتا», not to the portal.
func (p *Pages) view(w http.ResponseWriter, r *http.Request, status int, page, title string, f *web.Form, data any) {
	p.web.Render(w, r, status, "idp/"+page, web.View{Title: title, Layout: "bare", Form: f, Data: data})
}
