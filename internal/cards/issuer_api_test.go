package cards

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pishkhan/internal/web"
)

func TestIssuerAPI(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		_, acct, ic := e.creditCard(t, 10_000_000)
		srv, err := web.NewServer(web.Options{DB: e.d, SecretKey: testKey, Now: e.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		e.s.IssuerRoutes(srv)
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		_, key, err := e.s.CreatePartner(ctx, "بیمه ملت")
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := e.d.QueryRow(ctx, "SELECT key_hash FROM card_partners").Scan(&stored); err != nil || strings.Contains(stored, key[3:]) {
			t.Fatalf("key stored in clear: %q %v", stored, err)
		}
		post := func(key string, body map[string]any) (int, purchaseAnswer) {
			b, _ := json.Marshal(body)
			req, _ := http.NewRequest("POST", ts.URL+"/api/issuer/purchases", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			if key != "" {
				req.Header.Set("Authorization", "Bearer "+key)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var a purchaseAnswer
			_ = json.NewDecoder(res.Body).Decode(&a)
			return res.StatusCode, a
		}
		body := map[string]any{"card_number": ic.Number, "total": 3_400_000, "cash_share": 680_000,
			"installments": 4, "policy_number": "12345", "idempotency_key": "order-1"}
		for _, bad := range []string{"", "pk_nope", key + "x"} {
			if code, _ := post(bad, body); code != http.StatusUnauthorized {
				t.Fatalf("bad key %q: %d", bad, code)
			}
		}
		code, a := post(key, body)
		if code != 200 || !a.Approved || a.Code != "00" || a.Repeated {
			t.Fatalf("good key: %d %+v", code, a)
		}
		code, again := post(key, body)
		if code != 200 || again.PurchaseID != a.PurchaseID || !again.Repeated {
			t.Fatalf("repeat: %d %+v", code, again)
		}
		// Another partner's same key is its own purchase.
		_, key2, _ := e.s.CreatePartner(ctx, "دیگری")
		if _, b := post(key2, body); b.PurchaseID == a.PurchaseID || !b.Approved {
			t.Fatalf("other partner: %+v", b)
		}
		body["idempotency_key"] = "order-2"
		body["total"] = 10_000_000
		if code, d := post(key, body); code != 200 || d.Approved || d.Code != CodeNoFunds || d.Message == "" {
			t.Fatalf("over limit: %d %+v", code, d)
		}
		// A NUL in any text field (JSON's "\u0000") is refused before
		// anything is stored; PostgreSQL would answer an error (a 500).
		for _, field := range []string{"policy_number", "merchant", "idempotency_key", "card_number"} {
			bad := map[string]any{}
			for k, v := range body {
				bad[k] = v
			}
			bad["idempotency_key"] = "order-nul-" + field
			bad["total"] = 1_000
			bad[field] = "a\u0000b"
			if field == "card_number" {
				bad[field] = ic.Number + "\u0000"
			}
			if code, _ := post(key, bad); code != http.StatusBadRequest {
				t.Fatalf("NUL in %s: %d, want 400", field, code)
			}
		}
		var nuls int
		if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM card_purchases WHERE idempotency_key LIKE 'order-nul-%'").Scan(&nuls); err != nil || nuls != 0 {
			t.Fatalf("%d purchases stored with a NUL (%v)", nuls, err)
		}
		delete(body, "idempotency_key")
		if code, _ := post(key, body); code != http.StatusBadRequest {
			t.Fatalf("no key: %d", code)
		}
		if a := e.checkLedger(t, acct.ID); a.Balance != -2*2_720_000 {
			t.Fatalf("balance %d", a.Balance)
		}
	})
}
