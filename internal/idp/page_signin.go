package idp

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/dchest/captcha"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// loginCookie binds a verification to the browser that began it: the
// login's id in a URL alone cannot be continued elsewhere.
const loginCookie = "pishkhan_idp_login"

// authorize checks client_id and redirect_uri before the library sees the
// request, so that a bad one gets a Persian error page and never a
// redirect (an unregistered redirect URI must not receive anything).
func (p *Pages) authorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		p.protocolError(w, r, http.StatusBadRequest, msgUnreadableRequest, "")
		return
	}
	c, err := p.svc.ClientByID(r.Context(), r.Form.Get("client_id"))
	if errors.Is(err, ErrNotFound) {
		p.protocolError(w, r, http.StatusBadRequest, msgUnknownClient, "")
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	redirect := r.Form.Get("redirect_uri")
	if !c.redirectAllowed(redirect) {
		p.protocolError(w, r, http.StatusBadRequest, msgRedirectMismatch, "")
		return
	}
	p.persianErrors(Handler(p.provider, issuerPath(p.svc.opts.Issuer)), origin(redirect)).ServeHTTP(w, r)
}

// callback is the library's authorize callback, with its errors (an
// unknown or unfinished request) on the provider's Persian page.
func (p *Pages) callback(w http.ResponseWriter, r *http.Request) {
	p.persianErrors(Handler(p.provider, issuerPath(p.svc.opts.Issuer)), "").ServeHTTP(w, r)
}

