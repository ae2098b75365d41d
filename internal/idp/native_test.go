package idp_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"

	"pishkhan/internal/idp"
)

// Native apps (RFC 8252): a public client's loopback redirect is answered
// on any port (§7.3), IPv4 and IPv6; a private-use scheme works; PKCE is
// still required; a confidential client cannot register a private scheme.
func TestNativeAppRedirects(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		e.addClient("desk", []string{"http://127.0.0.1/cb", "http://[::1]/cb", "ir.example.desk:/oauth2redirect"}, true, idp.ScopeMobile)
		b := e.browser()
		for _, redirect := range []string{"http://127.0.0.1:53124/cb", "http://[::1]:8080/cb", "ir.example.desk:/oauth2redirect"} {
			r := e.rpFor("desk", "", redirect, oidc.ScopeOpenID, idp.ScopeMobile)
			final, _ := b.signInTo(r, narge, "")
			if final.Query().Get("code") == "" || final.Query().Get("state") != r.state {
				t.Fatalf("%s: %s", redirect, final)
			}
			tok, idt, err := r.exchange(t, final.Query().Get("code"))
			if err != nil {
				t.Fatalf("%s: exchange without a secret: %v", redirect, err)
			}
			if tok.AccessToken == "" || idt.Subject != e.sub("desk", narge) {
				t.Fatalf("%s: token %v sub %s", redirect, tok, idt.Subject)
			}
		}
		// PKCE is required of native apps too.
		r := e.rpFor("desk", "", "http://127.0.0.1:4000/cb")
		p := b.get(r.cfg.AuthCodeURL(r.state, oidc.Nonce(r.nonce))).want(t, http.StatusFound, "http://127.0.0.1:4000/cb")
		if !strings.Contains(p.location, "error=invalid_request") || strings.Contains(p.location, "code=") {
			t.Fatalf("no PKCE: %s", p.location)
		}
		// Another path, another loopback address, localhost, https on
		// loopback: not registered.
		for _, bad := range []string{"http://127.0.0.1:4000/other", "http://127.0.0.2:4000/cb", "http://localhost:4000/cb", "ir.example.desk:/elsewhere"} {
			r := e.rpFor("desk", "", bad)
			if p := b.get(r.authURL()); p.status != http.StatusBadRequest || p.location != "" {
				t.Fatalf("%s: %d → %s", bad, p.status, p.location)
			}
		}
		// The loopback port freedom is for native apps: the guide's web
		// client gets no other port.
		r = e.rp()
		r.cfg.RedirectURL = "https://esaletest.ikco.example:8443/callback"
		if p := b.get(r.authURL()); p.status != http.StatusBadRequest {
			t.Fatalf("another port of a web client: %d → %s", p.status, p.location)
		}
		// Private-use schemes are for public clients, and need a dot.
		if _, err := e.svc.RegisterClient(ctx, idp.NewClient{ID: "conf", Name: "c", RedirectURIs: []string{"ir.example.conf:/cb"}}, nil); err == nil {
			t.Fatal("a confidential client registered a private-use scheme")
		}
		if _, err := e.svc.RegisterClient(ctx, idp.NewClient{ID: "nodot", Name: "c", RedirectURIs: []string{"myapp:/cb"}, Public: true}, nil); err == nil {
			t.Fatal("a private-use scheme without a domain was registered")
		}
		// Two native apps on 127.0.0.1 do not share a sector.
		e.addClient("desk2", []string{"http://127.0.0.1/cb"}, true)
		if e.sub("desk", narge) == e.sub("desk2", narge) {
			t.Fatal("two native apps share their subjects")
		}
	})
}
