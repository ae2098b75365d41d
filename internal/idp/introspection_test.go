package idp_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"

	"pishkhan/internal/idp"
)

// postForm posts form to the provider's endpoint as client id:secret
// (basic authentication; "" secret: client_id in the form).
func (e *env) postForm(t *testing.T, endpoint, id, secret string, form url.Values) (int, map[string]any) {
	t.Helper()
	if secret == "" {
		form.Set("client_id", id)
	}
	req, _ := http.NewRequest(http.MethodPost, e.issuer+endpoint, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if secret != "" {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(body, &m)
	return resp.StatusCode, m
}

// Introspection (RFC 7662) for confidential clients about their own
// tokens, and revocation (RFC 7009): an access token alone, a refresh
// token with its grant.
func TestIntrospectionAndRevocation(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		redirect := "https://app.example/cb"
		secret := e.addClient("app", []string{redirect}, false, idp.ScopeOfflineAccess, idp.ScopeMobile)
		r := e.rpFor("app", secret, redirect, oidc.ScopeOpenID, idp.ScopeOfflineAccess, idp.ScopeMobile)
		tok, idt := e.browser().tokens(r, reza)
		introspect := func(id, secret, token string) (int, map[string]any) {
			return e.postForm(t, "/oauth/introspect", id, secret, url.Values{"token": {token}})
		}
		status, m := introspect("app", secret, tok.AccessToken)
		if status != 200 || m["active"] != true || m["sub"] != idt.Subject || m["client_id"] != "app" || m["scope"] != "openid offline_access mobile" ||
			m["token_type"] != "Bearer" || m["exp"] == nil || m["iss"] != e.issuer {
			t.Fatalf("introspect access token: %d %v", status, m)
		}
		if status, m = introspect("app", secret, tok.RefreshToken); status != 200 || m["active"] != true || m["token_type"] != "refresh_token" || m["sub"] != idt.Subject {
			t.Fatalf("introspect refresh token: %d %v", status, m)
		}
		if status, m = introspect("app", secret, "garbage"); status != 200 || m["active"] != false {
			t.Fatalf("introspect garbage: %d %v", status, m)
		}
		// client_secret_post too.
		if status, m = e.postForm(t, "/oauth/introspect", "app", "", url.Values{"token": {tok.AccessToken}, "client_secret": {secret}}); status != 200 || m["active"] != true {
			t.Fatalf("introspection by client_secret_post: %d %v", status, m)
		}
		if status, _ = introspect("app", "wrong", tok.AccessToken); status != http.StatusUnauthorized {
			t.Fatalf("introspection with a wrong secret: %d", status)
		}
		// Another client learns nothing of app's tokens.
		osecret := e.addClient("other", []string{"https://other.example/cb"}, false)
		if status, m = introspect("other", osecret, tok.AccessToken); m["active"] != false || m["sub"] != nil {
			t.Fatalf("another client's introspection: %d %v", status, m)
		}
		if status, m = introspect("other", osecret, tok.RefreshToken); m["active"] != false || m["sub"] != nil {
			t.Fatalf("another client's introspection of a refresh token: %d %v", status, m)
		}
		// Public clients do not introspect.
		e.addClient("desk", []string{"http://127.0.0.1/cb"}, true)
		if status, _ = introspect("desk", "", tok.AccessToken); status != http.StatusUnauthorized {
			t.Fatalf("a public client's introspection: %d", status)
		}

		// Revocation: another client's try leaves the token alone.
		revoke := func(id, secret, token, hint string) int {
			status, _ := e.postForm(t, "/revoke", id, secret, url.Values{"token": {token}, "token_type_hint": {hint}})
			return status
		}
		if s := revoke("other", osecret, tok.AccessToken, "access_token"); s != 200 || !r.userinfoWorks(tok) {
			t.Fatalf("another client's revocation: %d", s)
		}
		if s := revoke("app", "wrong", tok.AccessToken, ""); s != http.StatusUnauthorized {
			t.Fatalf("revocation with a wrong secret: %d", s)
		}
		// The access token alone: the refresh token lives on.
		if s := revoke("app", secret, tok.AccessToken, "access_token"); s != 200 {
			t.Fatalf("revoke access token: %d", s)
		}
		if _, m = introspect("app", secret, tok.AccessToken); m["active"] != false || r.userinfoWorks(tok) {
			t.Fatalf("revoked access token: %v", m)
		}
		next, err := r.refresh(tok.RefreshToken)
		if err != nil {
			t.Fatalf("refresh after revoking an access token: %v", err)
		}
		// The refresh token: its grant goes, access tokens included.
		if s := revoke("app", secret, next.RefreshToken, "refresh_token"); s != 200 {
			t.Fatalf("revoke refresh token: %d", s)
		}
		if _, err := r.refresh(next.RefreshToken); err == nil || r.userinfoWorks(next) {
			t.Fatal("a revoked refresh token's grant still works")
		}
		if _, m = introspect("app", secret, next.RefreshToken); m["active"] != false {
			t.Fatalf("revoked refresh token: %v", m)
		}
		// An unknown token: success, as RFC 7009 §2.2 says.
		if s := revoke("app", secret, "nothing-at-all", ""); s != 200 {
			t.Fatalf("revoke an unknown token: %d", s)
		}
	})
}
