package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKavenegarKey is the API key the fake server expects. It must never
// appear in an error.
const testKavenegarKey = "5A6B7C8D9E0F-TEST-SECRET-KEY-1234"

// kavenegarRequest is what the fake server saw.
type kavenegarRequest struct {
	method      string
	path        string
	contentType string
	query       string
	form        url.Values // body fields only
}

// fakeKavenegar behaves like Kavenegar's REST API as documented: POST
// /v1/{API-KEY}/sms/send.json and /v1/{API-KEY}/verify/lookup.json with
// form fields, answering {"return":{...},"entries":[...]} and using the
// return status as the HTTP status. respond, when set, replaces the
// documented behaviour after the request is recorded.
type fakeKavenegar struct {
	mu       sync.Mutex
	requests []kavenegarRequest
	respond  http.HandlerFunc
}

func (f *fakeKavenegar) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := kavenegarRequest{
		method:      r.Method,
		path:        r.URL.Path,
		contentType: r.Header.Get("Content-Type"),
		query:       r.URL.RawQuery,
	}
	if err := r.ParseForm(); err == nil {
		rec.form = r.PostForm
	}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	f.mu.Unlock()

	if f.respond != nil {
		f.respond(w, r)
		return
	}

	prefix := "/v1/" + testKavenegarKey + "/"
	switch {
	case r.Method != http.MethodPost:
		writeKavenegar(w, 405, "متد Get/Post اشتباه است", nil)
		return
	case !strings.HasPrefix(r.URL.Path, prefix):
		writeKavenegar(w, 403, "کد شناسائی API-Key معتبر نمی‌باشد", nil)
		return
	}
	form := r.PostForm
	switch strings.TrimPrefix(r.URL.Path, prefix) {
	case "sms/send.json":
		if form.Get("receptor") == "" || form.Get("message") == "" {
			writeKavenegar(w, 406, "پارامترهای اجباری خالی ارسال شده اند", nil)
			return
		}
		sender := form.Get("sender")
		if sender == "" {
			sender = "10004346" // the account's default line
		}
		writeKavenegar(w, 200, "تایید شد", []map[string]any{{
			"messageid":  8792343,
			"message":    form.Get("message"),
			"status":     1,
			"statustext": "در صف ارسال",
			"sender":     sender,
			"receptor":   form.Get("receptor"),
			"date":       1356619709,
			"cost":       120,
		}})
	case "verify/lookup.json":
		if form.Get("receptor") == "" || form.Get("template") == "" || form.Get("token") == "" {
			writeKavenegar(w, 406, "پارامترهای اجباری خالی ارسال شده اند", nil)
			return
		}
		for _, f := range []string{"token", "token2", "token3"} {
			if strings.ContainsAny(form.Get(f), " \n\t") {
				writeKavenegar(w, 431, "ساختار کد صحیح نمی‌باشد", nil)
				return
			}
		}
		writeKavenegar(w, 200, "تایید شد", []map[string]any{{
			"messageid":  8792344,
			"message":    "کد تایید شما " + form.Get("token"),
			"status":     5,
			"statustext": "ارسال به مخابرات",
			"sender":     "2000500666",
			"receptor":   form.Get("receptor"),
			"date":       1356619710,
			"cost":       120,
		}})
	default:
		writeKavenegar(w, 404, "متد نامشخص است", nil)
	}
}

func (f *fakeKavenegar) seen() []kavenegarRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]kavenegarRequest(nil), f.requests...)
}

// writeKavenegar answers the way Kavenegar does: its status code is both
// the HTTP status and return.status.
func writeKavenegar(w http.ResponseWriter, status int, message string, entries any) {
	writeKavenegarHTTP(w, status, status, message, entries)
}

func writeKavenegarHTTP(w http.ResponseWriter, httpStatus, status int, message string, entries any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(httpStatus)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"return":  map[string]any{"status": status, "message": message},
		"entries": entries,
	})
}

