package idp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pishkhan/internal/idp"
)

// rp is an independent relying party: coreos/go-oidc and x/oauth2, which
// know nothing of the provider's code, only its discovery document.
type rp struct {
	provider *oidc.Provider
	cfg      *oauth2.Config
	state    string
	nonce    string
	verifier string
}

func (e *env) rp(scopes ...string) *rp {
	e.t.Helper()
	p, err := oidc.NewProvider(context.Background(), e.issuer)
	if err != nil {
		e.t.Fatalf("discovery: %v", err)
	}
	if len(scopes) == 0 {
		scopes = []string{oidc.ScopeOpenID, idp.ScopeIdentity, idp.ScopeMobile}
	}
	return &rp{provider: p, cfg: &oauth2.Config{ClientID: rpID, ClientSecret: rpSecret, RedirectURL: rpRedirect, Endpoint: p.Endpoint(), Scopes: scopes},
		state: oauth2.GenerateVerifier()[:20], nonce: oauth2.GenerateVerifier()[:20], verifier: oauth2.GenerateVerifier()}
}

func (r *rp) authURL() string {
	return r.cfg.AuthCodeURL(r.state, oidc.Nonce(r.nonce), oauth2.S256ChallengeOption(r.verifier))
}

// exchange trades the code and verifies the ID token as any relying party
// must: signature by the JWKS, issuer, audience, expiry, nonce.
func (r *rp) exchange(t *testing.T, code string) (*oauth2.Token, *oidc.IDToken, error) {
	t.Helper()
	tok, err := r.cfg.Exchange(context.Background(), code, oauth2.VerifierOption(r.verifier))
	if err != nil {
		return nil, nil, err
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := r.provider.Verifier(&oidc.Config{ClientID: r.cfg.ClientID}).Verify(context.Background(), raw)
	if err != nil {
		return nil, nil, err
	}
	if idt.Nonce != r.nonce {
		t.Fatalf("nonce %q, want %q", idt.Nonce, r.nonce)
	}
	return tok, idt, nil
}

func TestCodeFlowWithAnIndependentRelyingParty(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		// Discovery names the endpoints under the issuer and PKCE S256.
		b := e.browser()
		disc := b.get("/idp/.well-known/openid-configuration").want(t, http.StatusOK, "")
		var doc struct {
			Issuer     string   `json:"issuer"`
			JWKS       string   `json:"jwks_uri"`
			Challenges []string `json:"code_challenge_methods_supported"`
			Scopes     []string `json:"scopes_supported"`
		}
		if err := json.Unmarshal([]byte(disc.body), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Issuer != e.issuer || !strings.HasPrefix(doc.JWKS, e.issuer+"/") || !contains(doc.Challenges, "S256") || !contains(doc.Scopes, idp.ScopeIdentity) {
			t.Fatalf("discovery: %+v", doc)
		}

		r := e.rp()
		final := b.signIn(r.authURL(), reza, "grant")
		if final.Query().Get("state") != r.state || final.Query().Get("code") == "" {
			t.Fatalf("redirect to the client: %s", final)
		}
		tok, idt, err := r.exchange(t, final.Query().Get("code"))
		if err != nil {
			t.Fatalf("exchange: %v", err)
		}
		if idt.Issuer != e.issuer || idt.Subject != e.sub(rpID, reza) || len(idt.Audience) != 1 || idt.Audience[0] != rpID {
			t.Fatalf("ID token: iss %s sub %s aud %v", idt.Issuer, idt.Subject, idt.Audience)
		}
		var claims map[string]any
		if err := idt.Claims(&claims); err != nil {
			t.Fatal(err)
		}
		for k, want := range map[string]string{"national_code": reza.NationalCode, "given_name": reza.FirstName, "family_name": reza.LastName,
			"father_name": reza.FatherName, "birth_date_jalali": reza.BirthDate, "certificate_number": reza.CertificateNumber,
			"mobile": reza.PrimaryMobile(), "gender": "male", "birthdate": "1990-11-08"} {
			if claims[k] != want {
				t.Errorf("ID token claim %s = %v, want %q", k, claims[k], want)
			}
		}
		// Userinfo with the access token says the same.
		ui, err := r.provider.UserInfo(context.Background(), oauth2.StaticTokenSource(tok))
		if err != nil {
			t.Fatalf("userinfo: %v", err)
		}
		var uc map[string]any
		ui.Claims(&uc)
		if ui.Subject != e.sub(rpID, reza) || uc["national_code"] != reza.NationalCode || uc["phone_number"] != "+989121110005" {
			t.Fatalf("userinfo: %v", uc)
		}

		// The code is good once: a second exchange is refused.
		if _, _, err := r.exchange(t, final.Query().Get("code")); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
			t.Fatalf("second use of the code: %v", err)
		}
	})
}

