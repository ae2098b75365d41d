package identity

import (
	"errors"
	"net/http"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

type loginPage struct {
	Error string
	Next  string
}

// Links are the areas' ways forward under the form; Hints say where the
// areas' identifiers are found. Both come from registrations, so a
// deployment shows only its own areas'.
func (loginPage) Links() []LoginLink { return registeredLoginLinks() }
func (loginPage) Hints() []string    { return identifierHints() }

func (p *Pages) loginForm(w http.ResponseWriter, r *http.Request) {
	if sess := p.web.Session(r); sess != nil && sess.Kind == KindCustomer {
		web.Redirect(w, r, "/")
		return
	}
	page := loginPage{Next: localPath(r.URL.Query().Get("next"), "")}
	// Say so at once when this address is locked out, rather than after
	// the person has typed their password again.
	if left, err := p.svc.AddressLocked(r.Context(), p.web.ClientIP(r)); err == nil && left > 0 {
		page.Error = lockedError(ErrAddressLocked, left, p.svc.opts.AddressLimit.Attempts).Message
	}
	p.web.Render(w, r, http.StatusOK, "identity/login", web.View{Title: titleLogin, Data: page})
}

func (p *Pages) login(w http.ResponseWriter, r *http.Request) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	f.Values.Del("password") // never echoed back into the page
	page := loginPage{Next: localPath(f.Get("next"), "")}
	identifier := f.MaxLength("identifier", labelIdentifier, 64)
	password := r.PostFormValue("password")
	if identifier == "" {
		f.Fail("identifier", msgIdentifierRequired)
	}
	if password == "" {
		f.Fail("password", web.MsgRequired(labelPassword))
	}
	if len(password) > 128 {
		f.Fail("password", msgPasswordTooLong)
	}
	if !f.Valid() {
		p.web.Render(w, r, http.StatusUnprocessableEntity, "identity/login", web.View{Title: titleLogin, Form: f, Data: page})
		return
	}
	res, err := p.svc.SignIn(r.Context(), identifier, password, p.web.ClientIP(r), r.UserAgent())
	if err != nil {
		msg, ok := showError(f, err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		page.Error = msg
		status := http.StatusUnauthorized
		if errors.Is(err, ErrAddressLocked) || errors.Is(err, ErrAccountLocked) {
			status = http.StatusTooManyRequests
		}
		p.web.Render(w, r, status, "identity/login", web.View{Title: titleLogin, Form: f, Data: page})
		return
	}
	stage := ""
	switch {
	case res.MustChangePassword:
		stage = StagePassword
	case res.NeedsSecurityQuestions:
		stage = StageQuestions
	}
	if _, err := p.web.SignIn(w, r, KindCustomer, res.SubjectID, stage); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	switch stage {
	case StagePassword:
		web.Redirect(w, r, "/password/first")
	case StageQuestions:
		web.Redirect(w, r, "/security-questions")
	default:
		web.Redirect(w, r, localPath(page.Next, "/"))
	}
}

func (p *Pages) logout(w http.ResponseWriter, r *http.Request) {
	home := "/login"
	if sess := p.web.Session(r); sess != nil && sess.Kind == KindStaff {
		home = "/staff/login"
	}
	if err := p.web.SignOut(w, r); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "info", msgSignedOut)
	web.Redirect(w, r, home)
}

// passwordRules are shown under every password form, in the registration
// guide's words.
func passwordRules(staff bool) []string {
	n := "8"
	if staff {
		n = "12"
	}
	return []string{
		msgPasswordMinLen(fa.Digits(n)),
		msgNoUpper,
		msgNoDigit,
		msgPersian,
		msgRulePersonal,
	}
}
