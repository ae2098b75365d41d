package idp_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// Every protocol error shown to a person is the provider's Persian page
// with a way forward, never the library's English plain text.
func TestProtocolErrorsArePersianPages(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		r := e.rp()
		httpRedirect := "http://spa.example/cb"
		e.addClient("spa", []string{httpRedirect}, true)
		spa := e.rpFor("spa", "", httpRedirect)
		for name, u := range map[string]string{
			// response_type=id_token (implicit) is not served.
			"id_token": r.cfg.AuthCodeURL(r.state, oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("response_type", "id_token")),
			// A public client may not return over plain http.
			"http redirect of a public client": spa.authURL(),
			"unknown client":                   strings.Replace(r.authURL(), "client_id="+rpID, "client_id=nobody", 1),
			"unregistered redirect":            strings.Replace(r.authURL(), "esaletest.ikco.example", "evil.example", 1),
			"callback of no request":           "/idp/authorize/callback?id=nothing",
		} {
			p := b.get(u)
			if p.status < 400 || p.status >= 500 {
				if name == "id_token" && p.status == http.StatusFound && strings.HasPrefix(p.location, rpRedirect) && strings.Contains(p.location, "error=") {
					continue // told to the (registered) client, as RFC 6749 4.1.2.1 wants
				}
				t.Fatalf("%s: %d → %q", name, p.status, p.location)
			}
			if !strings.Contains(p.header.Get("Content-Type"), "text/html") {
				t.Fatalf("%s: %s\n%s", name, p.header.Get("Content-Type"), p.body)
			}
			p.has(t, "ورود یکپارچه انجام نشد", "درگاه کاربری سامانه امتا", `href="/"`)
			if strings.Contains(p.body, "If you have any questions") {
				t.Fatalf("%s: English on the page", name)
			}
		}
		// A page about a registered client offers the way back to it.
		b.get(spa.authURL()).has(t, `href="http://spa.example/" id="back-to-client"`)
	})
}