// newTestKavenegar starts a fake Kavenegar and a provider pointed at it.
func newTestKavenegar(t *testing.T, fake *fakeKavenegar, mod func(*KavenegarConfig)) *Kavenegar {
	t.Helper()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	cfg := KavenegarConfig{
		APIKey:     testKavenegarKey,
		Sender:     "10004346",
		BaseURL:    srv.URL,
		HTTPClient: srv.Client(),
		Timeout:    5 * time.Second,
	}
	if mod != nil {
		mod(&cfg)
	}
	k, err := NewKavenegar(cfg)
	if err != nil {
		t.Fatalf("NewKavenegar: %v", err)
	}
	return k
}

// providerError asserts that err is a *ProviderError from Kavenegar that
// does not reveal the API key.
func providerError(t *testing.T, err error) *ProviderError {
	t.Helper()
	if err == nil {
		t.Fatal("Send succeeded, want an error")
	}
	assertNoKey(t, err)
	var pe *ProviderError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T (%v) is not a *ProviderError", err, err)
	}
	if pe.Provider != "kavenegar" {
		t.Errorf("Provider = %q, want kavenegar", pe.Provider)
	}
	return pe
}

func assertNoKey(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		if strings.Contains(s, testKavenegarKey) {
			t.Errorf("error reveals the API key: %s", s)
		}
	}
}

func TestKavenegarSendCallsSMSSend(t *testing.T) {
	fake := &fakeKavenegar{}
	k := newTestKavenegar(t, fake, nil)

	got, err := k.Send(context.Background(), Outgoing{LocalID: 42, To: "09123456789", Text: "سلام، پیشخوان"})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	want := Receipt{MessageID: "8792343", Status: "در صف ارسال"}
	if got != want {
		t.Errorf("Receipt = %+v, want %+v", got, want)
	}

	reqs := fake.seen()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.method != http.MethodPost {
		t.Errorf("method = %s, want POST", r.method)
	}
	if want := "/v1/" + testKavenegarKey + "/sms/send.json"; r.path != want {
		t.Errorf("path = %q, want %q", r.path, want)
	}
	if !strings.HasPrefix(r.contentType, "application/x-www-form-urlencoded") {
		t.Errorf("Content-Type = %q, want a form", r.contentType)
	}
	if r.query != "" {
		t.Errorf("query = %q, want the fields in the body only", r.query)
	}
	wantForm := url.Values{
		"receptor": {"09123456789"},
		"message":  {"سلام، پیشخوان"},
		"sender":   {"10004346"},
		"localid":  {"42"},
	}
	if fmt.Sprint(r.form) != fmt.Sprint(wantForm) {
		t.Errorf("form = %v, want %v", r.form, wantForm)
	}
}

