package idp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pishkhan/internal/idp"
)

const rpLogout = "https://esaletest.ikco.example/logged-out"

// setLogout registers post-logout URIs and a back-channel URI for the
// test client, keeping the rest of its registration.
func (e *env) setLogout(t *testing.T, clientID string, logoutURIs []string, backchannel string) {
	t.Helper()
	c, err := e.svc.ClientByID(context.Background(), clientID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.UpdateClient(context.Background(), clientID, idp.ClientEdit{Name: c.Name, RedirectURIs: c.RedirectURIs,
		Scopes: c.Scopes, IDTokenAlg: c.IDTokenAlg, PostLogoutRedirectURIs: logoutURIs, BackchannelLogoutURI: backchannel}, nil); err != nil {
		t.Fatal(err)
	}
}

func endSessionURL(v url.Values) string { return "/idp/end_session?" + v.Encode() }

// RP-initiated logout: discovery names the endpoint; a request with the
// client's ID token and a registered URI asks the person, and on «خروج»
// ends the provider session and returns to that URI with state; every
// request that cannot be trusted gets a Persian page and no redirect.
func TestRPInitiatedLogout(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		// A back-channel URI too: the logout queues its token (the jobs
		// are not worked here; backchannel_test.go delivers them).
		e.setLogout(t, rpID, []string{rpLogout}, "https://esaletest.ikco.example/bc")
		queued := func() int {
			var n int
			e.d.QueryRow(context.Background(), "SELECT COUNT(*) FROM river_job WHERE kind = 'idp_backchannel_logout'").Scan(&n)
			return n
		}
		b := e.browser()
		disc := b.get("/idp/.well-known/openid-configuration").want(t, http.StatusOK, "")
		var doc struct {
			EndSession  string `json:"end_session_endpoint"`
			Backchannel bool   `json:"backchannel_logout_supported"`
		}
		json.Unmarshal([]byte(disc.body), &doc)
		if doc.EndSession != e.issuer+"/end_session" || !doc.Backchannel {
			t.Fatalf("discovery: %+v", doc)
		}

		// An EdDSA ID token as the hint: the library's default hint
		// verifier would not know the algorithm.
		e.setAlg(t, "EdDSA")
		hint := e.signedIDToken(t, b, "EdDSA")
		good := url.Values{"id_token_hint": {hint}, "post_logout_redirect_uri": {rpLogout}, "state": {"st-1"}}

		refused := func(what string, v url.Values, text string) {
			t.Helper()
			p := b.get(endSessionURL(v))
			if p.status != http.StatusBadRequest || p.location != "" || !strings.Contains(p.body, text) {
				t.Fatalf("%s: %d → %q\n%s", what, p.status, p.location, snippet(p.body))
			}
		}
		with := func(k, v string) url.Values {
			out := url.Values{}
			for key, vs := range good {
				out[key] = vs
			}
			out.Set(k, v)
			return out
		}
		refused("unregistered URI", with("post_logout_redirect_uri", "https://evil.example/x"), "درگاه کاربری سامانه امتا")
		refused("unregistered URI", with("post_logout_redirect_uri", "https://evil.example/x"), "با نشانی‌های ثبت‌شده برنامه یکسان نیست")
		refused("prefix of a registered URI", with("post_logout_redirect_uri", rpLogout+"/more"), "با نشانی‌های ثبت‌شده برنامه یکسان نیست")
		refused("tampered hint", with("id_token_hint", hint[:len(hint)-4]+"AAAA"), "id_token_hint")
		refused("another client", with("client_id", "other"), "ثبت نشده یا با شناسه‌نامه همراه درخواست یکسان نیست")
		refused("URI without client", url.Values{"post_logout_redirect_uri": {rpLogout}}, "بدون شناسه برنامه")
		// (NUL and invalid UTF-8 the web kit refuses before any handler.)
		refused("NUL in state", with("state", "a\x00b"), "نویسه‌های نامعتبر")
		refused("invalid UTF-8", with("state", "\xff\xfe"), "نویسه‌های نامعتبر")
		refused("long state", with("state", strings.Repeat("s", 501)), "درخواست خروج قابل خواندن نیست")
		b.get("/idp/grants").want(t, http.StatusOK, "") // still signed in

		// The confirmation page names the client, carries the checked
		// request, and lets its form end at the client.
		p := b.get(endSessionURL(good)).want(t, http.StatusOK, "").has(t, "خروج از سامانه امتا", rpName+" درخواست کرده است",
			`name="post_logout_redirect_uri" value="`+rpLogout+`"`, `name="client_id" value="`+rpID+`"`, "ماندن در سامانه امتا")
		if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https://esaletest.ikco.example") {
			t.Fatalf("CSP: %s", csp)
		}
		// A POSTed request (form_post by the RP, no CSRF token of ours) is
		// asked the same way.
		req, _ := http.NewRequest(http.MethodPost, e.url+"/idp/end_session", strings.NewReader(good.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		b.do(req).want(t, http.StatusOK, "").has(t, rpName+" درخواست کرده است")

		// The confirmation's fields are checked again.
		b.post("/idp/end_session/confirm", url.Values{"client_id": {rpID}, "post_logout_redirect_uri": {"https://evil.example/x"}}).
			want(t, http.StatusBadRequest, "")
		b.get("/idp/grants").want(t, http.StatusOK, "")
		if n := queued(); n != 0 {
			t.Fatalf("%d logout tokens queued before the logout", n)
		}

		p = b.post("/idp/end_session/confirm", url.Values{"client_id": {rpID}, "post_logout_redirect_uri": {rpLogout}, "state": {"st-1"}}).
			want(t, http.StatusSeeOther, rpLogout)
		if p.location != rpLogout+"?state=st-1" {
			t.Fatalf("after logout: %s", p.location)
		}
		var sessions int
		e.d.QueryRow(context.Background(), "SELECT COUNT(*) FROM idp_sessions").Scan(&sessions)
		if sessions != 0 || queued() != 1 {
			t.Fatalf("%d provider sessions after logout, %d logout tokens queued", sessions, queued())
		}
		b.get("/idp/grants").want(t, http.StatusSeeOther, "/idp/login/")

		// Signed out already: no question, straight back to the client;
		// with no URI, a page saying so with a way on.
		b.get(endSessionURL(good)).want(t, http.StatusSeeOther, rpLogout+"?state=st-1")
		b.get("/idp/end_session").want(t, http.StatusOK, "").has(t, "از سامانه امتا خارج شدید", `href="/"`)
		// A repeated confirmation (back button) ends nothing more and
		// queues nothing twice.
		b.post("/idp/end_session/confirm", url.Values{"client_id": {rpID}, "post_logout_redirect_uri": {rpLogout}}).want(t, http.StatusSeeOther, rpLogout)
		if n := queued(); n != 1 {
			t.Fatalf("%d logout tokens after a repeated confirmation", n)
		}
	})
}

// The provider's refusals are its own pages: the «سامانه امتا» mark, the
// message, the footer and a way on.
func TestProviderErrorPagesAreBranded(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		for path, status := range map[string]int{"/idp/signin/nope": http.StatusBadRequest, "/idp/login/nope": http.StatusForbidden,
			"/idp/end_session?client_id=nope": http.StatusBadRequest} {
			b.get(path).want(t, status, "").has(t, `class="idp-brand"`, "درگاه کاربری سامانه امتا", "مرکز توسعه تجارت الکترونیکی", `href="/"`)
		}
	})
}
