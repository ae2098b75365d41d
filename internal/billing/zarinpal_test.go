package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const zpTestMerchant = "1344b5d4-0048-11e8-94db-005056a205be"

// zpFake speaks Zarinpal's v4 JSON: it checks every call as the
// documentation describes it and answers with what the test queued.
type zpFake struct {
	t   *testing.T
	srv *httptest.Server

	// Set before the first gateway() call, which starts the server.
	request  func(w http.ResponseWriter, body zpFakeRequestBody)
	verify   func(w http.ResponseWriter, body zpFakeVerifyBody)
	override http.HandlerFunc // replaces the checks and answers entirely

	mu          sync.Mutex
	calls       []string // paths, in order
	lastRequest zpFakeRequestBody
	lastVerify  zpFakeVerifyBody
}

// The exact field sets of the documented bodies; unknown fields fail.
type zpFakeRequestBody struct {
	MerchantID  string `json:"merchant_id"`
	Amount      int64  `json:"amount"`
	Currency    string `json:"currency"`
	CallbackURL string `json:"callback_url"`
	Description string `json:"description"`
	Metadata    struct {
		Mobile  *string `json:"mobile"`
		OrderID string  `json:"order_id"`
	} `json:"metadata"`
}

type zpFakeVerifyBody struct {
	MerchantID string `json:"merchant_id"`
	Amount     int64  `json:"amount"`
	Authority  string `json:"authority"`
}

func newZPFake(t *testing.T) *zpFake {
	t.Helper()
	f := &zpFake{t: t}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *zpFake) lastBodies() (zpFakeRequestBody, zpFakeVerifyBody, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastRequest, f.lastVerify, append([]string(nil), f.calls...)
}

