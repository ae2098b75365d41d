package idp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"

	"pishkhan/internal/idp"
)

// backchannelRP is a relying party's back-channel logout endpoint as
// Back-Channel Logout 1.0 §2.6 has it validate the token: signature by
// the provider's JWKS (go-oidc's remote key set, as an RP would), typ,
// iss, aud, iat, a jti, the event, sub or sid, and no nonce. It answers
// the first delivery 503 (down), then 200.
type backchannelRP struct {
	t      *testing.T
	issuer string
	keys   *oidc.RemoteKeySet
	mu     sync.Mutex
	calls  int
	got    chan map[string]any
	// answer is the status of the n-th delivery (from 1).
	answer func(n int) int
}

func (e *env) backchannelRP(t *testing.T) (*backchannelRP, string) {
	rp := &backchannelRP{t: t, issuer: e.issuer, keys: oidc.NewRemoteKeySet(context.Background(), e.issuer+"/keys"), got: make(chan map[string]any, 10),
		answer: func(n int) int {
			if n == 1 {
				return http.StatusServiceUnavailable
			}
			return http.StatusOK
		}}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return rp, srv.URL + "/backchannel"
}

func (rp *backchannelRP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rp.mu.Lock()
	rp.calls++
	status := rp.answer(rp.calls)
	rp.mu.Unlock()
	raw := r.PostFormValue("logout_token")
	claims, problem := rp.validate(r.Context(), raw)
	if problem != "" {
		rp.t.Errorf("logout token refused: %s\n%s", problem, raw)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	rp.got <- claims
	w.WriteHeader(status)
}

func (rp *backchannelRP) validate(ctx context.Context, raw string) (map[string]any, string) {
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.RS256, jose.ES256, jose.EdDSA})
	if err != nil {
		return nil, "parse: " + err.Error()
	}
	if typ, _ := jws.Signatures[0].Protected.ExtraHeaders[jose.HeaderType].(string); typ != "logout+jwt" {
		return nil, "typ " + typ
	}
	payload, err := rp.keys.VerifySignature(ctx, raw)
	if err != nil {
		return nil, "signature: " + err.Error()
	}
	var c map[string]any
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, "claims: " + err.Error()
	}
	events, _ := c["events"].(map[string]any)
	_, hasEvent := events["http://schemas.openid.net/event/backchannel-logout"]
	iat, _ := c["iat"].(float64)
	switch {
	case c["iss"] != rp.issuer:
		return nil, "iss"
	case c["aud"] != rpID:
		return nil, "aud"
	case iat == 0 || time.Since(time.Unix(int64(iat), 0)) > 5*time.Minute:
		return nil, "iat"
	case c["jti"] == nil || c["jti"] == "":
		return nil, "jti"
	case !hasEvent:
		return nil, "event"
	case c["sub"] == nil && c["sid"] == nil:
		return nil, "sub or sid"
	case c["nonce"] != nil:
		return nil, "nonce present"
	}
	return c, ""
}

func (rp *backchannelRP) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case c := <-rp.got:
		return c
	case <-time.After(60 * time.Second):
		t.Fatal("no logout token delivered")
	}
	return nil
}

