package idp_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

// BenchmarkExchangeAndRefresh measures, in one run, code exchanges/s and
// refresh-token grants/s at the token endpoint over HTTP (4 concurrent
// clients, RS256 ID tokens with the identity claims, a client allowed
// offline_access), against the raw RSA-2048 signing rate on as many
// goroutines, the three alternating in five rounds so the shared
// machine's noise falls on all alike. An exchange here also stores a
// refresh token; a refresh spends one (conditional update), stores the
// next of its family and an access token in a transaction, and signs an
// ID token. Each round's refreshes spend the refresh tokens its exchanges
// got.
//
//	PISHKHAN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go test ./internal/idp -run '^$' -bench ExchangeAndRefresh -benchtime 300x -count 3
func BenchmarkExchangeAndRefresh(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB, ...*db.Schema) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) { benchExchangeAndRefresh(b, engine.open) })
	}
}

func benchExchangeAndRefresh(b *testing.B, open func(testing.TB, ...*db.Schema) *db.DB) {
	d := open(b, web.Schema, notify.Schema, identity.Schema, idp.Schema)
	e := newEnv(b, d, nil)
	ctx := context.Background()
	if err := e.svc.EnsureClient(ctx, idp.NewClient{ID: rpID, Name: rpName, RedirectURIs: []string{rpRedirect},
		Scopes: []string{idp.ScopeIdentity, idp.ScopeMobile, idp.ScopeOfflineAccess}}, rpSecret); err != nil {
		b.Fatal(err)
	}
	const workers = 4
	verifier := strings.Repeat("v", 43)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	codes := prepareCodes(b, e, client, challenge, "openid identity mobile offline_access", b.N)
	token := func(form url.Values) (string, error) {
		req, _ := http.NewRequest(http.MethodPost, e.issuer+"/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(rpID, rpSecret)
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var tr struct {
			RefreshToken string `json:"refresh_token"`
			IDToken      string `json:"id_token"`
		}
		json.Unmarshal(body, &tr)
		if resp.StatusCode != http.StatusOK || tr.RefreshToken == "" || tr.IDToken == "" {
			return "", fmt.Errorf("token endpoint: %d %s", resp.StatusCode, body)
		}
		return tr.RefreshToken, nil
	}
	refreshTokens := make([]string, len(codes))
	exchange := func(i int) (err error) {
		refreshTokens[i], err = token(url.Values{"grant_type": {"authorization_code"}, "code": {codes[i]}, "redirect_uri": {rpRedirect}, "code_verifier": {verifier}})
		return err
	}
	refresh := func(i int) error {
		_, err := token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshTokens[i]}})
		return err
	}
	if err := e.svc.RotateKey(ctx, nil); err != nil {
		b.Fatal(err)
	}
	digest := sha256.Sum256([]byte("header.payload"))
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	sign := func(int) error { _, err := rsa.SignPKCS1v15(nil, rsaKey, crypto.SHA256, digest[:]); return err }
	parallel := func(from, to int, op func(i int) error) time.Duration { return runParallel(b, workers, from, to, op) }
	const rounds = 5
	var exchangeTime, refreshTime, signTime time.Duration
	b.ResetTimer()
	for r := range rounds {
		from, to := r*len(codes)/rounds, (r+1)*len(codes)/rounds
		exchangeTime += parallel(from, to, exchange)
		refreshTime += parallel(from, to, refresh)
		signTime += parallel(from, to, sign)
	}
	b.StopTimer()
	n := float64(len(codes))
	signs := n / signTime.Seconds()
	b.ReportMetric(n/exchangeTime.Seconds(), "exchanges/s")
	b.ReportMetric(n/refreshTime.Seconds(), "refreshes/s")
	b.ReportMetric(signs, "signs/s")
	b.ReportMetric(n/exchangeTime.Seconds()/signs, "exchanges/sign")
	b.ReportMetric(n/refreshTime.Seconds()/signs, "refreshes/sign")
}