func (f *zpFake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.calls = append(f.calls, r.URL.Path)
	f.mu.Unlock()
	if f.override != nil {
		f.override(w, r)
		return
	}
	if r.Method != http.MethodPost {
		f.t.Errorf("method = %s, want POST", r.Method)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		f.t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if a := r.Header.Get("Accept"); a != "application/json" {
		f.t.Errorf("Accept = %q, want application/json", a)
	}
	if r.URL.RawQuery != "" {
		f.t.Errorf("unexpected query %q", r.URL.RawQuery)
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	switch r.URL.Path {
	case "/pg/v4/payment/request.json":
		var body zpFakeRequestBody
		if err := dec.Decode(&body); err != nil {
			f.t.Errorf("request body: %v", err)
		}
		f.mu.Lock()
		f.lastRequest = body
		f.mu.Unlock()
		if f.request == nil {
			f.t.Errorf("unexpected request call")
			w.WriteHeader(http.StatusTeapot)
			return
		}
		f.request(w, body)
	case "/pg/v4/payment/verify.json":
		var body zpFakeVerifyBody
		if err := dec.Decode(&body); err != nil {
			f.t.Errorf("verify body: %v", err)
		}
		f.mu.Lock()
		f.lastVerify = body
		f.mu.Unlock()
		if f.verify == nil {
			f.t.Errorf("unexpected verify call")
			w.WriteHeader(http.StatusTeapot)
			return
		}
		f.verify(w, body)
	default:
		f.t.Errorf("unexpected path %q", r.URL.Path)
		http.NotFound(w, r)
	}
}

func (f *zpFake) gateway(t *testing.T, mod func(*ZarinpalConfig)) *Zarinpal {
	t.Helper()
	if f.srv.URL == "" {
		f.srv.Start()
	}
	cfg := ZarinpalConfig{
		MerchantID:  zpTestMerchant,
		BaseURL:     f.srv.URL,
		StartPayURL: f.srv.URL + "/pg/StartPay",
		HTTPClient:  f.srv.Client(),
		Timeout:     5 * time.Second,
	}
	if mod != nil {
		mod(&cfg)
	}
	z, err := NewZarinpal(cfg)
	if err != nil {
		t.Fatalf("NewZarinpal: %v", err)
	}
	return z
}

func zpJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func zpErrorBody(code int, message string) string {
	return fmt.Sprintf(`{"data": [], "errors": {"code": %d, "message": %q, "validations": []}}`, code, message)
}

func zpPayment() PaymentRequest {
	return PaymentRequest{
		OrderID:     42,
		Tracking:    "PK-1404-000042",
		Amount:      1_250_000,
		CallbackURL: "https://pishkhan.example/pay/callback?order=42",
		Description: "تمدید اشتراک",
		Mobile:      "۰۹۱۲ ۱۲۳ ۴۵۶۷",
	}
}

func TestZarinpalRequestSuccess(t *testing.T) {
	f := newZPFake(t)
	f.request = func(w http.ResponseWriter, _ zpFakeRequestBody) {
		zpJSON(w, 200, `{"data": {"code": 100, "message": "Success", "authority": "A0000000000000000000000000000wwOGYpd", "fee_type": "Merchant", "fee": 100}, "errors": []}`)
	}
	z := f.gateway(t, nil)

	red, err := z.Request(context.Background(), zpPayment())
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	got, _, calls := f.lastBodies()
	if len(calls) != 1 || calls[0] != "/pg/v4/payment/request.json" {
		t.Errorf("calls = %v", calls)
	}
	want := Redirect{
		Reference: "A0000000000000000000000000000wwOGYpd",
		URL:       f.srv.URL + "/pg/StartPay/A0000000000000000000000000000wwOGYpd",
		Method:    "GET",
	}
	if red.Reference != want.Reference || red.URL != want.URL || red.Method != want.Method || red.Form != nil {
		t.Errorf("redirect = %+v, want %+v", red, want)
	}
	if got.MerchantID != zpTestMerchant {
		t.Errorf("merchant_id = %q", got.MerchantID)
	}
	if got.Amount != 1_250_000 || got.Currency != "IRR" {
		t.Errorf("amount = %d %q, want 1250000 IRR (rials, explicitly)", got.Amount, got.Currency)
	}
	if got.CallbackURL != "https://pishkhan.example/pay/callback?order=42" {
		t.Errorf("callback_url = %q", got.CallbackURL)
	}
	if got.Description != "تمدید اشتراک" {
		t.Errorf("description = %q", got.Description)
	}
	if got.Metadata.Mobile == nil || *got.Metadata.Mobile != "09121234567" {
		t.Errorf("metadata.mobile = %v, want 09121234567", got.Metadata.Mobile)
	}
	if got.Metadata.OrderID != "PK-1404-000042" {
		t.Errorf("metadata.order_id = %q, want the tracking number", got.Metadata.OrderID)
	}
	if z.Name() != "zarinpal" || z.Label() != "زرین\u200cپال" {
		t.Errorf("Name/Label = %q/%q", z.Name(), z.Label())
	}
}

func TestZarinpalRequestOptionalFields(t *testing.T) {
	f := newZPFake(t)
	f.request = func(w http.ResponseWriter, _ zpFakeRequestBody) {
		zpJSON(w, 200, `{"data": {"code": 100, "message": "Success", "authority": "S0000000000000000000000000000000abcd"}, "errors": []}`)
	}
	z := f.gateway(t, nil)
	p := zpPayment()
	p.Tracking = ""
	p.Description = ""
	p.Mobile = "12345" // not a mobile number: left out rather than failing with -9
	if _, err := z.Request(context.Background(), p); err != nil {
		t.Fatalf("Request: %v", err)
	}
	got, _, _ := f.lastBodies()
	if got.Metadata.Mobile != nil {
		t.Errorf("metadata.mobile = %q, want absent", *got.Metadata.Mobile)
	}
	if got.Metadata.OrderID != "42" {
		t.Errorf("metadata.order_id = %q, want the order ID", got.Metadata.OrderID)
	}
	if got.Description == "" || !strings.Contains(got.Description, "42") {
		t.Errorf("description = %q, want a default naming the order", got.Description)
	}

	// A description over Zarinpal's 500 characters is cut, not refused.
	p.Description = strings.Repeat("ب", 600)
	if _, err := z.Request(context.Background(), p); err != nil {
		t.Fatalf("Request: %v", err)
	}
	got, _, _ = f.lastBodies()
	if n := len([]rune(got.Description)); n != 500 {
		t.Errorf("description has %d characters, want 500", n)
	}
}

func TestZarinpalRequestLocalValidation(t *testing.T) {
	f := newZPFake(t) // no handlers: any call is a test failure
	z := f.gateway(t, nil)
	for name, mod := range map[string]func(*PaymentRequest){
		"zero amount":       func(p *PaymentRequest) { p.Amount = 0 },
		"negative amount":   func(p *PaymentRequest) { p.Amount = -10 },
		"relative callback": func(p *PaymentRequest) { p.CallbackURL = "/pay/callback" },
		"ftp callback":      func(p *PaymentRequest) { p.CallbackURL = "ftp://x.example/cb" },
	} {
		p := zpPayment()
		mod(&p)
		_, err := z.Request(context.Background(), p)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if errors.Is(err, ErrGatewayUnavailable) {
			t.Errorf("%s: %v wraps ErrGatewayUnavailable", name, err)
		}
	}
	if _, _, calls := f.lastBodies(); len(calls) != 0 {
		t.Errorf("calls = %v, want none", calls)
	}
}

// Every documented code, as Zarinpal sends it, is a *ZarinpalError with the
// code and its Persian meaning, and not ErrGatewayUnavailable: the caller
// must not retry a refusal as if the bank were down.
func TestZarinpalRequestErrorCodes(t *testing.T) {
	codes := []int{-9, -10, -11, -12, -13, -14, -15, -16, -17,
		-30, -31, -32, -33, -34, -35, -36, -37, -38, -39, -40, -41,
		-50, -51, -52, -53, -54, -55}
	for _, code := range codes {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			f := newZPFake(t)
			status := http.StatusOK
			body := zpErrorBody(code, "Some English message.")
			if code == -9 {
				// Validation errors come with a 4xx status and a list.
				status = http.StatusUnprocessableEntity
				body = `{"data": [], "errors": {"code": -9, "message": "The input params invalid, validation error.", "validations": [{"amount": "The amount must be at least 1000."}]}}`
			}
			f.request = func(w http.ResponseWriter, _ zpFakeRequestBody) { zpJSON(w, status, body) }
			z := f.gateway(t, nil)

			red, err := z.Request(context.Background(), zpPayment())
			if err == nil {
				t.Fatalf("no error; redirect %+v", red)
			}
			if red.Reference != "" || red.URL != "" || red.Method != "" || red.Form != nil {
				t.Errorf("redirect = %+v, want zero", red)
			}
			var ze *ZarinpalError
			if !errors.As(err, &ze) {
				t.Fatalf("%v (%T) is not a *ZarinpalError", err, err)
			}
			if ze.Code != code || ze.Op != "request" {
				t.Errorf("code/op = %d/%q, want %d/request", ze.Code, ze.Op, code)
			}
			if want, ok := zarinpalMessages[code]; !ok || ze.Message != want {
				t.Errorf("message = %q, want the documented %q", ze.Message, want)
			}
			if !strings.Contains(err.Error(), ze.Message) || !strings.Contains(err.Error(), fmt.Sprint(code)) {
				t.Errorf("Error() = %q lacks code or message", err.Error())
			}
			if errors.Is(err, ErrGatewayUnavailable) {
				t.Errorf("%v wraps ErrGatewayUnavailable", err)
			}
			if code == -9 && !strings.Contains(ze.Detail, "The amount must be at least 1000.") {
				t.Errorf("detail = %q, want the validation list", ze.Detail)
			}
		})
	}
}

