package idp_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// A replayed code revokes the tokens issued from it (RFC 6749 §4.1.2);
// a failed client authentication, a wrong verifier or another client's
// credentials do not consume the code.
func TestCodeReplayAndFailedClientAuthentication(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		r := e.rp()
		b := e.browser()
		final, _ := b.signInTo(r, reza, "")
		code := final.Query().Get("code")

		// A wrong secret: invalid_client, and the code is left alone.
		wrong := *r.cfg
		wrong.ClientSecret = "not-the-secret"
		if _, err := wrong.Exchange(ctx, code, oauth2.VerifierOption(r.verifier)); err == nil || !strings.Contains(err.Error(), "invalid_client") {
			t.Fatalf("wrong secret: %v", err)
		}
		// Another client's right credentials: refused, code left alone.
		other := "https://other.example/cb"
		secret := e.addClient("other", []string{other}, false)
		o := e.rpFor("other", secret, rpRedirect)
		if _, err := o.cfg.Exchange(ctx, code, oauth2.VerifierOption(r.verifier)); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
			t.Fatalf("another client: %v", err)
		}
		// A wrong verifier: refused, code left alone.
		if _, err := r.cfg.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier())); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
			t.Fatalf("wrong verifier: %v", err)
		}
		tok, _, err := r.exchange(t, code)
		if err != nil {
			t.Fatalf("the rightful exchange after the failures: %v", err)
		}
		if _, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err != nil {
			t.Fatalf("userinfo: %v", err)
		}
		// The replay is refused and the first exchange's token revoked.
		if _, _, err := r.exchange(t, code); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
			t.Fatalf("replay: %v", err)
		}
		if _, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			t.Fatal("the access token of a replayed code still works")
		}
	})
}
