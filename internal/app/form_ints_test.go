package app_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pishkhan/internal/db"
)

// Integers beyond what a field can mean — beyond int64
// (99999999999999999999) or beyond PostgreSQL's INTEGER (2147483648) —
// typed into one numeric field of an otherwise well-filled form: refused
// in Persian on both engines, never a 500 (issue 16). The sweep
// (form_sweep_test.go) puts them in every field at once, where most forms
// stop at their first check; these reach the number itself.
func TestOutOfRangeIntegersInOneField(t *testing.T) {
	demoEngines(t, func(t *testing.T, s *server, d *db.DB) {
		ctx := context.Background()
		id := func(q string) string {
			t.Helper()
			var n int64
			if err := d.QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return strconv.FormatInt(n, 10)
		}
		customerID := id("SELECT id FROM customers WHERE national_code = '5678912348'")
		survey := id("SELECT MIN(id) FROM support_surveys WHERE status = 'open'")
		question := id("SELECT MIN(id) FROM support_survey_questions WHERE kind = 'choice' AND survey_id = " + survey)
		subscriber := id("SELECT MIN(id) FROM isp_subscribers")
		var mobile string
		if err := d.QueryRow(ctx, "SELECT mobile FROM customers WHERE national_code = '5678912348'").Scan(&mobile); err != nil || mobile == "" {
			t.Fatalf("the ready customer's mobile %q: %v", mobile, err)
		}

		admin := newPortalClient(t, s.base)
		staffSignInHTTP(t, admin, "admin", "Pishkhan-Staff@1405")
		customer := newPortalClient(t, s.base)
		customer.get("/login")
		customer.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}})
		applicant := newPortalClient(t, s.base)
		applicant.get("/login")
		applicant.post("/login", url.Values{"identifier": {"6123456784"}, "password": {"Kamel#Tulip-2049"}})
		anon := newPortalClient(t, s.base)

		for _, big := range []string{"99999999999999999999", "2147483648", "-2147483649"} {
			cases := []struct {
				c          *portalClient
				page, path string
				form       url.Values
			}{
				{admin, "/staff/customers/" + customerID, "/staff/customers/" + customerID + "/verify-answer",
					url.Values{"question": {big}, "answer": {"تهران"}}},
				{customer, "/surveys/" + survey, "/surveys/" + survey, url.Values{"q" + question: {big}}},
				{admin, "/staff/isp", "/staff/isp/free-charge", url.Values{"free_days": {big}, "free_mb": {"100"}}},
				{admin, "/staff/isp", "/staff/isp/free-charge", url.Values{"free_days": {"2"}, "free_mb": {big}}},
				{admin, "/staff/isp/plans", "/staff/isp/plans", url.Values{"kind": {"service"}, "name": {"طرح آزمایشی"},
					"price": {"1000"}, "days": {big}, "traffic_mb": {"100"}, "speed_kbps": {"512"}, "position": {"1"}}},
				{admin, "/staff/isp/plans", "/staff/isp/plans", url.Values{"kind": {"service"}, "name": {"طرح آزمایشی"},
					"price": {"1000"}, "days": {"30"}, "traffic_mb": {"100"}, "speed_kbps": {big}, "position": {"1"}}},
				{admin, "/staff/isp/subscribers/" + subscriber, "/staff/isp/subscribers/" + subscriber + "/static-ip",
					url.Values{"ip": {"5.6.7.8"}, "ip_monthly": {"100000"}, "ip_months": {big}}},
				{admin, "/staff/support/departments", "/staff/support/targets",
					url.Values{"priority": {"medium"}, "first_answer": {big}, "resolution": {"4"}}},
				{applicant, "/welfare", "/welfare/apply", url.Values{"installments": {big}, "guarantor": {"6234567894"}}},
			}
			for _, tc := range cases {
				tc.c.get(tc.page) // a fresh CSRF token
				code, loc, body := tc.c.post(tc.path, tc.form)
				if code >= 500 {
					t.Errorf("POST %s %v: %d %s %s", tc.path, tc.form, code, loc, webSnippet(body))
				}
			}
			// Account recovery names a security question by number.
			_, _, page := anon.get("/password/forgot")
			m := captchaField.FindStringSubmatch(page)
			if m == nil {
				t.Fatal("the recovery page has no captcha")
			}
			answer, err := captchaDigits(ctx, d, m[1])
			if err != nil {
				t.Fatal(err)
			}
			code, _, body := anon.post("/password/forgot", url.Values{"username": {"5678912348"}, "national_code": {"5678912348"},
				"mobile": {mobile}, "question": {big}, "answer": {"تهران"}, "captcha_id": {m[1]}, "captcha": {answer}})
			if code >= 500 {
				t.Errorf("POST /password/forgot question=%s: %d %s", big, code, webSnippet(body))
			}
		}
	})
}

