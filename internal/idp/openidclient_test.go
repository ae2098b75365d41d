package idp_test

import (
	"bufio"
	"io"
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
// introspection and revocation. The script plays the client, this test
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
		r := e.rpFor("node-rp", secret, redirect)
		b := e.browser()

		cmd := exec.Command(node, "run.mjs")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "ISSUER="+e.issuer, "CLIENT_ID=node-rp", "CLIENT_SECRET="+secret, "REDIRECT_URI="+redirect)
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