func TestKavenegarSendOmitsUnsetSenderAndLocalID(t *testing.T) {
	fake := &fakeKavenegar{}
	k := newTestKavenegar(t, fake, func(c *KavenegarConfig) { c.Sender = "" })

	if _, err := k.Send(context.Background(), Outgoing{To: "09123456789", Text: "hi"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	form := fake.seen()[0].form
	for _, f := range []string{"sender", "localid", "template", "token"} {
		if _, ok := form[f]; ok {
			t.Errorf("form has %s = %q, want it absent", f, form.Get(f))
		}
	}
}

func TestKavenegarRetriedSendKeepsLocalID(t *testing.T) {
	fake := &fakeKavenegar{}
	k := newTestKavenegar(t, fake, nil)
	m := Outgoing{LocalID: 9001, To: "09123456789", Text: "retry me"}
	for i := 0; i < 2; i++ {
		if _, err := k.Send(context.Background(), m); err != nil {
			t.Fatalf("Send #%d: %v", i+1, err)
		}
	}
	for i, r := range fake.seen() {
		if got := r.form.Get("localid"); got != "9001" {
			t.Errorf("request #%d localid = %q, want 9001", i+1, got)
		}
	}
}

func TestKavenegarLookupSendsTemplateAndTokens(t *testing.T) {
	fake := &fakeKavenegar{}
	k := newTestKavenegar(t, fake, nil)

	got, err := k.Send(context.Background(), Outgoing{
		LocalID:  7,
		To:       "09121112233",
		Text:     "کد ورود شما: 123456",
		Template: "pishkhan-otp",
		Tokens:   []string{"123456", "۵دقیقه", "pishkhan"},
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if want := (Receipt{MessageID: "8792344", Status: "ارسال به مخابرات"}); got != want {
		t.Errorf("Receipt = %+v, want %+v", got, want)
	}
	r := fake.seen()[0]
	if want := "/v1/" + testKavenegarKey + "/verify/lookup.json"; r.path != want {
		t.Errorf("path = %q, want %q", r.path, want)
	}
	if r.method != http.MethodPost {
		t.Errorf("method = %s, want POST", r.method)
	}
	wantForm := url.Values{
		"receptor": {"09121112233"},
		"template": {"pishkhan-otp"},
		"token":    {"123456"},
		"token2":   {"۵دقیقه"},
		"token3":   {"pishkhan"},
	}
	if fmt.Sprint(r.form) != fmt.Sprint(wantForm) {
		t.Errorf("form = %v, want %v", r.form, wantForm)
	}
}

func TestKavenegarLookupWithOneToken(t *testing.T) {
	fake := &fakeKavenegar{}
	k := newTestKavenegar(t, fake, nil)
	if _, err := k.Send(context.Background(), Outgoing{To: "09121112233", Template: "otp", Tokens: []string{"4821"}}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	form := fake.seen()[0].form
	if form.Get("token") != "4821" {
		t.Errorf("token = %q, want 4821", form.Get("token"))
	}
	for _, f := range []string{"token2", "token3", "message", "sender", "localid"} {
		if _, ok := form[f]; ok {
			t.Errorf("form has %s, want it absent", f)
		}
	}
}

func TestKavenegarRejectsBadMessagesLocally(t *testing.T) {
	tests := []struct {
		name string
		m    Outgoing
	}{
		{"space in token", Outgoing{To: "09121112233", Template: "otp", Tokens: []string{"12 34"}}},
		{"space in token2", Outgoing{To: "09121112233", Template: "otp", Tokens: []string{"1234", "two words"}}},
		{"newline in token3", Outgoing{To: "09121112233", Template: "otp", Tokens: []string{"1", "2", "3\n4"}}},
		{"tab in token", Outgoing{To: "09121112233", Template: "otp", Tokens: []string{"12\t34"}}},
		{"no-break space in token", Outgoing{To: "09121112233", Template: "otp", Tokens: []string{"12\u00a034"}}},
		{"no tokens", Outgoing{To: "09121112233", Template: "otp"}},
		{"empty token", Outgoing{To: "09121112233", Template: "otp", Tokens: []string{""}}},
		{"too many tokens", Outgoing{To: "09121112233", Template: "otp", Tokens: []string{"1", "2", "3", "4"}}},
		{"no receptor", Outgoing{Text: "hi"}},
		{"empty text", Outgoing{To: "09121112233"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeKavenegar{}
			k := newTestKavenegar(t, fake, nil)
			_, err := k.Send(context.Background(), tt.m)
			pe := providerError(t, err)
			if pe.Temporary {
				t.Errorf("Temporary = true, want a permanent error: %v", pe)
			}
			if pe.Status != 0 {
				t.Errorf("Status = %d, want 0 (no answer from Kavenegar)", pe.Status)
			}
			if n := len(fake.seen()); n != 0 {
				t.Errorf("server saw %d requests, want none", n)
			}
		})
	}
}

// kavenegarDocumentedCodes is the classification this package promises for
// each status code in Kavenegar's documentation. It is written out here,
// not read from kavenegarStatuses, so that a change to the table has to be
// made on purpose in both places.
var kavenegarDocumentedCodes = []struct {
	status    int
	temporary bool
	message   string
}{
	{400, false, "پارامترها ناقص هستند"},
	{401, false, "حساب کاربری غیرفعال شده است"},
	{402, true, "عملیات ناموفق بود"},
	{403, false, "کد شناسائی API-Key معتبر نمی‌باشد"},
	{404, false, "متد نامشخص است"},
	{405, false, "متد Get/Post اشتباه است"},
	{406, false, "پارامترهای اجباری خالی ارسال شده اند"},
	{407, false, "دسترسی به اطلاعات مورد نظر برای شما امکان پذیر نیست"},
	{409, true, "سرور قادر به پاسخگوئی نیست بعدا تلاش کنید"},
	{411, false, "دریافت کننده نامعتبر است"},
	{412, false, "ارسال کننده نامعتبر است"},
	{413, false, "پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد"},
	{414, false, "حجم درخواست بیشتر از حد مجاز است"},
	{415, false, "اندیس شروع بزرگ تر از کل تعداد شماره های مورد نظر است"},
	{416, false, "IP سرویس مبدا با تنظیمات مطابقت ندارد"},
	{417, false, "تاریخ ارسال اشتباه است و فرمت آن صحیح نمی باشد"},
	{418, false, "اعتبار شما کافی نمی‌باشد"},
	{419, false, "طول آرایه متن و گیرنده و فرستنده هم اندازه نیست"},
	{420, false, "استفاده از لینک در متن پیام برای شما محدود شده است"},
	{422, false, "داده ها به دلیل وجود کاراکتر نامناسب قابل پردازش نیست"},
	{424, false, "الگوی مورد نظر پیدا نشد"},
	{426, false, "استفاده از این متد نیازمند سرویس پیشرفته می‌باشد"},
	{427, false, "استفاده از این خط نیازمند ایجاد سطح دسترسی می باشد"},
	{428, false, "ارسال کد از طریق تماس تلفنی امکان پذیر نیست"},
	{429, true, "IP محدود شده است"},
	{431, false, "ساختار کد صحیح نمی‌باشد"},
	{432, false, "پارامتر کد در متن پیام پیدا نشد"},
	{451, true, "فراخوانی بیش از حد در بازه زمانی مشخص IP محدود شده"},
	{501, false, "فقط امکان ارسال پیام تست به شماره صاحب حساب کاربری وجود دارد"},
	{607, false, "نام تگ انتخابی اشتباه است"},
}

func TestKavenegarDocumentedErrorCodes(t *testing.T) {
	for _, tc := range kavenegarDocumentedCodes {
		// Kavenegar uses its code as the HTTP status; also check an answer
		// that carries the code only in the body (HTTP 200).
		for _, httpStatus := range []int{tc.status, http.StatusOK} {
			t.Run(fmt.Sprintf("%d/http%d", tc.status, httpStatus), func(t *testing.T) {
				fake := &fakeKavenegar{respond: func(w http.ResponseWriter, r *http.Request) {
					writeKavenegarHTTP(w, httpStatus, tc.status, tc.message, nil)
				}}
				k := newTestKavenegar(t, fake, nil)
				_, err := k.Send(context.Background(), Outgoing{LocalID: 1, To: "09123456789", Text: "x"})
				pe := providerError(t, err)
				if pe.Status != tc.status {
					t.Errorf("Status = %d, want %d", pe.Status, tc.status)
				}
				if pe.Temporary != tc.temporary {
					t.Errorf("Temporary = %v, want %v (%v)", pe.Temporary, tc.temporary, pe)
				}
				if !strings.Contains(pe.Message, tc.message) {
					t.Errorf("Message = %q, want it to contain Kavenegar's %q", pe.Message, tc.message)
				}
			})
		}
	}
}

func TestKavenegarStatusTableMatchesTests(t *testing.T) {
	tested := map[int]bool{}
	for _, tc := range kavenegarDocumentedCodes {
		tested[tc.status] = true
		info, ok := kavenegarStatuses[tc.status]
		if !ok {
			t.Errorf("status %d is documented but missing from kavenegarStatuses", tc.status)
			continue
		}
		if info.meaning == "" {
			t.Errorf("status %d has no meaning", tc.status)
		}
	}
	for status := range kavenegarStatuses {
		if !tested[status] {
			t.Errorf("status %d is in kavenegarStatuses but not in kavenegarDocumentedCodes", status)
		}
	}
}

func TestKavenegarUndocumentedCodes(t *testing.T) {
	tests := []struct {
		status    int
		temporary bool
	}{
		{480, false},
		{503, true},
		{599, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			fake := &fakeKavenegar{respond: func(w http.ResponseWriter, r *http.Request) {
				writeKavenegar(w, tt.status, "خطای جدید", nil)
			}}
			k := newTestKavenegar(t, fake, nil)
			_, err := k.Send(context.Background(), Outgoing{To: "09123456789", Text: "x"})
			pe := providerError(t, err)
			if pe.Status != tt.status || pe.Temporary != tt.temporary {
				t.Errorf("got Status %d Temporary %v, want %d %v", pe.Status, pe.Temporary, tt.status, tt.temporary)
			}
		})
	}
}

func TestKavenegarLookupErrorFromServer(t *testing.T) {
	// The fake answers 431 when a token has a space; reaching it means the
	// local check was bypassed, so use a template that does not exist.
	fake := &fakeKavenegar{respond: func(w http.ResponseWriter, r *http.Request) {
		writeKavenegar(w, 424, "الگوی مورد نظر پیدا نشد", nil)
	}}
	k := newTestKavenegar(t, fake, nil)
	_, err := k.Send(context.Background(), Outgoing{To: "09123456789", Template: "missing", Tokens: []string{"1"}})
	pe := providerError(t, err)
	if pe.Status != 424 || pe.Temporary {
		t.Errorf("got Status %d Temporary %v, want 424 permanent", pe.Status, pe.Temporary)
	}
}

func TestKavenegarUnreadableAnswers(t *testing.T) {
	tests := []struct {
		name        string
		httpStatus  int
		contentType string
		body        string
		temporary   bool
	}{
		{"502 HTML", 502, "text/html", "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>", true},
		{"503 empty", 503, "", "", true},
		{"500 truncated JSON", 500, "application/json", `{"return":{"status":`, true},
		{"429 text", 429, "text/plain", "Too Many Requests", true},
		{"404 HTML", 404, "text/html", "<html>Not Found</html>", false},
		{"200 not JSON", 200, "text/html", "<html>captive portal</html>", true},
		{"200 JSON without return", 200, "application/json", `{"entries":[]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeKavenegar{respond: func(w http.ResponseWriter, r *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.httpStatus)
				_, _ = w.Write([]byte(tt.body))
			}}
			k := newTestKavenegar(t, fake, nil)
			_, err := k.Send(context.Background(), Outgoing{LocalID: 3, To: "09123456789", Text: "x"})
			pe := providerError(t, err)
			if pe.Status != tt.httpStatus {
				t.Errorf("Status = %d, want the HTTP status %d", pe.Status, tt.httpStatus)
			}
			if pe.Temporary != tt.temporary {
				t.Errorf("Temporary = %v, want %v (%v)", pe.Temporary, tt.temporary, pe)
			}
		})
	}
}

func TestKavenegarSuccessWithoutEntries(t *testing.T) {
	for _, entries := range []string{`[]`, `null`, `[{"status":1,"statustext":"در صف ارسال"}]`, `"oops"`} {
		t.Run(entries, func(t *testing.T) {
			fake := &fakeKavenegar{respond: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"return":{"status":200,"message":"تایید شد"},"entries":%s}`, entries)
			}}
			k := newTestKavenegar(t, fake, nil)
			_, err := k.Send(context.Background(), Outgoing{LocalID: 5, To: "09123456789", Text: "x"})
			pe := providerError(t, err)
			if pe.Status != 200 || !pe.Temporary {
				t.Errorf("got Status %d Temporary %v, want 200 temporary", pe.Status, pe.Temporary)
			}
		})
	}
}

