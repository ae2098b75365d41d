package idp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pishkhan/internal/idp"
)

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func containsText(s, sub string) bool { return strings.Contains(s, sub) }

// inquiry answers as the documented inquiry service does.
func inquiry(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer k3y" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/persons/0067891233":
			json.NewEncoder(w).Encode(map[string]any{"national_code": "0067891233", "first_name": "رضا", "last_name": "کریمی",
				"father_name": "عباس", "birth_date": "1369/08/17", "certificate_number": "2231", "certificate_place": "مشهد",
				"certificate_date": "1369/09/02", "gender": "male", "mobiles": []string{"09121110005"}})
		case r.Method == http.MethodGet && r.URL.Path == "/persons/0078912342":
			// A malformed answer: a Latin name.
			json.NewEncoder(w).Encode(map[string]any{"national_code": "0078912342", "first_name": "Narges", "last_name": "حسینی", "birth_date": "1377/07/07"})
		case r.Method == http.MethodGet:
			w.WriteHeader(http.StatusNotFound)
		case r.Method == http.MethodPost && r.URL.Path == "/mobile-match":
			var in struct{ NationalCode, Mobile string }
			json.NewDecoder(r.Body).Decode(&struct {
				NationalCode *string `json:"national_code"`
				Mobile       *string `json:"mobile"`
			}{&in.NationalCode, &in.Mobile})
			json.NewEncoder(w).Encode(map[string]bool{"matched": in.NationalCode == "0067891233" && in.Mobile == "09121110005"})
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	}))
}

func TestHTTPRegistry(t *testing.T) {
	srv := inquiry(t)
	defer srv.Close()
	ctx := context.Background()
	reg := &idp.HTTPRegistry{BaseURL: srv.URL, APIKey: "k3y"}
	p, err := reg.Person(ctx, "0067891233")
	if err != nil || p.FirstName != "رضا" || p.BirthDate != "1369/08/17" || p.PrimaryMobile() != "09121110005" {
		t.Fatalf("person: %+v %v", p, err)
	}
	if _, err := reg.Person(ctx, "0089123451"); !errors.Is(err, idp.ErrNotFound) {
		t.Fatalf("unknown person: %v", err)
	}
	if _, err := reg.Person(ctx, "0078912342"); err == nil {
		t.Fatal("a malformed answer was accepted")
	}
	if ok, err := reg.MobileMatches(ctx, "0067891233", "09121110005"); !ok || err != nil {
		t.Fatalf("match: %v %v", ok, err)
	}
	if ok, err := reg.MobileMatches(ctx, "0067891233", "09121110006"); ok || err != nil {
		t.Fatalf("mismatch: %v %v", ok, err)
	}
	bad := &idp.HTTPRegistry{BaseURL: srv.URL, APIKey: "wrong"}
	if _, err := bad.MobileMatches(ctx, "0067891233", "09121110005"); err == nil {
		t.Fatal("a refused request looked like an answer")
	}
}

// The provider's sign-in works the same with the HTTP registry plugged in.
func TestSignInWithTheHTTPRegistry(t *testing.T) {
	srv := inquiry(t)
	defer srv.Close()
	engines(t, func(t *testing.T, e0 *env) {
		e := newEnv(t, e0.d, &idp.HTTPRegistry{BaseURL: srv.URL, APIKey: "k3y"})
		r := e.rp()
		final := e.browser().signIn(r.authURL(), reza, "grant")
		_, idt, err := r.exchange(t, final.Query().Get("code"))
		if err != nil || idt.Subject != e.sub(rpID, reza) {
			t.Fatalf("%v %v", idt, err)
		}
	})
}
