package idp_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"

	"pishkhan/internal/idp"
)

// Standard scopes no longer bypass the client's allowed list: a client
// registered for identity and mobile asking for offline_access, profile
// and email gets neither those nor a consent page naming blanks.
func TestScopesAreLimitedToTheClientsList(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.rp(oidc.ScopeOpenID, "offline_access", "profile", "email", idp.ScopeIdentity)
		b := e.browser()
		final, _ := b.signInTo(r, reza, "")
		tok, _, err := r.exchange(t, final.Query().Get("code"))
		if err != nil {
			t.Fatal(err)
		}
		if tok.RefreshToken != "" {
			t.Fatal("a refresh token for a client not allowed offline_access")
		}
		if got, _ := tok.Extra("scope").(string); got != "openid identity" {
			t.Fatalf("scope granted %q, want %q", got, "openid identity")
		}
		var scopes string
		if err := e.d.QueryRow(context.Background(), "SELECT scopes FROM idp_consents WHERE client_id = $1", rpID).Scan(&scopes); err != nil || scopes != "identity openid" {
			t.Fatalf("consent remembered %q (%v)", scopes, err)
		}
		// An old grant that holds a scope no longer served is named.
		if _, err := e.d.Exec(context.Background(), "UPDATE idp_consents SET scopes = 'email openid' WHERE client_id = $1", rpID); err != nil {
			t.Fatal(err)
		}
		g := b.get("/idp/grants").want(t, http.StatusOK, "").has(t, "دسترسی «email»، ورود یکپارچه")
		if strings.Contains(g.body, "، </td>") || strings.Contains(g.body, "<td>، ") {
			t.Fatalf("a blank scope on the grants page:\n%s", snippet(g.body))
		}
		// Without openid nothing is granted.
		r = e.rp(idp.ScopeIdentity)
		p := b.get(r.authURL()).want(t, http.StatusFound, rpRedirect)
		if !strings.Contains(p.location, "error=invalid_scope") {
			t.Fatalf("no openid: %s", p.location)
		}
	})
}

// Every scope a client may be allowed has words on the consent page.
func TestEveryAllowableScopeIsNamedOnTheConsentPage(t *testing.T) {
	for _, sc := range []string{idp.ScopeIdentity, idp.ScopeMobile, idp.ScopeOfflineAccess, "openid", "profile", "email", "phone", "address"} {
		named := false
		for _, text := range idp.ScopeTexts {
			named = named || text.Scope == sc && text.Title != "" && text.About != ""
		}
		if idp.KnownScope(sc) && sc != "openid" && !named {
			t.Errorf("scope %s is allowable but not named", sc)
		}
		if strings.TrimSpace(idp.ScopeTitle(sc)) == "" {
			t.Errorf("scope %s has no title", sc)
		}
	}
}

// A client allowed offline_access sees it named when the person consents.
func TestOfflineAccessIsNamedOnConsent(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		redirect := "https://app.example/cb"
		secret := e.addClient("app", []string{redirect}, false, idp.ScopeOfflineAccess)
		r := e.rpFor("app", secret, redirect, oidc.ScopeOpenID, idp.ScopeOfflineAccess)
		b2 := e.browser()
		b2.signInTo(e.rp(), reza, "") // a session, so the next request goes to consent
		p := b2.get(r.authURL()).want(t, http.StatusFound, "/idp/signin/")
		p = b2.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		b2.get(p.location).want(t, http.StatusOK, "").has(t, `data-scope="offline_access"`, "دسترسی ماندگار")
	})
}
