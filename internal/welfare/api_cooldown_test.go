package welfare

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

// apiCall posts JSON to the welfare API of a server on e, with a store's
// key; it returns the status, the Retry-After header and the JSON body.
type apiCall func(path string, body any) (int, string, map[string]any)

func apiStore(t *testing.T, e *env) apiCall {
	t.Helper()
	id := must(e.s.ProposeMerchant(ctxb(), e.admin, "", NewMerchant{Name: "فروشگاه کوروش", Kind: MerchantOnline, City: "تهران", Category: "لوازم خانگی", Website: "https://kourosh.example.ir"}))
	key := must(e.s.DecideMerchant(ctxb(), e.admin, "", id, true))
	srv, err := web.NewServer(web.Options{DB: e.d, SecretKey: webtest.Key, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if err := Routes(srv, e.s, e.ids); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return func(path string, body any) (int, string, map[string]any) {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out := map[string]any{}
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, res.Header.Get("Retry-After"), out
	}
}

// A second purchase for the same customer within the SMS cool-down, and a
// /resend during it, answer 429 with the purchase and the wait (JSON and
// Retry-After), never a 500; after the wait /resend sends the code and the
// purchase can be confirmed.
func TestAPICooldownAnswers429WithThePurchaseAndTheWait(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, _ := openAccount(t, e, 6)
		call := apiStore(t, e)
		code, _, first := call("/api/welfare/purchases", map[string]any{"customer": emp.Mobile, "amount": 3_000_000, "installments": 3, "idempotency_key": "a-1"})
		if code != http.StatusOK {
			t.Fatalf("first purchase: %d %v", code, first)
		}
		e.clock.Advance(20 * time.Second)
		code, retry, second := call("/api/welfare/purchases", map[string]any{"customer": emp.NationalCode, "amount": 1_500_000, "installments": 3, "idempotency_key": "a-2"})
		if code != http.StatusTooManyRequests || second["code"] != CodeCooldown || retry != "40" || second["retry_after"] != float64(40) {
			t.Fatalf("second purchase within the cool-down: %d Retry-After %q %v", code, retry, second)
		}
		msg, _ := second["message"].(string)
		pid, _ := second["purchase_id"].(float64)
		if pid == 0 || pid == first["id"] || !bytes.ContainsRune([]byte(msg), 'ث') {
			t.Fatalf("the refusal names no new purchase or no Persian message: %v", second)
		}
		resend := "/api/welfare/purchases/" + strconv.Itoa(int(pid)) + "/resend"
		e.clock.Advance(30 * time.Second)
		code, retry, out := call(resend, nil)
		if code != http.StatusTooManyRequests || retry != "10" || out["purchase_id"] != pid || out["code"] != CodeCooldown {
			t.Fatalf("/resend during the cool-down: %d %q %v", code, retry, out)
		}
		e.clock.Advance(10 * time.Second)
		if code, _, out := call(resend, nil); code != http.StatusOK {
			t.Fatalf("/resend after the wait: %d %v", code, out)
		}
		code, _, done := call(resend[:len(resend)-len("/resend")]+"/confirm", map[string]any{"code": e.lastCode(emp.CustomerID)})
		if code != http.StatusOK || done["status"] != PurchaseConfirmed {
			t.Fatalf("confirm after the resend: %d %v", code, done)
		}
	})
}

// A NUL in a text field of the store API is refused with a 400 and a
// Persian message before anything is stored (PostgreSQL answered 500).
func TestAPIRefusesNULInTextFields(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, _ := openAccount(t, e, 6)
		call := apiStore(t, e)
		for _, body := range []map[string]any{
			{"customer": emp.NationalCode, "amount": 3_000_000, "installments": 3, "idempotency_key": "k\x00"},
			{"customer": emp.NationalCode + "\x00", "amount": 3_000_000, "installments": 3, "idempotency_key": "k-2"},
		} {
			code, _, out := call("/api/welfare/purchases", body)
			if code != http.StatusBadRequest || out["code"] != "bad_text" {
				t.Fatalf("NUL in %v: %d %v", body, code, out)
			}
		}
		if code, _, out := call("/api/welfare/purchases/1/confirm", map[string]any{"code": "12\x003456"}); code != http.StatusBadRequest {
			t.Fatalf("NUL in the code: %d %v", code, out)
		}
		if code, _, out := call("/api/welfare/purchases/1/returns", map[string]any{"amount": 1000, "idempotency_key": "r\x00"}); code != http.StatusBadRequest {
			t.Fatalf("NUL in a return's key: %d %v", code, out)
		}
		var n int
		if err := e.d.QueryRow(ctxb(), "SELECT COUNT(*) FROM welfare_purchases").Scan(&n); err != nil || n != 0 {
			t.Fatalf("purchases stored: %d %v", n, err)
		}
	})
}
