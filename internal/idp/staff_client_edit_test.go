package idp_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
)

// secretWorks asks the revocation endpoint, which authenticates the
// client first: 200 with the right secret, invalid_client with a wrong one.
func (e *env) secretWorks(t *testing.T, secret string) bool {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.issuer+"/revoke", strings.NewReader(url.Values{"token": {"x"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(rpID, url.QueryEscape(secret))
	p := e.browser().do(req)
	switch {
	case p.status == http.StatusOK:
		return true
	case strings.Contains(p.body, "invalid_client"):
		return false
	}
	t.Fatalf("revocation: %d %s", p.status, p.body)
	return false
}

func (e *env) audited(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := e.d.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND detail = $2", action, rpID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The admin's page of a client: every hostile edit is refused next to its
// field with nothing stored; a good edit is stored and audited; the
// client's recent sign-ins are listed with the national code masked.
func TestAdminEditsAClient(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		admin := e.staff(t, "admin1", identity.RoleAdmin)
		admin.get("/staff/idp/clients").want(t, http.StatusOK, "").has(t, `href="/staff/idp/clients/`+rpID+`"`)
		admin.get("/staff/idp/clients/"+rpID).want(t, http.StatusOK, "").has(t, rpName, rpRedirect, "هنوز کسی با این برنامه وارد نشده است")
		admin.get("/staff/idp/clients/nope").want(t, http.StatusNotFound, "").has(t, "برنامه‌ای با این شناسه ثبت نشده است")

		good := url.Values{"name": {"ایران خودرو نو"}, "redirect_uris": {rpRedirect + "\r\nhttps://esaletest.ikco.example/cb2"},
			"post_logout_redirect_uris": {rpLogout}, "backchannel_logout_uri": {"https://esaletest.ikco.example/bc"},
			"scopes": {idp.ScopeMobile}, "id_token_alg": {"ES256"}}
		with := func(k string, v ...string) url.Values {
			out := url.Values{}
			for key, vs := range good {
				out[key] = vs
			}
			out[k] = v
			return out
		}
		for _, c := range []struct {
			what string
			v    url.Values
			text string
		}{
			{"no name", with("name", ""), "نام برنامه را"},
			{"long name", with("name", strings.Repeat("ن", 81)), "نام برنامه را"},
			{"bad redirect", with("redirect_uris", "javascript:alert(1)"), "نشانی بازگشت باید کامل"},
			{"eleven redirects", with("redirect_uris", strings.Repeat("https://a.example/x\n", 10)+"https://a.example/y"), "حداکثر ۱۰ نشانی"},
			{"bad logout URI", with("post_logout_redirect_uris", "https://a.example/#frag"), "نشانی بازگشت پس از خروج"},
			{"long logout URI", with("post_logout_redirect_uris", "https://a.example/"+strings.Repeat("a", 500)), "نشانی بازگشت پس از خروج"},
			{"bad back-channel", with("backchannel_logout_uri", "ftp://a.example/bc"), "نشانی خروج پشت‌صحنه"},
			{"unknown scope", with("scopes", "admin"), "دسترسی درخواستی شناخته شده نیست"},
			{"unknown alg", with("id_token_alg", "none"), "الگوریتم امضای شناسه‌نامه"},
			{"control character", with("name", "ایران\x01خودرو"), "نویسه نامعتبر"},
		} {
			p := admin.post("/staff/idp/clients/"+rpID, c.v)
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, c.text) {
				t.Fatalf("%s: %d\n%s", c.what, p.status, snippet(p.body))
			}
		}
		// NUL and invalid UTF-8 the web kit refuses before the handler.
		for _, bad := range []string{"a\x00b", "\xff"} {
			if p := admin.post("/staff/idp/clients/"+rpID, with("name", bad)); p.status != http.StatusBadRequest {
				t.Fatalf("name %q: %d", bad, p.status)
			}
		}
		if c, _ := e.svc.ClientByID(context.Background(), rpID); c.Name != rpName || len(c.RedirectURIs) != 1 || c.IDTokenAlg != "RS256" {
			t.Fatalf("a refused edit changed the client: %+v", c)
		}
		if n := e.audited(t, "idp.client.edit"); n != 0 {
			t.Fatalf("%d audit rows for refused edits", n)
		}
		if p := admin.post("/staff/idp/clients/nope", good); p.status != http.StatusNotFound {
			t.Fatalf("edit of an unknown client: %d", p.status)
		}

		admin.post("/staff/idp/clients/"+rpID, good).want(t, http.StatusSeeOther, "/staff/idp/clients/"+rpID)
		admin.get("/staff/idp/clients/"+rpID).want(t, http.StatusOK, "").has(t, "تغییرات برنامه ذخیره شد", "ایران خودرو نو", rpLogout,
			"https://esaletest.ikco.example/bc", "https://esaletest.ikco.example/cb2", `value="ES256" selected`)
		c, _ := e.svc.ClientByID(context.Background(), rpID)
		ls, _ := e.svc.ClientLogoutSettings(context.Background(), rpID)
		if c.Name != "ایران خودرو نو" || len(c.RedirectURIs) != 2 || strings.Join(c.Scopes, " ") != "openid mobile" || c.IDTokenAlg != "ES256" ||
			len(ls.PostLogoutRedirectURIs) != 1 || ls.BackchannelLogoutURI != "https://esaletest.ikco.example/bc" {
			t.Fatalf("stored: %+v %+v", c, ls)
		}
		if n := e.audited(t, "idp.client.edit"); n != 1 {
			t.Fatalf("%d audit rows for the edit", n)
		}

		// A sign-in to the client is listed, the national code masked.
		e.setAlg(t, "RS256")
		e.signedIDToken(t, e.browser(), "RS256")
		p := admin.get("/staff/idp/clients/"+rpID).want(t, http.StatusOK, "").has(t, "۰۰۶*****۳۳")
		if strings.Contains(p.body, reza.NationalCode) || strings.Count(p.body, `class="signin"`) != 1 {
			t.Fatalf("sign-ins:\n%s", snippet(p.body))
		}
	})
}

// Rotating a secret shows the new one once; the old one keeps working
// for the overlap (a code exchange with it succeeds), then stops; the
// rotation is audited.
func TestAdminRotatesAClientSecretWithOverlap(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		admin := e.staff(t, "admin1", identity.RoleAdmin)
		if !e.secretWorks(t, rpSecret) || e.secretWorks(t, "wrong") {
			t.Fatal("the probe does not tell secrets apart")
		}
		p := admin.post("/staff/idp/clients/"+rpID+"/secret", nil).want(t, http.StatusOK, "").has(t, "فقط همین یک بار", "۲۴ ساعت")
		m := secretRE.FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("no secret shown:\n%s", snippet(p.body))
		}
		if strings.Contains(admin.get("/staff/idp/clients/"+rpID).body, m[1]) {
			t.Fatal("the secret is shown again")
		}
		if n := e.audited(t, "idp.client.secret.rotate"); n != 1 {
			t.Fatalf("%d audit rows for the rotation", n)
		}
		if !e.secretWorks(t, m[1]) || !e.secretWorks(t, rpSecret) {
			t.Fatal("during the overlap both secrets must work")
		}
		e.signedIDToken(t, e.browser(), "RS256") // a whole code flow with the old secret

		e.clock.Advance(idp.SecretOverlap + time.Second)
		if !e.secretWorks(t, m[1]) || e.secretWorks(t, rpSecret) {
			t.Fatal("after the overlap only the new secret may work")
		}
		// Two rotations in a row: the secret the first replaced stops at
		// once, only the last one replaced overlaps (a new admin session:
		// the first one's ended with the day).
		admin = e.staff(t, "admin2", identity.RoleAdmin)
		rotate := func() string {
			m := secretRE.FindStringSubmatch(admin.post("/staff/idp/clients/"+rpID+"/secret", nil).want(t, http.StatusOK, "").body)
			if m == nil {
				t.Fatal("no secret shown")
			}
			return m[1]
		}
		s2 := rotate()
		s3 := rotate()
		if !e.secretWorks(t, s3) || !e.secretWorks(t, s2) || e.secretWorks(t, m[1]) {
			t.Fatal("after two rotations only the last two secrets may work")
		}
		// A public client has no secret to rotate; an unknown one is 404.
		if _, err := e.svc.RegisterClient(context.Background(), idp.NewClient{ID: "spa", Name: "برنامه تک‌صفحه", RedirectURIs: []string{"https://spa.example/cb"}, Public: true}, nil); err != nil {
			t.Fatal(err)
		}
		admin.post("/staff/idp/clients/spa/secret", nil).want(t, http.StatusBadRequest, "").has(t, "رمز ندارد")
		admin.post("/staff/idp/clients/nope/secret", nil).want(t, http.StatusNotFound, "")
	})
}

// Sign-ins are kept SigninRetention for the admin's page, then removed.
func TestOldSigninsAreRemoved(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		e.signedIDToken(t, e.browser(), "RS256")
		count := func() int {
			s, err := e.svc.RecentSignins(ctx, rpID, 10)
			if err != nil {
				t.Fatal(err)
			}
			return len(s)
		}
		e.clock.Advance(idp.SigninRetention - time.Minute)
		if n, err := e.svc.DeleteOldSignins(ctx); err != nil || n != 0 || count() != 1 {
			t.Fatalf("within retention: deleted %d (%v), left %d", n, err, count())
		}
		e.clock.Advance(2 * time.Minute)
		if n, err := e.svc.DeleteOldSignins(ctx); err != nil || n != 1 || count() != 0 {
			t.Fatalf("after retention: deleted %d (%v), left %d", n, err, count())
		}
	})
}
