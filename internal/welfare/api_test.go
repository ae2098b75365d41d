package welfare

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

func TestMerchantAPIStartsAndConfirmsWithTheCustomersCode(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, _ := openAccount(t, e, 6)
		id, err := e.s.ProposeMerchant(ctxb(), e.admin, "", NewMerchant{Name: "فروشگاه نقش جهان", Kind: MerchantInPerson, City: "اصفهان", Category: "پوشاک", Address: "چهارباغ"})
		if err != nil {
			t.Fatal(err)
		}
		key, err := e.s.DecideMerchant(ctxb(), e.admin, "", id, true)
		if err != nil {
			t.Fatal(err)
		}
		srv, err := web.NewServer(web.Options{DB: e.d, SecretKey: webtest.Key, Now: e.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		if err := Routes(srv, e.s, e.ids); err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		call := func(path, key string, body any) (int, map[string]any) {
			t.Helper()
			b, _ := json.Marshal(body)
			req, _ := http.NewRequest(http.MethodPost, ts.URL+path, bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			if key != "" {
				req.Header.Set("Authorization", "Bearer "+key)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			out := map[string]any{}
			json.NewDecoder(res.Body).Decode(&out)
			return res.StatusCode, out
		}
		start := map[string]any{"customer": emp.Mobile, "amount": 6_000_000, "installments": 3, "idempotency_key": "order-1"}
		if code, _ := call("/api/welfare/purchases", "wk_wrong", start); code != http.StatusUnauthorized {
			t.Errorf("wrong key: %d", code)
		}
		code, p := call("/api/welfare/purchases", key, start)
		if code != http.StatusOK || p["status"] != PurchasePending || p["monthly_installment"].(float64) != 2_000_000 {
			t.Fatalf("start: %d %v", code, p)
		}
		code, again := call("/api/welfare/purchases", key, start)
		if code != http.StatusOK || again["id"] != p["id"] {
			t.Fatalf("same key again: %d %v", code, again)
		}
		path := "/api/welfare/purchases/" + jsonID(p) + "/confirm"
		if code, out := call(path, key, map[string]any{"code": "12"}); code != http.StatusUnprocessableEntity || out["code"] != ErrWrongCode.Code {
			t.Errorf("wrong code: %d %v", code, out)
		}
		if a := e.account(emp); a.Used != 0 {
			t.Fatalf("charged before the right code: %+v", a)
		}
		code, done := call(path, key, map[string]any{"code": e.lastCode(emp.CustomerID)})
		if code != http.StatusOK || done["status"] != PurchaseConfirmed {
			t.Fatalf("confirm: %d %v", code, done)
		}
		if a := e.account(emp); a.Used != 6_000_000 || a.MonthUsed != 2_000_000 {
			t.Errorf("account after the API purchase: %+v", a)
		}
	})
}

func jsonID(m map[string]any) string {
	b, _ := json.Marshal(m["id"])
	return string(b)
}
