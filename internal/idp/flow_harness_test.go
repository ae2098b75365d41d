package idp_test

// Helpers for the protocol tests: more clients than the guide's one, and
// a sign-in walk that takes whatever pages the provider shows (sign-in
// when there is no session or a fresh one is required, consent when it is
// not remembered), so each test states only what it checks.

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pishkhan/internal/idp"
)

// addClient registers a client and returns its secret ("" when public).
func (e *env) addClient(id string, redirects []string, public bool, scopes ...string) string {
	e.t.Helper()
	secret, err := e.svc.RegisterClient(context.Background(), idp.NewClient{ID: id, Name: "برنامه " + id, RedirectURIs: redirects,
		Scopes: scopes, Public: public}, nil)
	if err != nil {
		e.t.Fatalf("register %s: %v", id, err)
	}
	return secret
}

// rpFor is a relying party of another client than the guide's.
func (e *env) rpFor(id, secret, redirect string, scopes ...string) *rp {
	e.t.Helper()
	r := e.rp(scopes...)
	r.cfg.ClientID, r.cfg.ClientSecret, r.cfg.RedirectURL = id, secret, redirect
	if secret == "" {
		r.cfg.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	}
	return r
}

// signInTo walks r's sign-in to its end as p and returns the redirect to
// r, whatever pages come between; verified reports whether p had to
// verify (SMS code and registry).
func (b *browser) signInTo(r *rp, p idp.Person, authURL string) (final *url.URL, verified bool) {
	t := b.e.t
	t.Helper()
	if authURL == "" {
		authURL = r.authURL()
	}
	pg := b.get(authURL).want(t, http.StatusFound, "/idp/signin/")
	pg = b.get(pg.location)
	if strings.HasPrefix(pg.location, "/idp/login/") {
		login := pg.location
		b.get(login).want(t, http.StatusOK, "")
		b.post(login+"/mobile", url.Values{"mobile": {p.PrimaryMobile()}}).want(t, http.StatusSeeOther, login)
		pg = b.get(login).want(t, http.StatusOK, "")
		id, answer := b.e.captchaAnswer(pg.body)
		b.post(login+"/captcha", url.Values{"captcha_id": {id}, "captcha": {answer}}).want(t, http.StatusSeeOther, login)
		code, _ := b.e.lastCode(p.PrimaryMobile())
		pg = b.post(login+"/verify", url.Values{"code": {code}, "national_code": {p.NationalCode}, "birth_date": {p.BirthDate}})
		verified = true
	}
	if strings.HasPrefix(pg.location, "/idp/consent/") {
		consent := pg.location
		pg = b.get(consent)
		if pg.status == http.StatusOK {
			pg = b.post(consent, url.Values{"decision": {"grant"}})
		}
	}
	if strings.HasPrefix(pg.location, "/idp/authorize/callback") {
		pg = b.get(pg.location)
	}
	pg.want(t, http.StatusFound, r.cfg.RedirectURL)
	u, err := url.Parse(pg.location)
	if err != nil {
		t.Fatal(err)
	}
	return u, verified
}

// tokens signs in to r as p and exchanges the code.
func (b *browser) tokens(r *rp, p idp.Person) (*oauth2.Token, *oidc.IDToken) {
	t := b.e.t.(*testing.T)
	t.Helper()
	final, _ := b.signInTo(r, p, "")
	tok, idt, err := r.exchange(t, final.Query().Get("code"))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return tok, idt
}