var (
	inputRE  = regexp.MustCompile(`<input([^>]*)>`)
	selectRE = regexp.MustCompile(`(?s)<select[^>]*\bname="([^"]+)"[^>]*>.*?<option[^>]*\bvalue="([^"]*)"`)
)

// formOn returns the fields of the form on page that posts to action,
// filled as the page shows them (inputs' values, a select's first option).
func formOn(t *testing.T, page, action string) url.Values {
	t.Helper()
	for _, f := range formRE.FindAllStringSubmatch(page, -1) {
		attrs := map[string]string{}
		for _, a := range attrRE.FindAllStringSubmatch(f[1], -1) {
			attrs[a[1]] = html.UnescapeString(a[2])
		}
		if attrs["action"] != action {
			continue
		}
		v := url.Values{}
		for _, in := range inputRE.FindAllStringSubmatch(f[2], -1) {
			a := map[string]string{}
			for _, m := range attrRE.FindAllStringSubmatch(in[1], -1) {
				a[m[1]] = html.UnescapeString(m[2])
			}
			if a["name"] != "" && a["name"] != "csrf_token" && a["type"] != "radio" && a["type"] != "checkbox" {
				v.Set(a["name"], a["value"])
			}
		}
		for _, m := range selectRE.FindAllStringSubmatch(f[2], -1) {
			v.Set(m[1], m[2])
		}
		return v
	}
	t.Fatalf("no form posting to %s", action)
	return nil
}

// The forms the issue names, each filled as its page shows it but for one
// text field holding a NUL byte or invalid UTF-8: refused in Persian (400)
// on both engines, nothing stored.
func TestBadBytesInOneTextField(t *testing.T) {
	demoEngines(t, func(t *testing.T, s *server, d *db.DB) {
		ctx := context.Background()
		id := func(q string) string {
			t.Helper()
			var n int64
			if err := d.QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return strconv.FormatInt(n, 10)
		}
		customerID := id("SELECT id FROM customers WHERE national_code = '5678912348'")
		survey := id("SELECT MIN(id) FROM support_surveys WHERE status = 'open'")
		question := id("SELECT MIN(id) FROM support_survey_questions WHERE survey_id = " + survey)
		subscriber := id("SELECT MIN(id) FROM isp_subscribers")
		admin := newPortalClient(t, s.base)
		staffSignInHTTP(t, admin, "admin", "Pishkhan-Staff@1405")
		customer := newPortalClient(t, s.base)
		customer.get("/login")
		customer.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}})
		cases := []struct {
			c                   *portalClient
			page, action, field string
		}{
			{customer, "/profile", "/profile", "address"},
			{customer, "/surveys/" + survey, "/surveys/" + survey, "q" + question},
			{admin, "/staff/customers/" + customerID, "/staff/customers/" + customerID + "/edit", "first_name"},
			{admin, "/staff/support/surveys", "/staff/support/surveys", "title"},
			{admin, "/staff/isp/subscribers/" + subscriber, "/staff/isp/subscribers/" + subscriber + "/line", "city"},
		}
		for _, bad := range sweepValues[:2] {
			for _, tc := range cases {
				_, _, page := tc.c.get(tc.page)
				form := formOn(t, page, tc.action)
				form.Set(tc.field, "تهران "+bad.value)
				code, _, body := tc.c.post(tc.action, form)
				if code != 400 || !strings.Contains(body, "نویسه‌های نامعتبر") {
					t.Errorf("POST %s with %s in %s: %d %s", tc.action, bad.kind, tc.field, code, webSnippet(body))
				}
			}
		}
		sweepStored(t, d)
	})
}