func TestScopesLimitClaims(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.rp(oidc.ScopeOpenID, idp.ScopeMobile)
		b := e.browser()
		login := b.toVerify(r.authURL(), narge.PrimaryMobile())
		code, _ := e.lastCode(narge.PrimaryMobile())
		pg := b.post(login+"/verify", url.Values{"code": {code}, "national_code": {narge.NationalCode}, "birth_date": {"۱۳۷۷/۰۷/۰۷"}}).want(t, http.StatusSeeOther, "/idp/consent/")
		c := b.get(pg.location).want(t, http.StatusOK, "").has(t, "دسترسی خواندن شماره همراه اصلی")
		if strings.Contains(c.body, "دسترسی خواندن اطلاعات هویتی") {
			t.Fatal("consent lists a scope that was not asked for")
		}
		final := b.answerConsent(pg.location, "grant")
		_, idt, err := r.exchange(t, final.Query().Get("code"))
		if err != nil {
			t.Fatal(err)
		}
		var claims map[string]any
		idt.Claims(&claims)
		if claims["mobile"] != narge.PrimaryMobile() || claims["national_code"] != nil || claims["given_name"] != nil {
			t.Fatalf("mobile scope only, claims %v", claims)
		}
	})
}

func TestUnregisteredRedirectURIGetsAnErrorPageNeverARedirect(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.rp()
		b := e.browser()
		for _, bad := range []string{"https://evil.example/callback", rpRedirect + "/more", "https://esaletest.ikco.example/callback?x=1"} {
			r.cfg.RedirectURL = bad
			p := b.get(r.authURL())
			if p.status != http.StatusBadRequest || p.location != "" {
				t.Fatalf("redirect_uri %s: %d → %q", bad, p.status, p.location)
			}
			p.has(t, "نشانی بازگشت")
		}
		// An unknown client too.
		r.cfg.RedirectURL, r.cfg.ClientID = rpRedirect, "nobody"
		if p := b.get(r.authURL()); p.status != http.StatusBadRequest || p.location != "" {
			t.Fatalf("unknown client: %d → %q", p.status, p.location)
		}
	})
}

func TestPKCEIsRequired(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.rp()
		b := e.browser()
		// Without a challenge: refused back to the (registered) client.
		p := b.get(r.cfg.AuthCodeURL(r.state, oidc.Nonce(r.nonce))).want(t, http.StatusFound, rpRedirect)
		u, _ := url.Parse(p.location)
		if u.Query().Get("error") != "invalid_request" || u.Query().Get("code") != "" || u.Query().Get("state") != r.state {
			t.Fatalf("no PKCE: %s", p.location)
		}
		// The plain method is refused too.
		p = b.get(r.cfg.AuthCodeURL(r.state, oauth2.SetAuthURLParam("code_challenge", r.verifier), oauth2.SetAuthURLParam("code_challenge_method", "plain"))).want(t, http.StatusFound, rpRedirect)
		if u, _ := url.Parse(p.location); u.Query().Get("error") == "" {
			t.Fatalf("plain PKCE: %s", p.location)
		}
		// With a challenge but the wrong verifier at the token endpoint.
		final := b.signIn(r.authURL(), reza, "grant")
		r.verifier = oauth2.GenerateVerifier()
		if _, _, err := r.exchange(t, final.Query().Get("code")); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
			t.Fatalf("wrong verifier: %v", err)
		}
	})
}

