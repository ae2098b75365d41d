package idp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pishkhan/internal/idp"
)

// Discovery advertises exactly what is served: each advertised thing is
// tried here, and each thing served is advertised.
func TestDiscoveryIsHonest(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		b := e.browser()
		var doc map[string]any
		dp := b.get("/idp/.well-known/openid-configuration").want(t, http.StatusOK, "")
		if err := json.Unmarshal([]byte(dp.body), &doc); err != nil {
			t.Fatal(err)
		}
		if dp.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Error("discovery is not readable from a single-page app's origin")
		}
		list := func(k string) []string {
			var out []string
			for _, v := range doc[k].([]any) {
				out = append(out, v.(string))
			}
			return out
		}
		same := func(k string, want ...string) {
			t.Helper()
			got := list(k)
			if !slices.Equal(got, want) {
				t.Errorf("%s = %v, want %v", k, got, want)
			}
		}
		same("response_types_supported", "code")
		same("grant_types_supported", "authorization_code", "refresh_token")
		same("subject_types_supported", "pairwise")
		same("scopes_supported", "openid", idp.ScopeIdentity, idp.ScopeMobile, idp.ScopeOfflineAccess)
		same("code_challenge_methods_supported", "S256")
		same("introspection_endpoint_auth_methods_supported", "client_secret_basic", "client_secret_post")
		for _, k := range []string{"device_authorization_endpoint", "check_session_iframe", "request_object_signing_alg_values_supported",
			"token_endpoint_auth_signing_alg_values_supported", "introspection_endpoint_auth_signing_alg_values_supported",
			"revocation_endpoint_auth_signing_alg_values_supported"} {
			if v, ok := doc[k]; ok && v != nil && v != "" {
				t.Errorf("%s advertised: %v", k, v)
			}
		}
		if doc["request_parameter_supported"] == true {
			t.Error("request objects advertised")
		}
		// Every advertised scope is allowable and named for the person.
		for _, sc := range list("scopes_supported") {
			if !idp.KnownScope(sc) || strings.HasPrefix(idp.ScopeTitle(sc), "دسترسی «") {
				t.Errorf("scope %s advertised but not served", sc)
			}
		}

		// A sign-in with every scope: the claims issued are the claims
		// advertised, no more, no fewer.
		redirect := "https://all.example/cb"
		secret := e.addClient("all", []string{redirect}, false, idp.ScopeIdentity, idp.ScopeMobile, idp.ScopeOfflineAccess)
		r := e.rpFor("all", secret, redirect, list("scopes_supported")...)
		if r.provider.Endpoint().TokenURL != doc["token_endpoint"] {
			t.Fatal("go-oidc read another token endpoint")
		}
		tok, idt := b.tokens(r, reza) // authorization_endpoint, token_endpoint, jwks_uri, code + PKCE S256
		issued := map[string]bool{}
		var claims map[string]any
		idt.Claims(&claims)
		for k := range claims {
			issued[k] = true
		}
		ui, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)) // userinfo_endpoint
		if err != nil {
			t.Fatal(err)
		}
		ui.Claims(&claims)
		for k := range claims {
			issued[k] = true
		}
		var got []string
		for k := range issued {
			got = append(got, k)
		}
		sort.Strings(got)
		advertised := list("claims_supported")
		sort.Strings(advertised)
		if !slices.Equal(got, advertised) {
			t.Errorf("claims issued %v\nadvertised %v", got, advertised)
		}
		// The signing algorithms advertised each sign an ID token.
		b.tokens(e.rp(), reza) // the guide's client, whose algorithm is set below, consented
		b.signedIn = true
		for _, alg := range list("id_token_signing_alg_values_supported") {
			e.setAlg(t, alg)
			e.verifyWithPublished(t, e.signedIDToken(t, b, alg), alg)
		}
		// refresh_token grant.
		next, err := r.refresh(tok.RefreshToken)
		if err != nil {
			t.Fatalf("refresh_token grant: %v", err)
		}
		// introspection_endpoint and revocation_endpoint, by their advertised paths.
		introspection := strings.TrimPrefix(doc["introspection_endpoint"].(string), e.issuer)
		if status, m := e.postForm(t, introspection, "all", secret, url.Values{"token": {next.AccessToken}}); status != 200 || m["active"] != true {
			t.Fatalf("introspection_endpoint: %d %v", status, m)
		}
		revocation := strings.TrimPrefix(doc["revocation_endpoint"].(string), e.issuer)
		if status, _ := e.postForm(t, revocation, "all", secret, url.Values{"token": {next.RefreshToken}}); status != 200 {
			t.Fatalf("revocation_endpoint: %d", status)
		}
		if status, m := e.postForm(t, introspection, "all", secret, url.Values{"token": {next.AccessToken}}); status != 200 || m["active"] != false {
			t.Fatalf("after revocation: %d %v", status, m)
		}
		// Grant types not advertised are refused as unsupported.
		for _, g := range []string{"implicit", "client_credentials", "password", "urn:ietf:params:oauth:grant-type:jwt-bearer",
			"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange"} {
			if status, m := e.postForm(t, "/oauth/token", "all", secret, url.Values{"grant_type": {g}}); status != 400 || m["error"] != "unsupported_grant_type" {
				t.Errorf("grant %s: %d %v", g, status, m)
			}
		}
		// Device authorization is not served.
		if status, _ := e.postForm(t, "/device_authorization", "all", secret, url.Values{"scope": {"openid"}}); status != http.StatusNotFound {
			t.Errorf("device authorization: %d", status)
		}
		// id_token response types are refused.
		for _, rt := range []string{"id_token", "id_token token", "code id_token"} {
			p := b.get(r.cfg.AuthCodeURL(r.state, oidc.Nonce("n"), oauth2.S256ChallengeOption(r.verifier), oauth2.SetAuthURLParam("response_type", rt)))
			if p.status == http.StatusFound && strings.Contains(p.location, "code=") || p.status == http.StatusFound && strings.HasPrefix(p.location, "/idp/signin/") {
				t.Errorf("response_type %s served: %s", rt, p.location)
			}
		}
	})
}
