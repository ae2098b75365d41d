package idp_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// Hostile protocol input (invalid UTF-8, NUL, overlong) is refused with
// the protocol's error or the Persian page, never a 500, on both engines
// (PostgreSQL errors on such text where SQLite stores it).
func TestHostileProtocolInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		r := e.rp()
		for _, id := range []string{"\xff\xfe", "ik\x00co", strings.Repeat("a", 5000)} {
			p := b.get(strings.Replace(r.authURL(), "client_id="+rpID, "client_id="+url.QueryEscape(id), 1))
			if p.status != http.StatusBadRequest || !strings.Contains(p.body, "خطای ۴۰۰") {
				t.Fatalf("authorize with client_id %.20q: %d\n%s", id, p.status, snippet(p.body))
			}
			for _, endpoint := range []string{"/oauth/token", "/oauth/introspect", "/revoke"} {
				status, m := e.postForm(t, endpoint, id, "x", url.Values{"grant_type": {"authorization_code"}, "code": {"c"}, "token": {"t"}})
				if status >= 500 || status != http.StatusUnauthorized && m["error"] == nil {
					t.Fatalf("%s with client_id %.20q: %d %v", endpoint, id, status, m)
				}
			}
		}
		for _, state := range []string{"\xff", "a\x00b"} {
			p := b.get(r.cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(r.verifier)))
			if p.status >= 500 || p.status == http.StatusFound && !strings.Contains(p.location, "error=invalid_request") {
				t.Fatalf("state %.20q: %d → %s", state, p.status, p.location)
			}
		}
		// Garbage tokens and codes.
		for _, tok := range []string{"\xff", "\x00", strings.Repeat("z", 10000)} {
			for _, form := range []url.Values{
				{"grant_type": {"authorization_code"}, "code": {tok}, "code_verifier": {tok}, "redirect_uri": {rpRedirect}},
				{"grant_type": {"refresh_token"}, "refresh_token": {tok}},
			} {
				// Invalid UTF-8 and NUL the web kit refuses before the
				// provider sees them (400); the rest is invalid_grant.
				if status, m := e.postForm(t, "/oauth/token", rpID, rpSecret, form); status != http.StatusBadRequest || len(tok) > 1 && m["error"] != "invalid_grant" && m["error"] != "unauthorized_client" {
					t.Fatalf("token %.20q %s: %d %v", tok, form.Get("grant_type"), status, m)
				}
			}
			if status, m := e.postForm(t, "/oauth/introspect", rpID, rpSecret, url.Values{"token": {tok}}); status >= 500 || len(tok) > 1 && m["active"] != false {
				t.Fatalf("introspect %.20q: %d %v", tok, status, m)
			}
			if status, _ := e.postForm(t, "/revoke", rpID, rpSecret, url.Values{"token": {tok}}); status >= 500 || len(tok) > 1 && status != 200 {
				t.Fatalf("revoke %.20q: %d", tok, status)
			}
		}
	})
}
