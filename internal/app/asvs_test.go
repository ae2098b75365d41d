package app_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

// The OWASP ASVS 4.0.3 level 2 items of authentication (V2), session
// management (V3) and CSRF (4.2.2) that the portal must meet, each
// checked against the running program. Where the guides demand otherwise
// the item says so and checks the guide's rule instead:
//
//   - 2.1.1 asks 12 characters; the registration guide sets 8 for
//     customers, with an uppercase letter and a digit, and no Persian
//     letters. Pishkhan keeps the guide's rule and adds a strength check
//     (zxcvbn 3, 2.1.7); staff, who open the back office, need 12.
//   - 2.5.2 forbids security questions; the ISP guide requires three,
//     answered in Latin letters. They are kept, hashed like passwords
//     (2.4.1), and only ever a second check next to an SMS.
//
// Items proven elsewhere, not repeated here: 2.2.1 across instances
// (TestTwoInstancesShareOnePostgreSQL) and per account (identity's lockout
// tests); 2.7.2, 2.7.3, 2.8.1, 2.8.4 one-time codes of 120 s, used once,
// TOTP without replay (otp's code and TOTP tests, TestPageStaffTwoFactor);
// 3.3.2 idle and absolute timeouts (web's TestSessionsLifecycle, on a
// moved clock).
func TestASVSAuthenticationAndSession(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--demo")
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	const ready, readyPass = "5678912348", "Kamel#Tulip-2049"
	signIn := func(c *portalClient, pass string) (int, string) {
		c.get("/login")
		code, loc, _ := c.post("/login", url.Values{"identifier": {ready}, "password": {pass}})
		return code, loc
	}
	sessionCookie := func(resp *http.Response) *http.Cookie {
		for _, c := range resp.Cookies() {
			if c.Name == "pishkhan_session" || c.Name == "__Host-pishkhan" {
				return c
			}
		}
		return nil
	}

	t.Run("2.1.1 length: staff 12, customers the guide's 8 plus strength", func(t *testing.T) {
		pc := identity.PasswordContext{Staff: true, Username: "x"}
		if p := identity.CheckPassword("Zagros#Peak7", pc); p != nil {
			t.Fatalf("a strong 12-character staff password refused: %q", p)
		}
		if identity.CheckPassword("Zag#Peak7Rx", pc) == nil {
			t.Fatal("an 11-character staff password accepted")
		}
		if identity.CheckPassword("Kx7#mPq2", identity.PasswordContext{}) != nil {
			t.Fatal("the guide's 8-character customer password refused")
		}
	})
	t.Run("2.1.2 and 2.1.3 long passwords, not truncated", func(t *testing.T) {
		long := "Kamel#Tulip-2049 " + strings.Repeat("Persepolis-Zagros-", 6) + "X9"
		if len(long) < 120 || identity.CheckPassword(long, identity.PasswordContext{}) != nil {
			t.Fatalf("a %d-character password refused", len(long))
		}
		c := newPortalClient(t, s.base)
		signIn(c, readyPass)
		c.get("/password")
		if code, _, page := c.post("/password", url.Values{"old_password": {readyPass}, "new_password": {long}, "repeat_password": {long}}); code != 303 {
			t.Fatalf("changing to a long password: %d %s", code, page)
		}
		if code, _ := signIn(newPortalClient(t, s.base), long[:len(long)-1]); code == 303 {
			t.Fatal("the password was truncated: its prefix signs in")
		}
		if code, _ := signIn(newPortalClient(t, s.base), long); code != 303 {
			t.Fatal("the long password does not sign in")
		}
		// 2.2.3: the owner was told by SMS.
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM sms_outbox WHERE reason = $1", identity.PasswordChangedReason).Scan(&n); err != nil || n != 1 {
			t.Fatalf("password-changed SMS: %d %v", n, err)
		}
		c2 := newPortalClient(t, s.base)
		signIn(c2, long)
		c2.get("/password")
		if code, _, _ := c2.post("/password", url.Values{"old_password": {long}, "new_password": {readyPass}, "repeat_password": {readyPass}}); code != 303 {
			t.Fatal("changing back")
		}
	})
	t.Run("2.1.7 common passwords refused", func(t *testing.T) {
		if identity.CheckPassword("Password123", identity.PasswordContext{}) == nil {
			t.Fatal("Password123 accepted")
		}
	})
	t.Run("2.2.1 anti-automation: TestTwoInstancesShareOnePostgreSQL and identity's lockout tests", func(t *testing.T) {
		c := newPortalClient(t, s.base)
		for range 3 {
			c.get("/login")
			c.post("/login", url.Values{"identifier": {"2345678917"}, "password": {"Wrong-Guess-77"}})
		}
		c.get("/login")
		if code, _, page := c.post("/login", url.Values{"identifier": {"2345678917"}, "password": {"2345678917"}}); code != 429 || !strings.Contains(page, "ورود از این نشانی") {
			t.Fatalf("after 3 wrong passwords: %d", code)
		}
		// The lock is this address's; clear it for the items below.
		if _, err := d.Exec(ctx, "DELETE FROM signin_throttle"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("2.4.1 passwords and answers hashed with argon2id", func(t *testing.T) {
		var bad int
		// Chosen and random passwords are hashed; an initial password that
		// is the national code (no secret) is a marker that only opens the
		// forced change, must_change with an expiry (identity.NationalCodePassword).
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM credentials WHERE password_hash NOT LIKE '$argon2id$%' AND NOT (password_hash = $1 AND must_change AND expires_at IS NOT NULL)",
			identity.NationalCodePassword).Scan(&bad); err != nil || bad != 0 {
			t.Fatalf("%d password hashes are not argon2id (%v)", bad, err)
		}
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM security_answers WHERE answer_hash NOT LIKE '$argon2id$%'").Scan(&bad); err != nil || bad != 0 {
			t.Fatalf("%d answer hashes are not argon2id (%v)", bad, err)
		}
	})

	t.Run("3.1.1 the session token never appears in a URL", func(t *testing.T) {
		c := newPortalClient(t, s.base)
		code, loc := signIn(c, readyPass)
		u, _ := url.Parse(s.base)
		for _, ck := range c.c.Jar.Cookies(u) {
			if (ck.Name == "pishkhan_session") && strings.Contains(loc, ck.Value) {
				t.Fatalf("the redirect after sign-in (%d %s) carries the token", code, loc)
			}
		}
	})
	t.Run("3.2.1 3.2.2 a new token of 256 bits at sign-in, whatever the browser brought", func(t *testing.T) {
		jar, _ := cookiejar.New(nil)
		u, _ := url.Parse(s.base)
		planted := "attacker-chosen-token-0123456789abcdef"
		jar.SetCookies(u, []*http.Cookie{{Name: "pishkhan_session", Value: planted, Path: "/"}})
		c := &portalClient{t: t, base: s.base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		c.get("/login")
		form := url.Values{"identifier": {ready}, "password": {readyPass}, "csrf_token": {c.csrf}}
		resp, err := c.c.PostForm(s.base+"/login", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		ck := sessionCookie(resp)
		if ck == nil || ck.Value == planted || len(ck.Value) < 43 {
			t.Fatalf("session cookie after sign-in: %+v", ck)
		}
		// 3.4.2, 3.4.3, 3.4.5: HttpOnly, SameSite, path /.
		if !ck.HttpOnly || ck.SameSite == http.SameSiteNoneMode || ck.SameSite == http.SameSiteDefaultMode || ck.Path != "/" {
			t.Fatalf("session cookie attributes: %+v", ck)
		}
	})
	t.Run("3.3.1 sign-out ends the session on the server", func(t *testing.T) {
		c := newPortalClient(t, s.base)
		signIn(c, readyPass)
		u, _ := url.Parse(s.base)
		old := c.c.Jar.Cookies(u)
		c.get("/profile")
		c.post("/logout", url.Values{})
		// The old cookie, replayed, opens nothing.
		jar, _ := cookiejar.New(nil)
		jar.SetCookies(u, old)
		replay := &portalClient{t: t, base: s.base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		if code, loc, _ := replay.get("/profile"); code != 303 || !strings.HasPrefix(loc, "/login") {
			t.Fatalf("a signed-out session's cookie: %d %s", code, loc)
		}
	})
	t.Run("3.3.3 3.3.4 other sessions end after a password change and on request", func(t *testing.T) {
		a, b := newPortalClient(t, s.base), newPortalClient(t, s.base)
		signIn(a, readyPass)
		signIn(b, readyPass)
		a.get("/activity")
		if code, _, _ := a.post("/activity/sign-out-others", url.Values{}); code != 303 {
			t.Fatalf("sign out others: %d", code)
		}
		if code, _, _ := b.get("/profile"); code != 303 {
			t.Fatalf("the other session still opens the profile: %d", code)
		}
		if code, _, _ := a.get("/profile"); code != 200 {
			t.Fatalf("the session that asked was ended too: %d", code)
		}
	})
	t.Run("3.4.1 3.4.4 Secure and __Host- behind HTTPS", func(t *testing.T) {
		hs := startServe(t, t.TempDir(), "--demo", "--base-url", "https://pishkhan.example")
		// The banner names the public address; the server listens here.
		m := regexp.MustCompile(`is serving on (\S+) `).FindStringSubmatch(hs.stdout.String())
		if m == nil {
			t.Fatalf("no listening address in %q", hs.stdout.String())
		}
		local := "http://" + m[1]
		c := newPortalClient(t, local)
		c.get("/login")
		resp, err := c.c.PostForm(local+"/login", url.Values{"identifier": {ready}, "password": {readyPass}, "csrf_token": {c.csrf}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var ck *http.Cookie
		for _, x := range resp.Cookies() {
			if x.Name == "__Host-pishkhan" {
				ck = x
			}
		}
		if ck == nil || !ck.Secure || ck.Domain != "" || ck.Path != "/" {
			t.Fatalf("behind HTTPS the session cookie is %+v, want __Host-pishkhan, Secure, no Domain, path /", resp.Cookies())
		}
	})
	t.Run("3.7.1 re-authentication: the old password for a change", func(t *testing.T) {
		c := newPortalClient(t, s.base)
		signIn(c, readyPass)
		c.get("/password")
		if code, _, _ := c.post("/password", url.Values{"old_password": {"Not-The-Old-1"}, "new_password": {"Brand-New#Pass-88"}, "repeat_password": {"Brand-New#Pass-88"}}); code == 303 {
			t.Fatal("the password changed without the old one")
		}
	})
	t.Run("4.2.2 CSRF: a post without the token, or from another origin, is refused", func(t *testing.T) {
		c := newPortalClient(t, s.base)
		signIn(c, readyPass)
		resp, err := c.c.PostForm(s.base+"/activity/sign-out-others", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Fatalf("a post without a CSRF token: %d", resp.StatusCode)
		}
		c.get("/activity")
		req, _ := http.NewRequest("POST", s.base+"/activity/sign-out-others", strings.NewReader(url.Values{"csrf_token": {c.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err = c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Fatalf("a cross-site post with a token: %d", resp.StatusCode)
		}
	})
}