func TestKavenegarSingleEntryObject(t *testing.T) {
	fake := &fakeKavenegar{respond: func(w http.ResponseWriter, r *http.Request) {
		writeKavenegar(w, 200, "تایید شد", map[string]any{"messageid": 77, "statustext": "ارسال شده"})
	}}
	k := newTestKavenegar(t, fake, nil)
	got, err := k.Send(context.Background(), Outgoing{To: "09123456789", Text: "x"})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if want := (Receipt{MessageID: "77", Status: "ارسال شده"}); got != want {
		t.Errorf("Receipt = %+v, want %+v", got, want)
	}
}

// blockingKavenegar answers nothing until the request's context is done
// (the client gave up) or the test ends. arrived, if not nil, is signalled
// when a request comes in.
func blockingKavenegar(t *testing.T, arrived chan<- struct{}) *fakeKavenegar {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // runs before the server's Close
	return &fakeKavenegar{respond: func(w http.ResponseWriter, r *http.Request) {
		if arrived != nil {
			arrived <- struct{}{}
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}}
}

func TestKavenegarTimeout(t *testing.T) {
	fake := blockingKavenegar(t, nil)
	k := newTestKavenegar(t, fake, func(c *KavenegarConfig) { c.Timeout = 50 * time.Millisecond })

	_, err := k.Send(context.Background(), Outgoing{LocalID: 8, To: "09123456789", Text: "x"})
	pe := providerError(t, err)
	if !pe.Temporary {
		t.Errorf("Temporary = false, want a timeout to be temporary: %v", pe)
	}
	if !strings.Contains(pe.Message, "timed out") {
		t.Errorf("Message = %q, want it to say the request timed out", pe.Message)
	}
	if !strings.Contains(pe.Message, "REDACTED") {
		t.Errorf("Message = %q, want the URL with the key redacted", pe.Message)
	}
}

func TestKavenegarHTTPClientTimeout(t *testing.T) {
	// The caller's client has its own, shorter timeout; its url.Error
	// quotes the request URL, key and all.
	fake := blockingKavenegar(t, nil)
	k := newTestKavenegar(t, fake, func(c *KavenegarConfig) {
		c.HTTPClient = &http.Client{Timeout: 50 * time.Millisecond}
		c.Timeout = time.Minute
	})
	_, err := k.Send(context.Background(), Outgoing{To: "09123456789", Template: "otp", Tokens: []string{"1234"}})
	pe := providerError(t, err)
	if !pe.Temporary {
		t.Errorf("Temporary = false, want true: %v", pe)
	}
	if !strings.Contains(pe.Message, "verify/lookup.json") {
		t.Errorf("Message = %q, want the (redacted) URL kept for debugging", pe.Message)
	}
}

func TestKavenegarContextCanceled(t *testing.T) {
	arrived := make(chan struct{}, 1)
	fake := blockingKavenegar(t, arrived)
	k := newTestKavenegar(t, fake, nil)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-arrived
		cancel()
	}()
	_, err := k.Send(ctx, Outgoing{LocalID: 10, To: "09123456789", Text: "x"})
	pe := providerError(t, err)
	if !pe.Temporary {
		t.Errorf("Temporary = false, want cancellation to be temporary: %v", pe)
	}
	if !strings.Contains(pe.Message, "canceled") {
		t.Errorf("Message = %q, want it to say the request was canceled", pe.Message)
	}
}

