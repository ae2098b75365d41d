package welfare

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// apiAnswer runs apiFailPurchase for purchase 7 and decodes the answer.
func apiAnswer(t *testing.T, err error) (int, http.Header, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	(&Pages{}).apiFailPurchase(rec, httptest.NewRequest(http.MethodPost, "/api/welfare/purchases", nil), 7, err)
	var out map[string]any
	if e := json.Unmarshal(rec.Body.Bytes(), &out); e != nil {
		t.Fatalf("answer %q: %v", rec.Body.String(), e)
	}
	return rec.Code, rec.Header(), out
}

func TestAPIAnswersWelfareCodesAndRejectsOthers(t *testing.T) {
	code, _, out := apiAnswer(t, ErrOverPower)
	if code != http.StatusUnprocessableEntity || out["code"] != "over_power" || out["message"] != msgOverPower {
		t.Errorf("welfare refusal: %d %v", code, out)
	}
	code, _, out = apiAnswer(t, ErrNotFound)
	if code != http.StatusNotFound || out["code"] != "not_found" {
		t.Errorf("not found: %d %v", code, out)
	}
	// Another package's refusal keeps the answer it had: "rejected",
	// whatever its own code.
	other := fa.Refusal("otp", "too_many_tries", "پیام").OnField("code")
	code, _, out = apiAnswer(t, other)
	if code != http.StatusUnprocessableEntity || out["code"] != "rejected" || out["message"] != "پیام" {
		t.Errorf("other refusal: %d %v", code, out)
	}
	code, h, out := apiAnswer(t, codeCooldown(7, 1500*time.Millisecond, errors.New("otp: cooldown")))
	if code != http.StatusTooManyRequests || h.Get("Retry-After") != "2" || out["code"] != CodeCooldown ||
		out["purchase_id"] != float64(7) || out["retry_after"] != float64(2) || !strings.Contains(out["message"].(string), "خرید شماره ۷ ثبت شد") {
		t.Errorf("cool-down: %d %v %v", code, h, out)
	}
}

func TestGuarantorRefusalListsAndSaysEveryRule(t *testing.T) {
	err := guarantorRefused(msgGuarantorRegion, msgGuarantorSalary)
	var fe *fa.Error
	if !errors.Is(err, ErrGuarantor) || !errors.As(err, &fe) {
		t.Fatalf("%v is not ErrGuarantor", err)
	}
	if len(fe.Problems) != 2 || fe.Message != msgGuarantorRegion+" "+msgGuarantorSalary || fe.Field != "guarantor" {
		t.Errorf("refusal: %+v", fe)
	}
	f := web.NewForm(nil)
	if msg, ok := failForm(f, err); !ok || msg != "" || f.Errors["guarantor"] != fe.Message {
		t.Errorf("form: %q %v %v", msg, ok, f.Errors)
	}
}

func TestFailFormPutsOnlyWelfareRefusalsOnFields(t *testing.T) {
	f := web.NewForm(nil)
	if msg, ok := failForm(f, ErrOverCeiling); !ok || msg != "" || f.Errors["installments"] != msgOverCeiling {
		t.Errorf("welfare refusal: %q %v %v", msg, ok, f.Errors)
	}
	f = web.NewForm(nil)
	if msg, ok := failForm(f, fa.Refusal("otp", "x", "پیام").OnField("code")); !ok || msg != "پیام" || len(f.Errors) != 0 {
		t.Errorf("other refusal: %q %v %v", msg, ok, f.Errors)
	}
	if _, ok := failForm(web.NewForm(nil), errors.New("internal")); ok {
		t.Error("an internal error is shown")
	}
}