func TestACodeExchangedAtOnceTwiceGivesOneToken(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.rp()
		final := e.browser().signIn(r.authURL(), reza, "grant")
		code := final.Query().Get("code")
		var wg sync.WaitGroup
		var ok atomic.Int32
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := r.cfg.Exchange(context.Background(), code, oauth2.VerifierOption(r.verifier)); err == nil {
					ok.Add(1)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 1 {
			t.Fatalf("%d exchanges of one code succeeded", ok.Load())
		}
	})
}

func TestConsentPageLetsItsFormLeadToTheClient(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		login := b.toVerify(e.rp().authURL(), reza.PrimaryMobile())
		code, _ := e.lastCode(reza.PrimaryMobile())
		pg := b.post(login+"/verify", url.Values{"code": {code}, "national_code": {reza.NationalCode}, "birth_date": {reza.BirthDate}}).want(t, http.StatusSeeOther, "/idp/consent/")
		c := b.get(pg.location).want(t, http.StatusOK, "").has(t, "پس از اعطای مجوز ورود یکپارچه هدایت خواهید شد به", "https://esaletest.ikco.example")
		// The answer redirects to the client: browsers hold a form's
		// redirects to form-action, so the consent page allows that origin.
		if csp := c.header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https://esaletest.ikco.example") {
			t.Fatalf("CSP: %s", csp)
		}
	})
}

func TestConsentDeniedReturnsAccessDenied(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.rp()
		final := e.browser().signIn(r.authURL(), reza, "deny")
		if final.Query().Get("error") != "access_denied" || final.Query().Get("state") != r.state || final.Query().Get("code") != "" {
			t.Fatalf("denied: %s", final)
		}
	})
}

func TestConsentIsRememberedAndRevocable(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		b.signIn(e.rp().authURL(), reza, "grant")
		// Signed in at the provider, consent remembered: straight back.
		r := e.rp()
		p := b.get(r.authURL()).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/authorize/callback")
		final := b.finalRedirect(b.get(p.location))
		if _, _, err := r.exchange(t, final.Query().Get("code")); err != nil {
			t.Fatal(err)
		}
		// Another scope set asks again.
		r2 := e.rp(oidc.ScopeOpenID, idp.ScopeMobile)
		p = b.get(r2.authURL()).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		b.get(p.location).want(t, http.StatusOK, "").has(t, "اعطای مجوز ورود یکپارچه")

		// The person revokes it on their page; the next sign-in asks again.
		b.get("/idp/grants").want(t, http.StatusOK, "").has(t, rpName, "دسترسی خواندن اطلاعات هویتی و شناسنامه ای")
		b.post("/idp/grants/"+rpID+"/revoke", nil).want(t, http.StatusSeeOther, "/idp/grants")
		b.get("/idp/grants").want(t, http.StatusOK, "").has(t, "به هیچ برنامه‌ای مجوز ورود یکپارچه نداده‌اید")
		p = b.get(e.rp().authURL()).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		b.get(p.location).want(t, http.StatusOK, "").has(t, "اعطای مجوز ورود یکپارچه")
	})
}