func TestKavenegarAlreadyCanceledContext(t *testing.T) {
	fake := &fakeKavenegar{}
	k := newTestKavenegar(t, fake, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := k.Send(ctx, Outgoing{To: "09123456789", Text: "x"})
	pe := providerError(t, err)
	if !pe.Temporary {
		t.Errorf("Temporary = false, want true: %v", pe)
	}
	if n := len(fake.seen()); n != 0 {
		t.Errorf("server saw %d requests, want none", n)
	}
}

func TestKavenegarNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there any more

	k, err := NewKavenegar(KavenegarConfig{APIKey: testKavenegarKey, BaseURL: base, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("NewKavenegar: %v", err)
	}
	_, err = k.Send(context.Background(), Outgoing{To: "09123456789", Text: "x"})
	pe := providerError(t, err)
	if !pe.Temporary {
		t.Errorf("Temporary = false, want a network error to be temporary: %v", pe)
	}
	if pe.Status != 0 {
		t.Errorf("Status = %d, want 0", pe.Status)
	}
}

func TestKavenegarScrubsKeyEchoedByServer(t *testing.T) {
	echo := []struct {
		name string
		h    http.HandlerFunc
	}{
		{"HTML page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(500)
			fmt.Fprintf(w, "<html>error at %s (%s)</html>", r.URL.Path, r.URL.EscapedPath())
		}},
		{"JSON message", func(w http.ResponseWriter, r *http.Request) {
			writeKavenegar(w, 403, "bad key "+strings.Split(r.URL.Path, "/")[2], nil)
		}},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path+"?again=1", http.StatusTemporaryRedirect)
		}},
	}
	for _, tt := range echo {
		t.Run(tt.name, func(t *testing.T) {
			k := newTestKavenegar(t, &fakeKavenegar{respond: tt.h}, nil)
			_, err := k.Send(context.Background(), Outgoing{To: "09123456789", Text: "x"})
			pe := providerError(t, err) // asserts the key is absent
			if !strings.Contains(pe.Message, "REDACTED") {
				t.Errorf("Message = %q, want the echoed key replaced by REDACTED", pe.Message)
			}
		})
	}
}

