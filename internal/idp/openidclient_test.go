package idp_test

import (
	"bufio"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pishkhan/internal/idp"
)

// TestOpenIDClient drives the provider with panva's openid-client 6 (an
// OpenID-certified relying party, from the npm registry, pinned by
// testdata/openidclient/package-lock.json): discovery, code + PKCE, ID
// token validation, userinfo, refresh with rotation, reuse detection,
// introspection, revocation and RP-initiated logout. The script plays the client, this test
// the person. Skipped without node and npm, unless
// PISHKHAN_TEST_OPENID_CLIENT=1 (CI), which makes their absence a failure.
func TestOpenIDClient(t *testing.T) {
	required := os.Getenv("PISHKHAN_TEST_OPENID_CLIENT") == "1"
	node, errNode := exec.LookPath("node")
	npm, errNpm := exec.LookPath("npm")
	if errNode != nil || errNpm != nil {
		if required {
			t.Fatal("PISHKHAN_TEST_OPENID_CLIENT=1 but node or npm is missing")
		}
		t.Skip("node and npm not installed")
	}
	if testing.Short() && !required {
		t.Skip("-short")
	}
	dir := t.TempDir()
	for _, f := range []string{"package.json", "package-lock.json", "run.mjs"} {
		b, err := os.ReadFile(filepath.Join("testdata", "openidclient", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	install := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}
	engines(t, func(t *testing.T, e *env) {
		redirect := "https://rp.example/cb"
		secret := e.addClient("node-rp", []string{redirect}, false, idp.ScopeIdentity, idp.ScopeMobile, idp.ScopeOfflineAccess)
		e.setLogout(t, "node-rp", []string{rpLogout}, "")
		r := e.rpFor("node-rp", secret, redirect)
		b := e.browser()

		cmd := exec.Command(node, "run.mjs")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "ISSUER="+e.issuer, "CLIENT_ID=node-rp", "CLIENT_SECRET="+secret, "REDIRECT_URI="+redirect, "POST_LOGOUT_URI="+rpLogout)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var ok string
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "AUTHORIZE "):
				final, _ := b.signInTo(r, reza, strings.TrimPrefix(line, "AUTHORIZE "))
				io.WriteString(stdin, final.String()+"\n")
			case strings.HasPrefix(line, "LOGOUT "):
				// The person is asked, says «خروج», and is sent back.
				end, err := url.Parse(strings.TrimPrefix(line, "LOGOUT "))
				if err != nil {
					t.Fatal(err)
				}
				b.get(end.RequestURI()).want(t, http.StatusOK, "").has(t, "خروج از سامانه امتا")
				q := end.Query()
				p := b.post("/idp/end_session/confirm", url.Values{"client_id": {"node-rp"},
					"post_logout_redirect_uri": {q.Get("post_logout_redirect_uri")}, "state": {q.Get("state")}})
				b.get("/idp/grants").want(t, http.StatusSeeOther, "/idp/login/") // signed out
				io.WriteString(stdin, p.location+"\n")
			case strings.HasPrefix(line, "OK "):
				ok = strings.TrimPrefix(line, "OK ")
			default:
				t.Log("openid-client: " + line)
			}
		}
		if err := cmd.Wait(); err != nil || ok == "" {
			t.Fatalf("openid-client: %v\n%s", err, stderr.String())
		}
		t.Logf("openid-client passed: %s", ok)
	})
}