func TestPromptNoneLoginAndConsent(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		r := e.rp()
		// prompt=none without a provider session: login_required at once.
		p := b.get(r.cfg.AuthCodeURL(r.state, oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("prompt", "none"))).want(t, http.StatusFound, "/idp/signin/")
		final := b.finalRedirect(b.get(p.location))
		if final.Query().Get("error") != "login_required" || final.Query().Get("state") != r.state {
			t.Fatalf("prompt=none, no session: %s", final)
		}
		// Signed in (consent remembered): prompt=none passes silently.
		b.signIn(e.rp().authURL(), reza, "grant")
		r = e.rp()
		p = b.get(r.cfg.AuthCodeURL(r.state, oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("prompt", "none"))).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/authorize/callback")
		if final = b.finalRedirect(b.get(p.location)); final.Query().Get("code") == "" {
			t.Fatalf("prompt=none with a session: %s", final)
		}
		// A scope set not consented to, with prompt=none: interaction_required.
		r = e.rp(oidc.ScopeOpenID, idp.ScopeMobile)
		p = b.get(r.cfg.AuthCodeURL(r.state, oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("prompt", "none"))).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		if final = b.finalRedirect(b.get(p.location)); final.Query().Get("error") != "interaction_required" {
			t.Fatalf("prompt=none without consent: %s", final)
		}
		// prompt=login verifies again despite the session; prompt=consent asks again.
		r = e.rp()
		p = b.get(r.cfg.AuthCodeURL(r.state, oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("prompt", "login"))).want(t, http.StatusFound, "/idp/signin/")
		b.get(p.location).want(t, http.StatusSeeOther, "/idp/login/")
		p = b.get(r.cfg.AuthCodeURL(r.state, oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("prompt", "consent"))).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		b.get(p.location).want(t, http.StatusOK, "").has(t, "اعطای مجوز ورود یکپارچه")
	})
}

func TestKeyRotationKeepsOldTokensVerifiable(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		r := e.rp()
		final := b.signIn(r.authURL(), reza, "grant")
		tok1, idt1, err := r.exchange(t, final.Query().Get("code"))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RotateKey(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		r2 := e.rp()
		p := b.get(r2.authURL()).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/authorize/callback")
		final = b.finalRedirect(b.get(p.location))
		_, _, err = r2.exchange(t, final.Query().Get("code"))
		if err != nil {
			t.Fatalf("token after rotation: %v", err)
		}
		if jwks := keysOf(e.jwks(t), "RS256"); len(jwks) != 2 {
			t.Fatalf("RS256 keys in the JWKS after rotation: %+v", jwks)
		}
		// The token signed by the old key still verifies with a fresh
		// relying party (which fetches the JWKS anew).
		raw, _ := tok1.Extra("id_token").(string)
		if _, err := e.rp().provider.Verifier(&oidc.Config{ClientID: rpID}).Verify(context.Background(), raw); err != nil {
			t.Fatalf("old token after rotation: %v (kid of the old: %v)", err, idt1.Subject)
		}
	})
}

// Keys rotate on their own: a key signs for 30 days, then the next is
// made; a retired key stays in the JWKS for 30 more days, then leaves.
func TestKeysRotateWithTheClock(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		// Every algorithm's keys follow the same calendar; RS256's are
		// followed here, ES256's and EdDSA's counted alongside.
		kids := func() []string {
			set := e.jwks(t)
			var out []string
			for _, k := range keysOf(set, "RS256") {
				out = append(out, k.KeyID)
			}
			for _, alg := range []string{"ES256", "EdDSA"} {
				if n := len(keysOf(set, alg)); n != len(out) {
					t.Fatalf("%d %s keys beside %d RS256", n, alg, len(out))
				}
			}
			return out
		}
		first := kids()
		if len(first) != 1 {
			t.Fatalf("JWKS at start: %v", first)
		}
		e.clock.Advance(29 * 24 * time.Hour)
		if got := kids(); len(got) != 1 || got[0] != first[0] {
			t.Fatalf("day 29: %v", got)
		}
		e.clock.Advance(2 * 24 * time.Hour)
		second := kids()
		if len(second) != 2 || second[0] == first[0] || second[1] != first[0] {
			t.Fatalf("day 31: %v, want a new key before %s", second, first[0])
		}
		e.clock.Advance(30 * 24 * time.Hour)
		third := kids()
		if contains(third, first[0]) || !contains(third, second[0]) {
			t.Fatalf("day 61: %v, want the first key gone and the second kept", third)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
