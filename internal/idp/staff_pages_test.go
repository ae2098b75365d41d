package idp_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
)

const staffPassword = "Dena-Zagros-Peak-2071"

// staff returns a browser signed in to the back office with roles.
func (e *env) staff(t *testing.T, username string, roles ...string) *browser {
	t.Helper()
	_, once, err := e.ids.CreateStaff(context.Background(), identity.Actor{}, username, "کارمند "+username, roles)
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.get("/staff/login")
	b.post("/staff/login", url.Values{"username": {username}, "password": {once}}).want(t, http.StatusSeeOther, "/staff/password/first")
	b.get("/staff/password/first")
	b.post("/staff/password/first", url.Values{"new_password": {staffPassword}, "repeat_password": {staffPassword}}).want(t, http.StatusSeeOther, "/staff")
	return b
}

var secretRE = regexp.MustCompile(`<code class="ltr">([0-9a-f]{64})</code>`)

func TestAdminRegistersAClientThatCanSignPeopleIn(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		admin := e.staff(t, "admin1", identity.RoleAdmin)
		admin.get("/staff/idp/clients").want(t, http.StatusOK, "").has(t, rpName, e.issuer+"/.well-known/openid-configuration")
		// Refusals next to their fields, nothing stored.
		admin.post("/staff/idp/clients", url.Values{"id": {"Shop!"}, "name": {"فروشگاه"}, "redirect_uris": {"https://shop.example/cb"}}).
			want(t, http.StatusUnprocessableEntity, "").has(t, "شناسه برنامه باید")
		admin.post("/staff/idp/clients", url.Values{"id": {"shop"}, "name": {"فروشگاه"}, "redirect_uris": {"javascript:alert(1)"}}).
			want(t, http.StatusUnprocessableEntity, "").has(t, "نشانی بازگشت باید کامل")
		admin.post("/staff/idp/clients", url.Values{"id": {rpID}, "name": {"دوباره"}, "redirect_uris": {"https://shop.example/cb"}}).
			want(t, http.StatusUnprocessableEntity, "").has(t, "برنامه‌ای با این شناسه ثبت شده است")

		p := admin.post("/staff/idp/clients", url.Values{"id": {"shop"}, "name": {"فروشگاه نمونه"}, "redirect_uris": {"https://shop.example/cb\r\nhttps://shop.example/cb2"},
			"scopes": {idp.ScopeMobile}}).want(t, http.StatusOK, "")
		m := secretRE.FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("no secret shown:\n%s", snippet(p.body))
		}
		if strings.Contains(admin.get("/staff/idp/clients").body, m[1]) {
			t.Fatal("the secret is shown again")
		}
		var audited int
		e.d.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = 'idp.client.register' AND detail = 'shop'").Scan(&audited)
		if audited != 1 {
			t.Fatalf("%d audit rows for the registration", audited)
		}

		// The new client signs a person in; the consent page names it.
		prov, err := oidc.NewProvider(context.Background(), e.issuer)
		if err != nil {
			t.Fatal(err)
		}
		cfg := &oauth2.Config{ClientID: "shop", ClientSecret: m[1], RedirectURL: "https://shop.example/cb2", Endpoint: prov.Endpoint(),
			Scopes: []string{oidc.ScopeOpenID, idp.ScopeMobile, idp.ScopeIdentity}}
		verifier := oauth2.GenerateVerifier()
		b := e.browser()
		login := b.toVerify(cfg.AuthCodeURL("st", oidc.Nonce("nn"), oauth2.S256ChallengeOption(verifier)), reza.PrimaryMobile())
		code, _ := e.lastCode(reza.PrimaryMobile())
		pg := b.post(login+"/verify", url.Values{"code": {code}, "national_code": {reza.NationalCode}, "birth_date": {reza.BirthDate}}).want(t, http.StatusSeeOther, "/idp/consent/")
		c := b.get(pg.location).want(t, http.StatusOK, "").has(t, "مجوز ورود یکپارچه به فروشگاه نمونه", "دسترسی خواندن شماره همراه اصلی")
		// The identity scope was not allowed for this client: it is neither asked nor given.
		if strings.Contains(c.body, "دسترسی خواندن اطلاعات هویتی") {
			t.Fatal("consent asks for a scope the admin did not allow")
		}
		final := b.answerConsentTo(pg.location, "https://shop.example/cb2")
		tok, err := cfg.Exchange(context.Background(), final.Query().Get("code"), oauth2.VerifierOption(verifier))
		if err != nil {
			t.Fatal(err)
		}
		idt, err := prov.Verifier(&oidc.Config{ClientID: "shop"}).Verify(context.Background(), tok.Extra("id_token").(string))
		if err != nil {
			t.Fatal(err)
		}
		var claims map[string]any
		idt.Claims(&claims)
		if claims["mobile"] != reza.PrimaryMobile() || claims["national_code"] != nil {
			t.Fatalf("claims: %v", claims)
		}

		// A disabled client is refused at once.
		admin.post("/staff/idp/clients/shop/disable", url.Values{"disabled": {"true"}}).want(t, http.StatusSeeOther, "/staff/idp/clients")
		if p := b.get(cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier))); p.status != http.StatusBadRequest || p.location != "" {
			t.Fatalf("disabled client: %d %q", p.status, p.location)
		}

		// Support staff do not see the page.
		support := e.staff(t, "support1", identity.RoleSupport)
		if p := support.get("/staff/idp/clients"); p.status == http.StatusOK {
			t.Fatal("support staff opened the clients page")
		}
	})
}

func (b *browser) answerConsentTo(consent, redirect string) *url.URL {
	t := b.e.t
	t.Helper()
	pg := b.post(consent, url.Values{"decision": {"grant"}}).want(t, http.StatusSeeOther, "/idp/authorize/callback")
	pg = b.get(pg.location).want(t, http.StatusFound, redirect)
	u, _ := url.Parse(pg.location)
	return u
}
