package signup

import (
	"embed"
	"errors"
	"io/fs"
	"net/http"

	"github.com/dchest/captcha"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// flowCookie carries the browser's registration flow token.
const flowCookie = "pishkhan_signup"

// Pages serves the registration pages.
type Pages struct {
	svc *Service
	web *web.Server
}

// Routes registers «ثبت نام یا تنظیم رمز» and its pages.
func Routes(s *web.Server, svc *Service) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("signup", sub); err != nil {
		return err
	}
	p := &Pages{svc: svc, web: s}
	s.HandleFunc("GET /register", p.form)
	s.HandleFunc("POST /register", p.submit)
	s.HandleFunc("GET /register/sso", p.begin)
	s.HandleFunc("GET /register/callback", p.callback)
	s.HandleFunc("GET /register/confirm", p.confirmForm)
	s.HandleFunc("POST /register/confirm", p.confirm)
	s.HandleFunc("POST /register/resend", p.resend)
	identity.RegisterLoginLink(identity.LoginLink{ID: "register-link", Label: titleRegister, Href: "/register"})
	s.Menu.Add(web.MenuItem{Layout: "portal", Label: titleRegister, Href: "/register", Order: 101,
		Show: func(r *http.Request) bool { return s.Session(r) == nil }})
	return nil
}

func (p *Pages) token(r *http.Request) string {
	c, err := r.Cookie(flowCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

type formView struct {
	Verified   *Verified
	Educations []string
	Error      string
	Genders    [][2]string
}

func (p *Pages) form(w http.ResponseWriter, r *http.Request) {
	p.renderForm(w, r, http.StatusOK, nil, "")
}

func (p *Pages) renderForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, msg string) {
	v, _, err := p.svc.Verified(r.Context(), p.token(r))
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	view := formView{Verified: v, Educations: identity.Educations, Error: msg,
		Genders: [][2]string{{identity.GenderMale, identity.GenderLabel(identity.GenderMale)}, {identity.GenderFemale, identity.GenderLabel(identity.GenderFemale)}}}
	p.web.Render(w, r, status, "signup/register", web.View{Title: titleDetails, Form: f, Data: view})
}

// begin sends the visitor to the issuer.
func (p *Pages) begin(w http.ResponseWriter, r *http.Request) {
	token, authURL, err := p.svc.Begin(r.Context())
	if err != nil {
		p.svc.log.Error("registration: single sign-on unavailable", "err", err)
		p.web.Error(w, r, http.StatusBadGateway, msgIssuerDown)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: flowCookie, Value: token, Path: "/register", HttpOnly: true, Secure: p.svc.opts.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(p.svc.opts.FlowTTL.Seconds())})
	http.Redirect(w, r, authURL, http.StatusSeeOther)
}

func (p *Pages) callback(w http.ResponseWriter, r *http.Request) {
	_, err := p.svc.Callback(r.Context(), p.token(r), r.URL.Query())
	if err != nil {
		var e *fa.Error
		if errors.As(err, &e) {
			p.renderForm(w, r, http.StatusUnprocessableEntity, nil, e.Message)
			return
		}
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/register")
}

func (p *Pages) submit(w http.ResponseWriter, r *http.Request) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	for _, k := range []string{"password", "repeat", "education", "certificate_place", "certificate_date", "city", "gender"} {
		f.MaxLength(k, labelThisValue, 100)
	}
	f.MaxLength("address", labelAddress, 300)
	if !f.Valid() {
		p.renderForm(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	// Passwords are taken as typed: NewForm's normalising is for digits,
	// and the policy normalises the same way.
	d := Details{Password: r.PostFormValue("password"), Repeat: r.PostFormValue("repeat"), Education: f.Get("education"),
		CertificatePlace: f.Get("certificate_place"), CertificateDate: f.Get("certificate_date"), City: f.Get("city"),
		Gender: f.Get("gender"), Address: f.Get("address")}
	f.Values.Del("password")
	f.Values.Del("repeat")
	if _, err := p.svc.Submit(r.Context(), p.token(r), d); err != nil {
		var fe FieldErrors
		var e *fa.Error
		switch {
		case errors.As(err, &fe):
			for k, m := range fe {
				f.Fail(k, m)
			}
			p.renderForm(w, r, http.StatusUnprocessableEntity, f, "")
		case errors.As(err, &e):
			p.renderForm(w, r, http.StatusUnprocessableEntity, f, e.Message)
		default:
			p.web.ServerError(w, r, err)
		}
		return
	}
	web.Redirect(w, r, "/register/confirm")
}

type confirmView struct {
	Mobile    string
	CaptchaID string
	Error     string
}

func (p *Pages) confirmForm(w http.ResponseWriter, r *http.Request) {
	p.renderConfirm(w, r, http.StatusOK, nil, "")
}

func (p *Pages) renderConfirm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, msg string) {
	v, step, err := p.svc.Verified(r.Context(), p.token(r))
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if v == nil || step != StepConfirm {
		web.Redirect(w, r, "/register")
		return
	}
	// A captcha row per GET: drawn within the address's allowance
	// (identity.NewCaptcha), else a Persian 429 and no row.
	id, err := p.svc.ids.NewCaptcha(r.Context(), p.web.ClientIP(r))
	var ie *fa.Error
	if errors.As(err, &ie) {
		status, msg = http.StatusTooManyRequests, ie.Message
	} else if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, status, "signup/confirm", web.View{Title: titleConfirm, Form: f,
		Data: confirmView{Mobile: fa.MaskMobile(v.Mobile), CaptchaID: id, Error: msg}})
}

func (p *Pages) confirm(w http.ResponseWriter, r *http.Request) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	f.Required("code", labelCode)
	f.MaxLength("code", labelCode, 20)
	// The captcha first and alone: a wrong one costs no code try.
	if !captcha.VerifyString(r.PostFormValue("captcha_id"), f.Get("captcha")) {
		f.Fail("captcha", web.MsgCaptchaWrong)
	}
	if !f.Valid() {
		p.renderConfirm(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	_, created, err := p.svc.Confirm(r.Context(), p.token(r), f.Get("code"))
	if err != nil {
		// signup's own refusals (field or whole form) first; any other
		// refusal (identity's, when the account is made) is shown on
		// the confirm page.
		var e *fa.Error
		switch {
		case errors.As(err, &e) && e.Domain == domain && e.Field != "":
			f.Fail(e.Field, e.Message)
			p.renderConfirm(w, r, http.StatusUnprocessableEntity, f, "")
		case errors.As(err, &e) && e.Domain == domain:
			p.renderForm(w, r, http.StatusUnprocessableEntity, nil, e.Message)
		case errors.As(err, &e):
			p.renderConfirm(w, r, http.StatusUnprocessableEntity, f, e.Message)
		default:
			p.web.ServerError(w, r, err)
		}
		return
	}
	http.SetCookie(w, &http.Cookie{Name: flowCookie, Value: "", Path: "/register", MaxAge: -1})
	if created {
		p.web.SetFlash(w, "success", msgRegistered)
	} else {
		p.web.SetFlash(w, "success", msgPasswordSet)
	}
	web.Redirect(w, r, "/login")
}

func (p *Pages) resend(w http.ResponseWriter, r *http.Request) {
	err := p.svc.Resend(r.Context(), p.token(r))
	var e *fa.Error
	switch {
	case err == nil:
		p.web.SetFlash(w, "success", msgCodeResent)
	case errors.As(err, &e):
		p.web.SetFlash(w, "error", e.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/register/confirm")
}
