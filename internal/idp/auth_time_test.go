package idp_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

func authTime(t *testing.T, idt *oidc.IDToken) time.Time {
	t.Helper()
	var c struct {
		AuthTime int64 `json:"auth_time"`
	}
	if err := idt.Claims(&c); err != nil || c.AuthTime == 0 {
		t.Fatalf("auth_time: %v %v", c, err)
	}
	return time.Unix(c.AuthTime, 0).UTC()
}

// auth_time is when the person was verified (SMS code and registry), not
// when a later sign-in reused the session; max_age and prompt=login force
// a fresh verification, on the consent page as on the way in.
func TestAuthTimeAndMaxAge(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		verifiedAt := e.clock.Now()
		_, idt := b.tokens(e.rp(), reza)
		if got := authTime(t, idt); !got.Equal(verifiedAt) {
			t.Fatalf("auth_time %v, want %v", got, verifiedAt)
		}
		// Ten minutes on, the session signs a second request: same auth_time.
		e.clock.Advance(10 * time.Minute)
		_, idt = b.tokens(e.rp(), reza)
		if got := authTime(t, idt); !got.Equal(verifiedAt) {
			t.Fatalf("auth_time of a session's sign-in %v, want %v", got, verifiedAt)
		}
		withMaxAge := func(r *rp, v string) string {
			return r.cfg.AuthCodeURL(r.state, oidc.Nonce(r.nonce), oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("max_age", v))
		}
		// max_age an hour: the ten-minute-old verification will do.
		r := e.rp()
		if _, verified := b.signInTo(r, reza, withMaxAge(r, "3600")); verified {
			t.Fatal("max_age=3600 asked a verification ten minutes old to verify again")
		}
		// max_age five minutes: verify again, and auth_time is then.
		r = e.rp()
		e.clock.Advance(time.Minute)
		final, verified := b.signInTo(r, reza, withMaxAge(r, "300"))
		if !verified {
			t.Fatal("max_age=300 passed a verification eleven minutes old")
		}
		_, idt, err := r.exchange(t, final.Query().Get("code"))
		if err != nil {
			t.Fatal(err)
		}
		if got := authTime(t, idt); !got.Equal(e.clock.Now()) {
			t.Fatalf("auth_time after max_age %v, want %v", got, e.clock.Now())
		}
		// max_age=0 with a session just verified: no code without a new
		// verification, not even by going to the consent page directly.
		r = e.rp()
		p := b.get(withMaxAge(r, "0")).want(t, http.StatusFound, "/idp/signin/")
		id := strings.TrimPrefix(p.location, "/idp/signin/")
		b.get(p.location).want(t, http.StatusSeeOther, "/idp/login/")
		b.get("/idp/consent/"+id).want(t, http.StatusSeeOther, "/idp/login/")
		if pg := b.post("/idp/consent/"+id, map[string][]string{"decision": {"grant"}}); pg.status != http.StatusSeeOther || !strings.HasPrefix(pg.location, "/idp/login/") {
			t.Fatalf("grant without verification: %d → %s", pg.status, pg.location)
		}
		e.clock.Advance(2 * time.Minute) // past the SMS resend cool-down
		if _, verified := b.signInTo(r, reza, withMaxAge(r, "0")); !verified {
			t.Fatal("max_age=0 gave a code without a sign-in")
		}
		// prompt=none cannot meet max_age=0.
		r = e.rp()
		p = b.get(r.cfg.AuthCodeURL(r.state, oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("max_age", "0"),
			oauth2.SetAuthURLParam("prompt", "none"))).want(t, http.StatusFound, "/idp/signin/")
		if final := b.finalRedirect(b.get(p.location)); final.Query().Get("error") != "login_required" {
			t.Fatalf("prompt=none max_age=0: %s", final)
		}
	})
}