func TestZarinpalMessagesCoverBrief(t *testing.T) {
	for _, c := range []int{-9, -10, -11, -12, -15, -16, -30, -31, -32, -33, -34, -35, -40, -50, -51, -52, -53, -54, 100, 101} {
		if m := zarinpalMessages[c]; m == "" {
			t.Errorf("code %d has no message", c)
		}
	}
	if m := ZarinpalMessage(-999); !strings.Contains(m, "-999") {
		t.Errorf("unknown code message = %q", m)
	}
	if codes := ZarinpalCodes(); len(codes) != len(zarinpalMessages) || codes[0] != -55 || codes[len(codes)-1] != 101 {
		t.Errorf("ZarinpalCodes() = %v", codes)
	}
}

func TestZarinpalMerchantIDNeverInErrors(t *testing.T) {
	f := newZPFake(t)
	f.request = func(w http.ResponseWriter, b zpFakeRequestBody) {
		// A hostile or chatty answer echoing the merchant ID, in upper case.
		zpJSON(w, 200, zpErrorBody(-10, "Terminal "+strings.ToUpper(b.MerchantID)+" is not valid"))
	}
	z := f.gateway(t, nil)
	_, err := z.Request(context.Background(), zpPayment())
	var ze *ZarinpalError
	if !errors.As(err, &ze) || ze.Code != -10 {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(strings.ToLower(err.Error()), zpTestMerchant) {
		t.Errorf("error leaks the merchant ID: %q", err.Error())
	}
	if !strings.Contains(err.Error(), "[merchant-id]") {
		t.Errorf("error = %q, want the ID replaced", err.Error())
	}

	if _, err := NewZarinpal(ZarinpalConfig{MerchantID: zpTestMerchant + "x"}); err == nil || strings.Contains(err.Error(), zpTestMerchant) {
		t.Errorf("NewZarinpal error = %v, want one without the ID", err)
	}
}

func TestZarinpalVerify(t *testing.T) {
	const authority = "A0000000000000000000000000000wwOGYpd"
	tests := []struct {
		name string
		body string
		want Verification
	}{
		{
			name: "100 paid",
			body: `{"data": {"wages": [], "code": 100, "message": "Paid", "card_hash": "1EBE3EBEBE35C7EC0F8D6EE4F2F859107A87822CA179BC9528767EA7B5489B69", "card_pan": "502229******5995", "ref_id": 201, "fee_type": "Merchant", "fee": 0}, "errors": []}`,
			want: Verification{Paid: true, RefID: "201", CardMask: "502229******5995", Code: "100", Message: zarinpalMessages[100]},
		},
		{
			name: "101 verified before",
			body: `{"data": {"code": 101, "message": "Verified", "card_hash": "1EBE3EBEBE35C7EC0F8D6EE4F2F859107A87822CA179BC9528767EA7B5489B69", "card_pan": "502229******5995", "ref_id": 59421827101, "fee_type": "Merchant", "fee": 0}, "errors": []}`,
			want: Verification{Paid: true, AlreadyVerified: true, RefID: "59421827101", CardMask: "502229******5995", Code: "101", Message: zarinpalMessages[101]},
		},
		{
			name: "-51 failed",
			body: zpErrorBody(-51, "Session is not valid, session is not active paid try."),
			want: Verification{Code: "-51", Message: zarinpalMessages[-51] + " (Session is not valid, session is not active paid try.)"},
		},
		{
			name: "-50 amount mismatch",
			body: zpErrorBody(-50, "Session is not valid, amounts values is not the same."),
			want: Verification{Code: "-50", Message: zarinpalMessages[-50] + " (Session is not valid, amounts values is not the same.)"},
		},
		{
			name: "-54 invalid authority",
			body: zpErrorBody(-54, "Invalid authority."),
			want: Verification{Code: "-54", Message: zarinpalMessages[-54] + " (Invalid authority.)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newZPFake(t)
			f.verify = func(w http.ResponseWriter, _ zpFakeVerifyBody) { zpJSON(w, 200, tt.body) }
			z := f.gateway(t, nil)
			v, err := z.Verify(context.Background(), VerifyRequest{Reference: authority, Amount: 1_250_000})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if v != tt.want {
				t.Errorf("verification = %+v\nwant %+v", v, tt.want)
			}
			if _, got, _ := f.lastBodies(); got != (zpFakeVerifyBody{MerchantID: zpTestMerchant, Amount: 1_250_000, Authority: authority}) {
				t.Errorf("verify body = %+v", got)
			}
		})
	}
}

// Terminal-level codes say nothing about the payment, so Verify must not
// report it unpaid: the state is unknown and the caller retries.
func TestZarinpalVerifyTerminalCodeIsUnavailable(t *testing.T) {
	for _, code := range []int{-10, -12} {
		f := newZPFake(t)
		f.verify = func(w http.ResponseWriter, _ zpFakeVerifyBody) { zpJSON(w, 200, zpErrorBody(code, "x")) }
		z := f.gateway(t, nil)
		v, err := z.Verify(context.Background(), VerifyRequest{Reference: "A1", Amount: 1000})
		if !errors.Is(err, ErrGatewayUnavailable) {
			t.Fatalf("code %d: err = %v, want ErrGatewayUnavailable", code, err)
		}
		var ze *ZarinpalError
		if !errors.As(err, &ze) || ze.Code != code || ze.Op != "verify" {
			t.Errorf("code %d: err = %v, want a *ZarinpalError with the code", code, err)
		}
		if v != (Verification{}) {
			t.Errorf("code %d: verification = %+v, want zero", code, v)
		}
	}
}

func TestZarinpalBadGateway(t *testing.T) {
	f := newZPFake(t)
	html := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")
	}
	f.request = func(w http.ResponseWriter, _ zpFakeRequestBody) { html(w) }
	f.verify = func(w http.ResponseWriter, _ zpFakeVerifyBody) { html(w) }
	z := f.gateway(t, nil)

	_, err := z.Request(context.Background(), zpPayment())
	if !errors.Is(err, ErrGatewayUnavailable) || !strings.Contains(err.Error(), "502") {
		t.Errorf("Request err = %v, want ErrGatewayUnavailable with the status", err)
	}
	var ze *ZarinpalError
	if errors.As(err, &ze) {
		t.Errorf("Request err %v carries a Zarinpal code", err)
	}
	v, err := z.Verify(context.Background(), VerifyRequest{Reference: "A1", Amount: 1000})
	if !errors.Is(err, ErrGatewayUnavailable) || v.Paid || v.Code != "" {
		t.Errorf("Verify = %+v, %v; want ErrGatewayUnavailable", v, err)
	}
}