// Back-channel logout: signing out at the provider queues, with the
// session's end, a logout token to each client the session signed in to
// that registered a back-channel URI; a job delivers it, and tries again
// (the same token id) when the client is down. A client the session did
// not sign in to hears nothing.
func TestBackchannelLogoutDeliversASignedTokenWithRetries(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rp, bcURL := e.backchannelRP(t)
		e.setLogout(t, rpID, []string{rpLogout}, bcURL)
		// Another client with a back-channel URI, never signed in to.
		other, otherURL := e.backchannelRP(t)
		if _, err := e.svc.RegisterClient(ctx, idp.NewClient{ID: "other", Name: "دیگری", RedirectURIs: []string{"https://other.example/cb"}}, nil); err != nil {
			t.Fatal(err)
		}
		e.setLogout(t, "other", nil, otherURL)

		b := e.browser()
		idSub := subjectOf(t, e.signedIDToken(t, b, "RS256"))
		if err := e.jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stop, c := context.WithTimeout(context.Background(), 10*time.Second)
			defer c()
			e.jobs.Stop(stop)
		}()
		b.get("/idp/grants").want(t, http.StatusOK, "")
		b.post("/idp/signout", url.Values{}).want(t, http.StatusSeeOther, "/")

		// The person is named as the client's ID tokens name them.
		first := rp.next(t)
		if first["sub"] != idSub {
			t.Fatalf("logout token sub %v, ID token sub %s", first["sub"], idSub)
		}
		second := rp.next(t) // the retry after the 503
		if second["jti"] != first["jti"] {
			t.Fatalf("retry carries jti %v, first %v", second["jti"], first["jti"])
		}
		// Delivered: no third try.
		e.waitJob(t, "completed", 2)
		var jobs int
		e.d.QueryRow(ctx, "SELECT COUNT(*) FROM river_job WHERE kind = 'idp_backchannel_logout'").Scan(&jobs)
		other.mu.Lock()
		otherCalls := other.calls
		other.mu.Unlock()
		if jobs != 1 || otherCalls != 0 {
			t.Fatalf("%d jobs; the client not signed in to was called %d times", jobs, otherCalls)
		}
	})
}

// waitJob waits for the one back-channel job to reach state after
// attempts tries.
func (e *env) waitJob(t *testing.T, state string, attempts int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var got string
		var n int
		e.d.QueryRow(context.Background(), "SELECT state, attempt FROM river_job WHERE kind = 'idp_backchannel_logout'").Scan(&got, &n)
		if got == state && n == attempts {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s after %d attempts, want %s after %d", got, n, state, attempts)
		}
		time.Sleep(20 * time.Millisecond) // polling River's table; nothing to wait on
	}
}

// A client that answers 400 cannot process the token: the job is
// cancelled at once, not retried for a day.
func TestBackchannelLogoutRefusedIsNotRetried(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rp, bcURL := e.backchannelRP(t)
		rp.answer = func(int) int { return http.StatusBadRequest }
		e.setLogout(t, rpID, nil, bcURL)
		b := e.browser()
		e.signedIDToken(t, b, "RS256")
		if err := e.jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stop, c := context.WithTimeout(context.Background(), 10*time.Second)
			defer c()
			e.jobs.Stop(stop)
		}()
		b.get("/idp/grants").want(t, http.StatusOK, "")
		b.post("/idp/signout", url.Values{}).want(t, http.StatusSeeOther, "/")
		rp.next(t)
		e.waitJob(t, "cancelled", 1)
	})
}

// Five logouts of one session at once (a double click, two tabs) queue
// one logout token, not five.
func TestConcurrentLogoutsQueueOneToken(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.setLogout(t, rpID, nil, "https://esaletest.ikco.example/bc")
		b := e.browser()
		e.signedIDToken(t, b, "RS256")
		b.get("/idp/grants").want(t, http.StatusOK, "")
		body := url.Values{"csrf_token": {b.csrf}}.Encode()
		var wg sync.WaitGroup
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest(http.MethodPost, e.url+"/idp/signout", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if resp, err := b.c.Do(req); err == nil {
					resp.Body.Close()
				}
			}()
		}
		wg.Wait()
		var n int
		e.d.QueryRow(context.Background(), "SELECT COUNT(*) FROM river_job WHERE kind = 'idp_backchannel_logout'").Scan(&n)
		if n != 1 {
			t.Fatalf("%d logout tokens queued", n)
		}
	})
}

// subjectOf is the sub of a (verified) JWT.
func subjectOf(t *testing.T, raw string) string {
	t.Helper()
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.RS256, jose.ES256, jose.EdDSA})
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Sub string `json:"sub"`
	}
	if err := json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &c); err != nil || c.Sub == "" {
		t.Fatalf("no sub in %s: %v", raw, err)
	}
	return c.Sub
}
