package idp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pishkhan/internal/idp"
)

// Each client's `sub` is pairwise (OIDC Core 8.1): stable for a client,
// the same for clients of one host, different across hosts, and never the
// national code, which only the identity scope releases.
func TestSubjectsArePairwisePerSector(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		_, guide := b.tokens(e.rp(), reza)
		_, again := b.tokens(e.rp(), reza)
		if guide.Subject == reza.NationalCode || guide.Subject != again.Subject || guide.Subject != e.sub(rpID, reza) {
			t.Fatalf("sub %q then %q (national code %s)", guide.Subject, again.Subject, reza.NationalCode)
		}
		// Another client on the guide's host shares its sector.
		sibling := "https://esaletest.ikco.example/other"
		secret := e.addClient("ikco-parts", []string{sibling}, false, idp.ScopeMobile)
		_, sib := b.tokens(e.rpFor("ikco-parts", secret, sibling, oidc.ScopeOpenID, idp.ScopeMobile), reza)
		if sib.Subject != guide.Subject {
			t.Fatalf("same host, subs %q and %q", sib.Subject, guide.Subject)
		}
		// A client of another host cannot join its users with the guide's.
		elsewhere := "https://bank.example/cb"
		secret = e.addClient("bank", []string{elsewhere}, false)
		tok, other := b.tokens(e.rpFor("bank", secret, elsewhere, oidc.ScopeOpenID), reza)
		if other.Subject == guide.Subject || other.Subject == reza.NationalCode {
			t.Fatalf("another sector got sub %q", other.Subject)
		}
		// Allowed only openid: no national code anywhere.
		var claims map[string]any
		other.Claims(&claims)
		if claims["national_code"] != nil {
			t.Fatalf("openid-only ID token: %v", claims)
		}
		r := e.rpFor("bank", secret, elsewhere)
		ui, err := r.provider.UserInfo(context.Background(), oauth2.StaticTokenSource(tok))
		if err != nil {
			t.Fatal(err)
		}
		var uc map[string]any
		ui.Claims(&uc)
		if ui.Subject != other.Subject || uc["national_code"] != nil {
			t.Fatalf("openid-only userinfo: %v", uc)
		}
		// Two persons of one client: two subjects.
		if e.sub(rpID, narge) == guide.Subject {
			t.Fatal("two persons, one sub")
		}
	})
}

// A client's sector is fixed when it is first stored: moving its redirect
// URIs to another host keeps its subjects, and a client stored before
// pairwise subjects (no sector) gets the one its registration implied.
func TestClientSectorIsStable(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		before := e.sub(rpID, reza)
		if _, err := e.d.Exec(ctx, "UPDATE idp_clients SET sector = '' WHERE id = $1", rpID); err != nil {
			t.Fatal(err)
		}
		if got := e.sub(rpID, reza); got != before {
			t.Fatalf("no stored sector: %q, want %q", got, before)
		}
		// The next store writes it down; then the client moves hosts.
		for _, redirect := range []string{rpRedirect, "https://new-host.example/cb"} {
			if err := e.svc.EnsureClient(ctx, idp.NewClient{ID: rpID, Name: rpName, RedirectURIs: []string{redirect},
				Scopes: []string{idp.ScopeIdentity}}, rpSecret); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.sub(rpID, reza); got != before {
			t.Fatalf("after moving hosts: %q, want %q", got, before)
		}
		// A registered sector_identifier_uri groups hosts — those its
		// owner lists (OIDC Core 8.1: the provider fetches the list).
		sector := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/sector.json":
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `["https://shop-a.example/cb", "https://shop-b.example/cb"]`)
			case "/huge.json":
				io.WriteString(w, `["`+strings.Repeat("x", 70<<10)+`"]`)
			default:
				http.NotFound(w, r)
			}
		}))
		defer sector.Close()
		registrar := idp.New(e.d, nil, idp.Options{Issuer: e.issuer, Key: testKey, Now: e.clock.Now, SectorHTTP: sector.Client()})
		for _, id := range []string{"shop-a", "shop-b"} {
			if _, err := registrar.RegisterClient(ctx, idp.NewClient{ID: id, Name: id, RedirectURIs: []string{"https://" + id + ".example/cb"},
				SectorIdentifierURI: sector.URL + "/sector.json"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if e.sub("shop-a", reza) != e.sub("shop-b", reza) || e.sub("shop-a", reza) == before {
			t.Fatal("sector_identifier_uri does not group the clients")
		}
		// A client the list leaves out cannot join the sector, nor can one
		// whose list is missing, too large or not a list.
		for _, uri := range []string{sector.URL + "/sector.json", sector.URL + "/missing.json", sector.URL + "/huge.json"} {
			_, err := registrar.RegisterClient(ctx, idp.NewClient{ID: "shop-c", Name: "c", RedirectURIs: []string{"https://c.example/cb"},
				SectorIdentifierURI: uri}, nil)
			if !errors.Is(err, idp.ErrSectorList) {
				t.Fatalf("%s: %v, want ErrSectorList", uri, err)
			}
		}
		if _, err := e.svc.ClientByID(ctx, "shop-c"); err == nil {
			t.Fatal("a refused client was stored")
		}
		if _, err := e.svc.RegisterClient(ctx, idp.NewClient{ID: "shop-c", Name: "c", RedirectURIs: []string{"https://c.example/cb"},
			SectorIdentifierURI: "http://shops.example/sector.json"}, nil); err == nil {
			t.Fatal("an http sector_identifier_uri was accepted")
		}
	})
}

// The end-session endpoint takes an id_token_hint that carries a pairwise
// subject: the person is asked, and their «خروج» ends the session.
func TestEndSessionFindsThePersonBehindThePairwiseSubject(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		b := e.browser()
		tok, _ := b.tokens(e.rp(), reza)
		raw, _ := tok.Extra("id_token").(string)
		b.get("/idp/end_session?id_token_hint="+raw+"&client_id="+rpID).want(t, http.StatusOK, "").has(t, "خروج از سامانه امتا")
		b.post("/idp/end_session/confirm", url.Values{"client_id": {rpID}})
		p := b.get(e.rp().authURL()).want(t, http.StatusFound, "/idp/signin/")
		b.get(p.location).want(t, http.StatusSeeOther, "/idp/login/")
	})
}