// A 5xx is "ask again later" even when its body looks like a refusal: an
// overloaded proxy or a half-failed backend does not speak for the bank.
func TestZarinpal5xxWithJSONBody(t *testing.T) {
	f := newZPFake(t)
	f.request = func(w http.ResponseWriter, _ zpFakeRequestBody) {
		zpJSON(w, http.StatusServiceUnavailable, zpErrorBody(-12, "To many attempts, please try again later."))
	}
	f.verify = func(w http.ResponseWriter, _ zpFakeVerifyBody) {
		zpJSON(w, http.StatusInternalServerError, zpErrorBody(-51, "Session is not valid, session is not active paid try."))
	}
	z := f.gateway(t, nil)
	if _, err := z.Request(context.Background(), zpPayment()); !errors.Is(err, ErrGatewayUnavailable) || !strings.Contains(err.Error(), "503") {
		t.Errorf("Request err = %v, want ErrGatewayUnavailable with the status", err)
	}
	v, err := z.Verify(context.Background(), VerifyRequest{Reference: "A1", Amount: 1000})
	if !errors.Is(err, ErrGatewayUnavailable) || v != (Verification{}) {
		t.Errorf("Verify = %+v, %v; want ErrGatewayUnavailable, not a failed payment", v, err)
	}
}

