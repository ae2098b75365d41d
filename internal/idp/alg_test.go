package idp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"

	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
)

// setAlg registers the test client's id_token_signed_response_alg.
func (e *env) setAlg(t *testing.T, alg string) {
	t.Helper()
	if err := e.svc.EnsureClient(context.Background(), idp.NewClient{ID: rpID, Name: rpName, RedirectURIs: []string{rpRedirect},
		Scopes: []string{idp.ScopeIdentity, idp.ScopeMobile}, IDTokenAlg: alg}, rpSecret); err != nil {
		t.Fatal(err)
	}
}

// jwks fetches the published keys.
func (e *env) jwks(t *testing.T) jose.JSONWebKeySet {
	t.Helper()
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(e.browser().get("/idp/keys").want(t, http.StatusOK, "").body), &set); err != nil {
		t.Fatal(err)
	}
	return set
}

func keysOf(set jose.JSONWebKeySet, alg string) []jose.JSONWebKey {
	var out []jose.JSONWebKey
	for _, k := range set.Keys {
		if k.Algorithm == alg {
			out = append(out, k)
		}
	}
	return out
}

// signedIDToken signs reza in with the test client in b (by SMS the first
// time, then by b's session and remembered consent) and returns the raw ID
// token, checked by go-oidc accepting only alg, and verified again with
// go-jose by the published key its kid names, which must be a key of alg.
func (e *env) signedIDToken(t *testing.T, b *browser, alg string) string {
	t.Helper()
	r := e.rp()
	var final *url.URL
	if b.signedIn {
		p := b.get(r.authURL()).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/authorize/callback")
		final = b.finalRedirect(b.get(p.location))
	} else {
		final = b.signIn(r.authURL(), reza, "grant")
		b.signedIn = true
	}
	tok, err := r.cfg.Exchange(context.Background(), final.Query().Get("code"), oauth2.VerifierOption(r.verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := r.provider.Verifier(&oidc.Config{ClientID: rpID, SupportedSigningAlgs: []string{alg}}).Verify(context.Background(), raw)
	if err != nil {
		t.Fatalf("%s ID token by go-oidc: %v", alg, err)
	}
	if idt.Subject != b.e.sub(rpID, reza) || idt.Nonce != r.nonce {
		t.Fatalf("ID token: sub %s nonce %s", idt.Subject, idt.Nonce)
	}
	if alg != "EdDSA" { // go-oidc knows no at_hash of EdDSA
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			t.Fatalf("at_hash: %v", err)
		}
	}
	e.verifyWithPublished(t, raw, alg)
	return raw
}

func (e *env) verifyWithPublished(t *testing.T, raw, alg string) {
	t.Helper()
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(alg)})
	if err != nil {
		t.Fatalf("parse %s token: %v", alg, err)
	}
	set := e.jwks(t)
	keys := set.Key(jws.Signatures[0].Header.KeyID)
	if len(keys) != 1 || keys[0].Algorithm != alg {
		t.Fatalf("published key %s: %+v", jws.Signatures[0].Header.KeyID, keys)
	}
	if _, err := jws.Verify(keys[0].Key); err != nil {
		t.Fatalf("verify with the published %s key: %v", alg, err)
	}
}

func TestIDTokenAlgorithmIsTheClients(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		// Discovery lists every algorithm served, RS256 first.
		var doc struct {
			Algs []string `json:"id_token_signing_alg_values_supported"`
		}
		json.Unmarshal([]byte(e.browser().get("/idp/.well-known/openid-configuration").want(t, http.StatusOK, "").body), &doc)
		if len(doc.Algs) != 3 || doc.Algs[0] != "RS256" || !contains(doc.Algs, "ES256") || !contains(doc.Algs, "EdDSA") {
			t.Fatalf("id_token_signing_alg_values_supported: %v", doc.Algs)
		}
		b := e.browser()
		// A client that registered nothing gets RS256.
		e.signedIDToken(t, b, "RS256")
		e.setAlg(t, "ES256")
		e.signedIDToken(t, b, "ES256")
		e.setAlg(t, "EdDSA")
		e.signedIDToken(t, b, "EdDSA")
		e.setAlg(t, "RS256")
		e.signedIDToken(t, b, "RS256")
		// One key of each algorithm is published.
		set := e.jwks(t)
		for _, alg := range []string{"RS256", "ES256", "EdDSA"} {
			if n := len(keysOf(set, alg)); n != 1 {
				t.Fatalf("%d %s keys published: %+v", n, alg, set)
			}
		}
	})
}

func TestRotationMakesAKeyOfEveryAlgorithmAndKeepsTheOld(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		e.setAlg(t, "ES256")
		old := e.signedIDToken(t, b, "ES256")
		before := e.jwks(t)
		if err := e.svc.RotateKey(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		after := e.jwks(t)
		for _, alg := range []string{"RS256", "ES256", "EdDSA"} {
			was, now := keysOf(before, alg), keysOf(after, alg)
			if len(was) != 1 || len(now) != 2 || now[1].KeyID != was[0].KeyID || now[0].KeyID == was[0].KeyID {
				t.Fatalf("%s keys: before %d, after %d (want the new one first, the old kept)", alg, len(was), len(now))
			}
		}
		// The new ES256 key signs; the token of the old one still verifies.
		raw := e.signedIDToken(t, b, "ES256")
		jws, _ := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.ES256})
		if kid := jws.Signatures[0].Header.KeyID; kid != keysOf(after, "ES256")[0].KeyID {
			t.Fatalf("signed with %s, not the new key", kid)
		}
		e.verifyWithPublished(t, old, "ES256")
	})
}

func TestAdminChoosesTheIDTokenAlgorithm(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		admin := e.staff(t, "admin1", identity.RoleAdmin)
		admin.get("/staff/idp/clients").want(t, http.StatusOK, "").has(t, `<select id="id_token_alg"`, `<option value="ES256"`)
		admin.post("/staff/idp/clients", url.Values{"id": {"shop"}, "name": {"فروشگاه"}, "redirect_uris": {"https://shop.example/cb"},
			"id_token_alg": {"HS256"}}).want(t, http.StatusUnprocessableEntity, "").has(t, "الگوریتم امضای شناسه‌نامه باید")
		if _, err := e.svc.ClientByID(context.Background(), "shop"); err == nil {
			t.Fatal("a client with a refused algorithm was stored")
		}
		admin.post("/staff/idp/clients", url.Values{"id": {"shop"}, "name": {"فروشگاه"}, "redirect_uris": {"https://shop.example/cb"},
			"id_token_alg": {"ES256"}}).want(t, http.StatusOK, "")
		c, err := e.svc.ClientByID(context.Background(), "shop")
		if err != nil || c.IDTokenAlg != "ES256" {
			t.Fatalf("stored client: %+v %v", c, err)
		}
		// Without a choice the client gets RS256.
		admin.post("/staff/idp/clients", url.Values{"id": {"shop2"}, "name": {"فروشگاه ۲"}, "redirect_uris": {"https://shop.example/cb"}}).want(t, http.StatusOK, "")
		if c, _ := e.svc.ClientByID(context.Background(), "shop2"); c == nil || c.IDTokenAlg != "RS256" {
			t.Fatalf("default algorithm: %+v", c)
		}
	})
}
