package idp_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pishkhan/internal/idp"
)

func (r *rp) refresh(rt string) (*oauth2.Token, error) {
	return r.cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: rt}).Token()
}

func (r *rp) userinfoWorks(tok *oauth2.Token) bool {
	_, err := r.provider.UserInfo(context.Background(), oauth2.StaticTokenSource(tok))
	return err == nil
}

// Refresh tokens: for a client allowed offline_access, rotated on every
// use; a spent one used again revokes the whole family; the person sees
// them at /idp/grants and revoking the consent ends them.
func TestRefreshTokensRotateAndReuseRevokesTheFamily(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		redirect := "https://app.example/cb"
		secret := e.addClient("app", []string{redirect}, false, idp.ScopeOfflineAccess, idp.ScopeIdentity)
		r := e.rpFor("app", secret, redirect, oidc.ScopeOpenID, idp.ScopeOfflineAccess, idp.ScopeIdentity)
		b := e.browser()
		tok0, idt := b.tokens(r, reza)
		if tok0.RefreshToken == "" {
			t.Fatal("no refresh token for offline_access")
		}
		// Another client cannot spend it, and its try does not spend it.
		other := "https://other.example/cb"
		osecret := e.addClient("other", []string{other}, false, idp.ScopeOfflineAccess)
		if _, err := e.rpFor("other", osecret, other).refresh(tok0.RefreshToken); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
			t.Fatalf("another client's refresh: %v", err)
		}
		// A wrong secret: invalid_client.
		wrong := e.rpFor("app", "wrong", redirect)
		if _, err := wrong.refresh(tok0.RefreshToken); err == nil || !strings.Contains(err.Error(), "invalid_client") {
			t.Fatalf("wrong secret: %v", err)
		}
		tok1, err := r.refresh(tok0.RefreshToken)
		if err != nil {
			t.Fatalf("refresh: %v", err)
		}
		if tok1.RefreshToken == "" || tok1.RefreshToken == tok0.RefreshToken || tok1.AccessToken == tok0.AccessToken {
			t.Fatal("the refresh token was not rotated")
		}
		raw, _ := tok1.Extra("id_token").(string)
		idt1, err := r.provider.Verifier(&oidc.Config{ClientID: "app"}).Verify(context.Background(), raw)
		if err != nil || idt1.Subject != idt.Subject {
			t.Fatalf("ID token of the refresh: %v %v", idt1, err)
		}
		if authTime(t, idt1) != authTime(t, idt) {
			t.Fatal("a refresh moved auth_time")
		}
		if !r.userinfoWorks(tok1) {
			t.Fatal("the refreshed access token does not work")
		}
		tok2, err := r.refresh(tok1.RefreshToken)
		if err != nil {
			t.Fatal(err)
		}
		// The person sees the client's standing access.
		b.get("/idp/grants").want(t, http.StatusOK, "").has(t, "برنامه app", "دسترسی ماندگار در ۱ ورود فعال است")

		// tok1's refresh token, spent, comes back: the family goes.
		if _, err := r.refresh(tok1.RefreshToken); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
			t.Fatalf("reuse: %v", err)
		}
		if _, err := r.refresh(tok2.RefreshToken); err == nil {
			t.Fatal("the family's live refresh token survived a reuse")
		}
		if r.userinfoWorks(tok2) || r.userinfoWorks(tok0) {
			t.Fatal("the family's access tokens survived a reuse")
		}

		// A new sign-in, then the person revokes the consent: it ends.
		r = e.rpFor("app", secret, redirect, oidc.ScopeOpenID, idp.ScopeOfflineAccess, idp.ScopeIdentity)
		tok3, _ := b.tokens(r, reza)
		b.get("/idp/grants").want(t, http.StatusOK, "").has(t, "دسترسی ماندگار در ۱ ورود فعال است")
		b.post("/idp/grants/app/revoke", nil).want(t, http.StatusSeeOther, "/idp/grants")
		if _, err := r.refresh(tok3.RefreshToken); err == nil {
			t.Fatal("a refresh token outlived its revoked consent")
		}
		if r.userinfoWorks(tok3) {
			t.Fatal("an access token outlived its revoked consent")
		}
	})
}

// A native app (public) refreshes without a secret.
func TestPublicClientRefreshes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		redirect := "http://127.0.0.1:5000/cb"
		e.addClient("desk", []string{"http://127.0.0.1/cb"}, true, idp.ScopeOfflineAccess)
		r := e.rpFor("desk", "", redirect, oidc.ScopeOpenID, idp.ScopeOfflineAccess)
		tok, _ := e.browser().tokens(r, narge)
		next, err := r.refresh(tok.RefreshToken)
		if err != nil || next.RefreshToken == "" || next.RefreshToken == tok.RefreshToken {
			t.Fatalf("public refresh: %v", err)
		}
	})
}