func TestZarinpalTimeout(t *testing.T) {
	f := newZPFake(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // runs before f.srv.Close
	block := func(r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	f.override = func(w http.ResponseWriter, r *http.Request) { block(r) }
	z := f.gateway(t, func(c *ZarinpalConfig) { c.Timeout = 100 * time.Millisecond })

	start := time.Now()
	_, err := z.Request(context.Background(), zpPayment())
	if !errors.Is(err, ErrGatewayUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Request err = %v, want ErrGatewayUnavailable and DeadlineExceeded", err)
	}
	v, err := z.Verify(context.Background(), VerifyRequest{Reference: "A1", Amount: 1000})
	if !errors.Is(err, ErrGatewayUnavailable) || v.Paid {
		t.Errorf("Verify = %+v, %v; want ErrGatewayUnavailable", v, err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("took %v; the configured timeout was not applied", el)
	}

	// The caller's own deadline counts too.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	z = f.gateway(t, func(c *ZarinpalConfig) { c.Timeout = time.Hour })
	if _, err := z.Verify(ctx, VerifyRequest{Reference: "A1", Amount: 1000}); !errors.Is(err, ErrGatewayUnavailable) {
		t.Errorf("Verify with caller deadline: %v", err)
	}
	if _, _, calls := f.lastBodies(); len(calls) != 3 {
		t.Errorf("calls = %v, want 3", calls)
	}
}

func TestZarinpalNetworkFailure(t *testing.T) {
	f := newZPFake(t)
	z := f.gateway(t, nil)
	f.srv.Close() // nothing listens any more
	_, err := z.Request(context.Background(), zpPayment())
	if !errors.Is(err, ErrGatewayUnavailable) {
		t.Errorf("Request err = %v", err)
	}
	if strings.Contains(err.Error(), zpTestMerchant) {
		t.Errorf("error leaks the merchant ID: %v", err)
	}
	if _, err := z.Verify(context.Background(), VerifyRequest{Reference: "A1", Amount: 1000}); !errors.Is(err, ErrGatewayUnavailable) {
		t.Errorf("Verify err = %v", err)
	}
}

func TestZarinpalMalformedAnswers(t *testing.T) {
	bodies := map[string]struct {
		status int
		body   string
	}{
		"truncated JSON":        {200, `{"data": {"code": 100, "authority": "A00`},
		"not JSON":              {200, `<html>maintenance</html>`},
		"empty":                 {200, ``},
		"no data nor errors":    {200, `{"data": [], "errors": []}`},
		"code as object":        {200, `{"data": {"code": {"x": 1}}, "errors": []}`},
		"404 HTML":              {404, `<html>not found</html>`},
		"4xx without code":      {400, `{"data": [], "errors": []}`},
		"errors object no code": {200, `{"data": [], "errors": {"message": "?"}}`},
	}
	for name, b := range bodies {
		t.Run(name, func(t *testing.T) {
			f := newZPFake(t)
			f.request = func(w http.ResponseWriter, _ zpFakeRequestBody) { zpJSON(w, b.status, b.body) }
			f.verify = func(w http.ResponseWriter, _ zpFakeVerifyBody) { zpJSON(w, b.status, b.body) }
			z := f.gateway(t, nil)
			if _, err := z.Request(context.Background(), zpPayment()); !errors.Is(err, ErrGatewayUnavailable) {
				t.Errorf("Request err = %v, want ErrGatewayUnavailable", err)
			}
			// Above all, an unreadable answer never says "unpaid".
			v, err := z.Verify(context.Background(), VerifyRequest{Reference: "A1", Amount: 1000})
			if !errors.Is(err, ErrGatewayUnavailable) || v != (Verification{}) {
				t.Errorf("Verify = %+v, %v; want ErrGatewayUnavailable", v, err)
			}
		})
	}

	// Success without an authority is no success.
	f := newZPFake(t)
	f.request = func(w http.ResponseWriter, _ zpFakeRequestBody) {
		zpJSON(w, 200, `{"data": {"code": 100, "message": "Success", "authority": ""}, "errors": []}`)
	}
	if _, err := f.gateway(t, nil).Request(context.Background(), zpPayment()); !errors.Is(err, ErrGatewayUnavailable) {
		t.Errorf("empty authority: err = %v", err)
	}
}

func TestNewZarinpalConfig(t *testing.T) {
	z, err := NewZarinpal(ZarinpalConfig{MerchantID: strings.ToUpper(zpTestMerchant)})
	if err != nil {
		t.Fatal(err)
	}
	if z.baseURL != "https://payment.zarinpal.com" || z.startPay != "https://payment.zarinpal.com/pg/StartPay/" {
		t.Errorf("defaults = %q %q", z.baseURL, z.startPay)
	}
	if z.timeout != 20*time.Second || z.client == nil || z.Label() != "زرین‌پال" {
		t.Errorf("defaults: timeout %v client %v label %q", z.timeout, z.client, z.Label())
	}

	z, err = NewZarinpal(ZarinpalConfig{MerchantID: zpTestMerchant, Sandbox: true, Label: "درگاه زرین‌پال"})
	if err != nil {
		t.Fatal(err)
	}
	if z.baseURL != "https://sandbox.zarinpal.com" || z.startPay != "https://sandbox.zarinpal.com/pg/StartPay/" || z.Label() != "درگاه زرین‌پال" {
		t.Errorf("sandbox = %q %q %q", z.baseURL, z.startPay, z.Label())
	}

	// The older documented hosts, set explicitly, win over Sandbox.
	z, err = NewZarinpal(ZarinpalConfig{MerchantID: zpTestMerchant, Sandbox: true,
		BaseURL: "https://api.zarinpal.com/", StartPayURL: "https://www.zarinpal.com/pg/StartPay"})
	if err != nil {
		t.Fatal(err)
	}
	if z.baseURL != "https://api.zarinpal.com" || z.startPay != "https://www.zarinpal.com/pg/StartPay/" {
		t.Errorf("explicit = %q %q", z.baseURL, z.startPay)
	}

	bad := map[string]ZarinpalConfig{
		"empty merchant":       {},
		"short merchant":       {MerchantID: "1344b5d4-0048-11e8-94db"},
		"merchant not hex":     {MerchantID: "1344b5d4-0048-11e8-94db-005056a205bz"},
		"merchant no hyphens":  {MerchantID: "1344b5d4x0048x11e8x94dbx005056a205be"},
		"base with path":       {MerchantID: zpTestMerchant, BaseURL: "https://payment.zarinpal.com/pg/v4"},
		"base relative":        {MerchantID: zpTestMerchant, BaseURL: "payment.zarinpal.com"},
		"base plain http":      {MerchantID: zpTestMerchant, BaseURL: "http://payment.zarinpal.com"},
		"base with user":       {MerchantID: zpTestMerchant, BaseURL: "https://u:p@payment.zarinpal.com"},
		"startpay with query":  {MerchantID: zpTestMerchant, StartPayURL: "https://payment.zarinpal.com/pg/StartPay/?x=1"},
		"startpay plain http":  {MerchantID: zpTestMerchant, StartPayURL: "http://www.zarinpal.com/pg/StartPay/"},
		"startpay bad scheme":  {MerchantID: zpTestMerchant, StartPayURL: "javascript://x/"},
		"negative timeout":     {MerchantID: zpTestMerchant, Timeout: -time.Second},
		"merchant with spaces": {MerchantID: " " + zpTestMerchant[1:]},
	}
	for name, cfg := range bad {
		if _, err := NewZarinpal(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Plain http is fine on loopback, for a local mock.
	if _, err := NewZarinpal(ZarinpalConfig{MerchantID: zpTestMerchant, BaseURL: "http://127.0.0.1:8080", StartPayURL: "http://localhost:8080/pg/StartPay/"}); err != nil {
		t.Errorf("loopback http: %v", err)
	}
}

func TestZarinpalCallback(t *testing.T) {
	tests := []struct {
		query   string
		ref     string
		ok      bool
		comment string
	}{
		{"Authority=A0000000000000000000000000000wwOGYpd&Status=OK", "A0000000000000000000000000000wwOGYpd", true, "paid, per the browser"},
		{"Authority=A0000000000000000000000000000wwOGYpd&Status=NOK", "A0000000000000000000000000000wwOGYpd", false, "cancelled: still verify"},
		{"Authority=S000000000000000000000000000000abcde", "S000000000000000000000000000000abcde", false, "no status"},
		{"authority=A1&status=ok", "A1", true, "lower-case keys"},
		{"Status=OK", "", false, "no authority: nothing to verify"},
		{"", "", false, "empty"},
	}
	for _, tt := range tests {
		q, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		ref, ok := ZarinpalCallback(q)
		if ref != tt.ref || ok != tt.ok {
			t.Errorf("%s (%q): got %q %v, want %q %v", tt.comment, tt.query, ref, ok, tt.ref, tt.ok)
		}
	}
}

func TestZarinpalMobile(t *testing.T) {
	for in, want := range map[string]string{
		"09121234567":      "09121234567",
		"۰۹۱۲۱۲۳۴۵۶۷":      "09121234567",
		"+98 912 123 4567": "09121234567",
		"00989121234567":   "09121234567",
		"9121234567":       "09121234567",
		"02112345678":      "",
		"0912123456":       "",
		"0912-abc-4567":    "",
		"":                 "",
	} {
		if got := zarinpalMobile(in); got != want {
			t.Errorf("zarinpalMobile(%q) = %q, want %q", in, got, want)
		}
	}
}
