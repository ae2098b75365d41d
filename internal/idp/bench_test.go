package idp_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

// BenchmarkCodeExchange measures authorization-code exchanges per second
// at the token endpoint over HTTP (client authentication, PKCE check, the
// code consumed, an access token stored, an RS256 ID token with the
// identity claims signed), 4 concurrent clients, against the raw RS256
// signing rate of the same key type (RSA-2048, PKCS#1 v1.5, SHA-256) on
// as many goroutines in the same run, the two alternating in five rounds.
// Codes are prepared before the clock starts (each auth request marked done in the database and answered by
// the provider's callback, as after consent).
//
//	go test ./internal/idp -run '^$' -bench CodeExchange -benchtime 300x
//	PISHKHAN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go test ./internal/idp -run '^$' -bench CodeExchange -benchtime 300x
func BenchmarkCodeExchange(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB, ...*db.Schema) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			d := engine.open(b, web.Schema, notify.Schema, identity.Schema, idp.Schema)
			e := newEnv(b, d, nil)
			ctx := context.Background()
			const workers = 4
			verifier := strings.Repeat("v", 43)
			sum := sha256.Sum256([]byte(verifier))
			challenge := base64.RawURLEncoding.EncodeToString(sum[:])
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16},
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

			codes := make([]string, b.N)
			for i := range codes {
				id := fmt.Sprintf("bench%08d%d", i, time.Now().UnixNano())
				if _, err := d.Exec(ctx, `INSERT INTO idp_auth_requests (id, client_id, redirect_uri, state, nonce, scopes, response_type,
					code_challenge, code_challenge_method, subject, auth_time, done, created_at)
					VALUES ($1, $2, $3, 's', 'n', 'openid identity mobile', 'code', $4, 'S256', $5, $6, TRUE, $6)`,
					id, rpID, rpRedirect, challenge, reza.NationalCode, e.clock.Now()); err != nil {
					b.Fatal(err)
				}
				resp, err := client.Get(e.url + "/idp/authorize/callback?id=" + id)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				u, _ := url.Parse(resp.Header.Get("Location"))
				if codes[i] = u.Query().Get("code"); codes[i] == "" {
					b.Fatalf("callback: %d %s", resp.StatusCode, resp.Header.Get("Location"))
				}
			}

			exchange := func(code string) error {
				form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {rpRedirect}, "code_verifier": {verifier}}
				req, _ := http.NewRequest(http.MethodPost, e.issuer+"/oauth/token", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.SetBasicAuth(rpID, rpSecret)
				resp, err := client.Do(req)
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					return fmt.Errorf("token endpoint: %d", resp.StatusCode)
				}
				return nil
			}
			// Warm up: the first exchange makes the signing key.
			if err := e.svc.RotateKey(ctx, nil); err != nil {
				b.Fatal(err)
			}

			// Baseline: raw RS256 signatures with the same key type.
			key, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				b.Fatal(err)
			}
			digest := sha256.Sum256([]byte("header.payload"))
			// parallel runs op for items from..to-1 on the workers and
			// returns how long it took.
			parallel := func(from, to int, op func(i int) error) time.Duration {
				var next atomic.Int64
				next.Store(int64(from))
				var wg sync.WaitGroup
				var failed atomic.Value
				start := time.Now()
				for range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							i := next.Add(1) - 1
							if i >= int64(to) {
								return
							}
							if err := op(int(i)); err != nil {
								failed.Store(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				if err, _ := failed.Load().(error); err != nil {
					b.Fatal(err)
				}
				return time.Since(start)
			}
			// Alternate rounds of exchanges and of as many raw signatures,
			// so that the shared machine's noise falls on both alike.
			const rounds = 5
			var exchangeTime, signTime time.Duration
			b.ResetTimer()
			for r := range rounds {
				from, to := r*len(codes)/rounds, (r+1)*len(codes)/rounds
				exchangeTime += parallel(from, to, func(i int) error { return exchange(codes[i]) })
				signTime += parallel(from, to, func(int) error {
					_, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest[:])
					return err
				})
			}
			b.StopTimer()
			perSec := float64(len(codes)) / exchangeTime.Seconds()
			signsPerSec := float64(len(codes)) / signTime.Seconds()
			b.ReportMetric(perSec, "exchanges/s")
			b.ReportMetric(signsPerSec, "signs/s")
			b.ReportMetric(perSec/signsPerSec, "exchanges/sign")
		})
	}
}