// signin is the client's LoginURL: with a live provider session the
// person goes straight to consent, otherwise a verification begins.
func (p *Pages) signin(w http.ResponseWriter, r *http.Request) {
	a, err := p.svc.authRequestByID(r.Context(), r.PathValue("id"))
	if errors.Is(err, ErrNotFound) {
		p.errorPage(w, r, http.StatusBadRequest, msgAuthRequestExpired)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	subject, authTime, err := p.svc.sessionAuth(r)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	fresh := subject != "" && p.svc.freshEnough(a, authTime)
	switch {
	case a.prompts(oidc.PromptNone) && !fresh:
		// The client asked not to show any page: answer at once.
		p.refuse(w, r, a, oidc.ErrLoginRequired())
	case fresh:
		web.Redirect(w, r, p.svc.path("/consent/"+a.ID))
	default:
		p.beginLogin(w, r, a.ID)
	}
}

// refuse answers the client with an OAuth error and ends the request.
func (p *Pages) refuse(w http.ResponseWriter, r *http.Request, a *authRequest, e *oidc.Error) {
	if _, err := p.svc.db.Exec(r.Context(), "DELETE FROM idp_auth_requests WHERE id = $1 AND NOT done", a.ID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	op.AuthRequestError(w, r, a, e, p.provider)
}

func (p *Pages) beginLogin(w http.ResponseWriter, r *http.Request, authRequestID string) {
	l, err := p.svc.StartLogin(r.Context(), authRequestID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: l.ID, Path: issuerPath(p.svc.opts.Issuer) + "/login", HttpOnly: true,
		Secure: p.svc.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	web.Redirect(w, r, p.svc.path("/login/"+l.ID))
}

// login loads the verification of the URL, if this browser began it.
func (p *Pages) login(w http.ResponseWriter, r *http.Request) *Login {
	id := r.PathValue("id")
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value != id {
		p.errorPage(w, r, http.StatusForbidden, msgOtherBrowser)
		return nil
	}
	l, err := p.svc.LoginByID(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		p.errorPage(w, r, http.StatusBadRequest, msgLoginTimedOut)
		return nil
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil
	}
	return l
}

type loginView struct {
	Login     *Login
	Action    string
	CaptchaID string
	Mobile    string // shown masked on the code page
	Error     string
	Info      string
}

func (p *Pages) loginPage(w http.ResponseWriter, r *http.Request) {
	l := p.login(w, r)
	if l == nil {
		return
	}
	p.renderLogin(w, r, http.StatusOK, l, nil, "")
}

func (p *Pages) renderLogin(w http.ResponseWriter, r *http.Request, status int, l *Login, f *web.Form, msg string) {
	v := loginView{Login: l, Action: p.svc.path("/login/" + l.ID), Error: msg, Mobile: fa.MaskMobile(l.Mobile)}
	page := "signin_" + l.Step
	switch l.Step {
	case StepCaptcha:
		// A captcha row per anonymous GET: drawn within the address's
		// allowance (identity.NewCaptcha), else a Persian 429 and no row.
		id, err := p.ids.NewCaptcha(r.Context(), p.web.ClientIP(r))
		var ie *fa.Error
		if errors.As(err, &ie) {
			status, v.Error = http.StatusTooManyRequests, ie.Message
		} else if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		v.CaptchaID = id
	case StepDone:
		p.afterVerify(w, r, l)
		return
	}
	p.view(w, r, status, page, titleSignin, f, v)
}

func (p *Pages) submitMobile(w http.ResponseWriter, r *http.Request) {
	l := p.login(w, r)
	if l == nil || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	f.MaxLength("mobile", web.MsgMobileLabel, 20)
	if f.Required("mobile", web.MsgMobileLabel) != "" && f.Valid() {
		if err := p.svc.SubmitMobile(r.Context(), l.ID, f.Get("mobile")); err != nil {
			if !p.fail(w, r, l, f, err) {
				return
			}
		} else {
			web.Redirect(w, r, p.svc.path("/login/"+l.ID))
			return
		}
	}
	p.renderLogin(w, r, http.StatusUnprocessableEntity, l, f, "")
}

func (p *Pages) submitCaptcha(w http.ResponseWriter, r *http.Request) {
	l := p.login(w, r)
	if l == nil || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	if !captcha.VerifyString(r.PostFormValue("captcha_id"), f.Get("captcha")) {
		f.Fail("captcha", web.MsgCaptchaWrong)
		p.renderLogin(w, r, http.StatusUnprocessableEntity, l, f, "")
		return
	}
	if err := p.svc.CaptchaPassed(r.Context(), l); err != nil {
		if p.fail(w, r, l, f, err) {
			p.renderLogin(w, r, http.StatusUnprocessableEntity, l, f, "")
		}
		return
	}
	web.Redirect(w, r, p.svc.path("/login/"+l.ID))
}

func (p *Pages) resend(w http.ResponseWriter, r *http.Request) {
	l := p.login(w, r)
	if l == nil {
		return
	}
	if l.Step != StepVerify {
		web.Redirect(w, r, p.svc.path("/login/"+l.ID))
		return
	}
	f := web.NewForm(nil)
	if err := p.svc.SendCode(r.Context(), l.Mobile); err != nil {
		if p.fail(w, r, l, f, err) {
			p.renderLogin(w, r, http.StatusTooManyRequests, l, f, "")
		}
		return
	}
	p.web.SetFlash(w, "success", msgCodeResent)
	web.Redirect(w, r, p.svc.path("/login/"+l.ID))
}

func (p *Pages) submitVerify(w http.ResponseWriter, r *http.Request) {
	l := p.login(w, r)
	if l == nil || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	code := f.Required("code", labelCode)
	f.Required("national_code", labelNationalCode)
	f.Required("birth_date", labelBirthDate)
	for _, k := range []string{"code", "national_code", "birth_date"} {
		f.MaxLength(k, labelThisValue, 20)
	}
	if !f.Valid() {
		p.renderLogin(w, r, http.StatusUnprocessableEntity, l, f, "")
		return
	}
	subject, err := p.svc.Verify(r.Context(), l, Verification{Code: code, NationalCode: f.Get("national_code"), BirthDate: f.Get("birth_date")})
	if err != nil {
		if p.fail(w, r, l, f, err) {
			p.renderLogin(w, r, http.StatusUnprocessableEntity, l, f, "")
		}
		return
	}
	l.Subject, l.Step = subject, StepDone
	p.afterVerify(w, r, l)
}

// afterVerify signs the person in at the provider and continues: to
// consent for an application, or to the consents page.
func (p *Pages) afterVerify(w http.ResponseWriter, r *http.Request, l *Login) {
	now := p.svc.now()
	if err := p.svc.startSession(r.Context(), w, l.Subject, now); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if l.AuthRequestID != "" {
		// Verified for this request: max_age and prompt=login are met.
		if err := p.svc.markVerified(r.Context(), l.AuthRequestID, now); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	// The login is finished: its cookie and its row are of no more use.
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: issuerPath(p.svc.opts.Issuer) + "/login", MaxAge: -1})
	if _, err := p.svc.db.Exec(r.Context(), "DELETE FROM idp_logins WHERE id = $1", l.ID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if l.AuthRequestID == "" {
		web.Redirect(w, r, p.svc.path("/grants"))
		return
	}
	web.Redirect(w, r, p.svc.path("/consent/"+url.PathEscape(l.AuthRequestID)))
}

// fail shows a refusal next to its field and reports true, or answers
// with an error page and reports false.
func (p *Pages) fail(w http.ResponseWriter, r *http.Request, l *Login, f *web.Form, err error) bool {
	var e *fa.Error
	if !errors.As(err, &e) {
		p.web.ServerError(w, r, err)
		return false
	}
	if errors.Is(err, ErrStep) {
		web.Redirect(w, r, p.svc.path("/login/"+l.ID))
		return false
	}
	field := e.Field
	if field == "" {
		field = "form"
	}
	f.Fail(field, e.Message)
	return true
}
