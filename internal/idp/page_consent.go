package idp

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"

	"pishkhan/internal/web"
)

type consentView struct {
	Action      string
	ClientName  string
	Scopes      []ScopeText
	RedirectURL string // «پس از اعطای مجوز ورود یکپارچه هدایت خواهید شد به»
}

// consentRequest loads the auth request and the signed-in person for the
// consent page; without a provider session the person verifies first.
func (p *Pages) consentRequest(w http.ResponseWriter, r *http.Request) (*authRequest, *Client, string, time.Time, bool) {
	a, err := p.svc.authRequestByID(r.Context(), r.PathValue("id"))
	if errors.Is(err, ErrNotFound) || err == nil && a.IsDone {
		p.web.Error(w, r, http.StatusBadRequest, msgConsentGone)
		return nil, nil, "", time.Time{}, false
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, nil, "", time.Time{}, false
	}
	subject, sessionTime, err := p.svc.sessionAuth(r)
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, nil, "", time.Time{}, false
	}
	// max_age and prompt=login hold here too, not only on the way in.
	if subject == "" || !p.svc.freshEnough(a, sessionTime) {
		p.beginLogin(w, r, a.ID)
		return nil, nil, "", time.Time{}, false
	}
	c, err := p.svc.ClientByID(r.Context(), a.ClientID)
	if err != nil {
		p.web.Error(w, r, http.StatusBadRequest, msgUnknownClient)
		return nil, nil, "", time.Time{}, false
	}
	authTime := sessionTime
	if a.VerifiedAt != nil {
		authTime = *a.VerifiedAt
	}
	return a, c, subject, authTime, true
}

func (p *Pages) consentPage(w http.ResponseWriter, r *http.Request) {
	a, c, subject, authTime, ok := p.consentRequest(w, r)
	if !ok {
		return
	}
	// A consent already given for this application and these scopes is
	// not asked again.
	remembered, err := p.svc.HasConsent(r.Context(), subject, a.ClientID, a.Scopes)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	switch {
	case remembered && !a.prompts(oidc.PromptConsent):
		p.finish(w, r, a, subject, authTime)
		return
	case a.prompts(oidc.PromptNone):
		p.refuse(w, r, a, oidc.ErrInteractionRequired().WithDescription("consent required"))
		return
	}
	v := consentView{Action: p.svc.path("/consent/" + a.ID), ClientName: c.Name}
	for _, t := range ScopeTexts {
		if slices.Contains(a.Scopes, t.Scope) {
			v.Scopes = append(v.Scopes, t)
		}
	}
	origin := ""
	if u, err := url.Parse(a.RedirectURI); err == nil {
		origin = u.Scheme + "://" + u.Host
		if u.Host == "" { // a native app's private-use scheme
			origin = u.Scheme + ":"
		}
		v.RedirectURL = origin
	}
	// The consent form's answer ends in a redirect to the application:
	// browsers check a form's redirects against form-action too.
	if csp := w.Header().Get("Content-Security-Policy"); csp != "" && origin != "" {
		w.Header().Set("Content-Security-Policy", strings.Replace(csp, "form-action 'self'", "form-action 'self' "+origin, 1))
	}
	p.view(w, r, http.StatusOK, "consent", titleConsent(c.Name), nil, v)
}

func (p *Pages) consent(w http.ResponseWriter, r *http.Request) {
	a, _, subject, authTime, ok := p.consentRequest(w, r)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	switch r.PostFormValue("decision") {
	case "grant":
		if err := p.svc.grant(r.Context(), a, subject, authTime, true); err != nil {
			if errors.Is(err, ErrStep) {
				p.web.Error(w, r, http.StatusConflict, msgConsentAnswered)
				return
			}
			p.web.ServerError(w, r, err)
			return
		}
		if err := p.svc.recordSignin(r.Context(), a.ID, a.ClientID, subject, sessionHash(r)); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		web.Redirect(w, r, p.svc.callbackURL(a.ID))
	case "deny":
		// «عدم اعطای مجوز ورود یکپارچه»: the application hears
		// access_denied, and the request can never be granted after.
		p.refuse(w, r, a, oidc.ErrAccessDenied().WithDescription("the person did not grant single sign-on"))
	default:
		p.errorPage(w, r, http.StatusBadRequest, msgBadAnswer)
	}
}

// finish completes the request with a remembered consent.
func (p *Pages) finish(w http.ResponseWriter, r *http.Request, a *authRequest, subject string, authTime time.Time) {
	if err := p.svc.grant(r.Context(), a, subject, authTime, false); err != nil && !errors.Is(err, ErrStep) {
		p.web.ServerError(w, r, err)
		return
	}
	if err := p.svc.recordSignin(r.Context(), a.ID, a.ClientID, subject, sessionHash(r)); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, p.svc.callbackURL(a.ID))
}

type grantsView struct {
	Consents []Consent
	Titles   map[string]string
}

// grants is the person's page of remembered consents, each revocable.
func (p *Pages) grants(w http.ResponseWriter, r *http.Request) {
	subject, err := p.svc.sessionSubject(r)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if subject == "" {
		p.beginLogin(w, r, "")
		return
	}
	cs, err := p.svc.Consents(r.Context(), subject)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	titles := map[string]string{}
	for _, c := range cs {
		for _, sc := range c.Scopes {
			titles[sc] = ScopeTitle(sc)
		}
	}
	p.view(w, r, http.StatusOK, "grants", titleGrants, nil, grantsView{Consents: cs, Titles: titles})
}

func (p *Pages) revoke(w http.ResponseWriter, r *http.Request) {
	subject, err := p.svc.sessionSubject(r)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if subject == "" {
		p.beginLogin(w, r, "")
		return
	}
	if err := p.svc.RevokeConsents(r.Context(), subject, r.PathValue("client")); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgGrantRevoked)
	web.Redirect(w, r, p.svc.path("/grants"))
}

func (p *Pages) signout(w http.ResponseWriter, r *http.Request) {
	if err := p.svc.signOut(w, r); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgSignedOut)
	web.Redirect(w, r, "/")
}