func TestKavenegarNewValidatesConfig(t *testing.T) {
	bad := []struct {
		name string
		cfg  KavenegarConfig
	}{
		{"no key", KavenegarConfig{}},
		{"blank key", KavenegarConfig{APIKey: "   "}},
		{"key with slash", KavenegarConfig{APIKey: testKavenegarKey + "/x"}},
		{"key with space", KavenegarConfig{APIKey: testKavenegarKey + " x"}},
		{"unparsable base", KavenegarConfig{APIKey: testKavenegarKey, BaseURL: "http://[::1"}},
		{"base without scheme", KavenegarConfig{APIKey: testKavenegarKey, BaseURL: "api.kavenegar.com"}},
		{"base with other scheme", KavenegarConfig{APIKey: testKavenegarKey, BaseURL: "ftp://api.kavenegar.com"}},
		{"base with query", KavenegarConfig{APIKey: testKavenegarKey, BaseURL: "https://api.kavenegar.com/?x=1"}},
		{"negative timeout", KavenegarConfig{APIKey: testKavenegarKey, Timeout: -time.Second}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			k, err := NewKavenegar(tt.cfg)
			if err == nil {
				t.Fatalf("NewKavenegar = %v, want an error", k)
			}
			assertNoKey(t, err)
		})
	}

	k, err := NewKavenegar(KavenegarConfig{APIKey: testKavenegarKey})
	if err != nil {
		t.Fatalf("NewKavenegar: %v", err)
	}
	if k.Name() != "kavenegar" {
		t.Errorf("Name() = %q, want kavenegar", k.Name())
	}
	if got := k.base.String(); got != "https://api.kavenegar.com" {
		t.Errorf("default BaseURL = %q", got)
	}
	if k.timeout != 10*time.Second {
		t.Errorf("default Timeout = %s, want 10s", k.timeout)
	}
	if k.client == nil {
		t.Error("no default HTTP client")
	}
}

func TestKavenegarBaseURLWithPath(t *testing.T) {
	fake := &fakeKavenegar{respond: func(w http.ResponseWriter, r *http.Request) {
		writeKavenegar(w, 200, "تایید شد", []map[string]any{{"messageid": 1, "statustext": "ok"}})
	}}
	k := newTestKavenegar(t, fake, nil)
	base := k.base.String()
	k2, err := NewKavenegar(KavenegarConfig{APIKey: testKavenegarKey, BaseURL: base + "/proxy/kavenegar/"})
	if err != nil {
		t.Fatalf("NewKavenegar: %v", err)
	}
	if _, err := k2.Send(context.Background(), Outgoing{To: "09123456789", Text: "x"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got, want := fake.seen()[0].path, "/proxy/kavenegar/v1/"+testKavenegarKey+"/sms/send.json"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
}
