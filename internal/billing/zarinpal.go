package billing

// Zarinpal, Iran's largest payment facilitator, through its REST API v4.
//
// The protocol, as documented at zarinpal.com/docs/paymentGateway:
//
//   - POST {base}/pg/v4/payment/request.json with a JSON body
//     {merchant_id, amount, currency, callback_url, description,
//     metadata: {mobile, email, order_id}}. Success is data.code == 100
//     with data.authority, a 36-character reference ("A…", or "S…" in the
//     sandbox).
//   - The customer's browser goes to {startpay}/{authority} (a GET).
//   - Zarinpal sends the browser back to callback_url with
//     ?Authority=…&Status=OK|NOK (see ZarinpalCallback).
//   - POST {base}/pg/v4/payment/verify.json with {merchant_id, amount,
//     authority}. data.code 100 is a payment verified now, 101 one
//     verified before; the answer carries ref_id (the receipt number) and
//     card_pan (the masked card).
//
// Errors come back as {"data": [], "errors": {"code": -9, "message": "…",
// "validations": [...]}}: note that "data" and "errors" are each an object
// or an empty array depending on the outcome, so both are decoded lazily.
//
// Hosts: the current documentation uses payment.zarinpal.com for the API
// and for StartPay; older pages use api.zarinpal.com (API) and
// www.zarinpal.com (StartPay), which still answer. The sandbox is the same
// API on sandbox.zarinpal.com, with any UUID as the merchant ID.
//
// Amounts: Pishkhan keeps rials, and v4 takes an optional "currency" of
// "IRR" or "IRT" next to "amount". Every request sends the amount in rials
// with currency "IRR" explicitly, so a terminal whose panel default is
// toman still charges the right sum. Verify has no currency field in the
// documentation; Zarinpal compares its amount with the payment in the
// payment's own currency, so Verify sends the same rial amount.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Zarinpal's documented hosts.
const (
	ZarinpalDefaultBaseURL     = "https://payment.zarinpal.com"
	ZarinpalDefaultStartPayURL = "https://payment.zarinpal.com/pg/StartPay/"
	ZarinpalSandboxBaseURL     = "https://sandbox.zarinpal.com"
	ZarinpalSandboxStartPayURL = "https://sandbox.zarinpal.com/pg/StartPay/"

	zarinpalRequestPath = "/pg/v4/payment/request.json"
	zarinpalVerifyPath  = "/pg/v4/payment/verify.json"

	// zarinpalDefaultTimeout bounds one call to the API when the config
	// does not say otherwise.
	zarinpalDefaultTimeout = 20 * time.Second
	// zarinpalMaxDescription is the documented limit (validation error -9
	// beyond it), in characters.
	zarinpalMaxDescription = 500
	// zarinpalMaxBody caps how much of an answer is read.
	zarinpalMaxBody = 1 << 20
)

// ZarinpalConfig configures the Zarinpal gateway.
type ZarinpalConfig struct {
	// MerchantID is the terminal's 36-character merchant code (UUID form).
	// It is a credential: it never appears in errors or logs from here.
	MerchantID string
	// BaseURL is the API's scheme and host (no path); empty means
	// ZarinpalDefaultBaseURL, or ZarinpalSandboxBaseURL with Sandbox.
	// The older https://api.zarinpal.com works too.
	BaseURL string
	// StartPayURL is the prefix the authority is appended to for the
	// customer's browser; empty means ZarinpalDefaultStartPayURL, or
	// ZarinpalSandboxStartPayURL with Sandbox. A missing trailing slash is
	// added.
	StartPayURL string
	// Sandbox switches the defaults above to sandbox.zarinpal.com. Explicit
	// BaseURL and StartPayURL still win.
	Sandbox bool
	// HTTPClient makes the calls; nil means a client of its own.
	HTTPClient *http.Client
	// Timeout bounds each call (request or verify); zero means 20s. The
	// caller's context can only shorten it.
	Timeout time.Duration
	// Label is the name customers see; empty means «زرین‌پال».
	Label string
}

// Zarinpal is the Zarinpal gateway. It is safe for concurrent use.
type Zarinpal struct {
	merchantID string
	baseURL    string
	startPay   string
	client     *http.Client
	timeout    time.Duration
	label      string
}

var _ Gateway = (*Zarinpal)(nil)

// NewZarinpal checks the configuration and returns the gateway.
//
// URLs must be absolute https URLs without user info, query or fragment;
// plain http is accepted only for loopback hosts (a local mock), so the
// merchant ID never crosses a network in clear text.
func NewZarinpal(cfg ZarinpalConfig) (*Zarinpal, error) {
	if !validZarinpalMerchantID(cfg.MerchantID) {
		// The value itself is deliberately left out of the message.
		return nil, errors.New("billing: zarinpal: merchant ID must be a 36-character UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
	}
	base, startPay := cfg.BaseURL, cfg.StartPayURL
	if base == "" {
		base = ZarinpalDefaultBaseURL
		if cfg.Sandbox {
			base = ZarinpalSandboxBaseURL
		}
	}
	if startPay == "" {
		startPay = ZarinpalDefaultStartPayURL
		if cfg.Sandbox {
			startPay = ZarinpalSandboxStartPayURL
		}
	}
	bu, err := checkZarinpalURL("base URL", base)
	if err != nil {
		return nil, err
	}
	if p := strings.TrimRight(bu.Path, "/"); p != "" {
		return nil, fmt.Errorf("billing: zarinpal: base URL %q must not have a path (the API paths /pg/v4/... are added)", base)
	}
	if _, err := checkZarinpalURL("StartPay URL", startPay); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(startPay, "/") {
		startPay += "/"
	}
	if cfg.Timeout < 0 {
		return nil, errors.New("billing: zarinpal: timeout must not be negative")
	}
	z := &Zarinpal{
		merchantID: strings.ToLower(cfg.MerchantID),
		baseURL:    strings.TrimRight(base, "/"),
		startPay:   startPay,
		client:     cfg.HTTPClient,
		timeout:    cfg.Timeout,
		label:      cfg.Label,
	}
	if z.client == nil {
		z.client = &http.Client{}
	}
	if z.timeout == 0 {
		z.timeout = zarinpalDefaultTimeout
	}
	if z.label == "" {
		z.label = labelZarinpal
	}
	return z, nil
}

func (z *Zarinpal) Name() string  { return "zarinpal" }
func (z *Zarinpal) Label() string { return z.label }

// ZarinpalError is Zarinpal's documented refusal: a negative code with its
// Persian meaning. Request returns it as is; Verify returns it (wrapped
// with ErrGatewayUnavailable) only for terminal-level codes that say
// nothing about the payment itself. Use errors.As to read the code.
type ZarinpalError struct {
	Op      string // "request" or "verify"
	Code    int    // Zarinpal's code, e.g. -9
	Message string // the code's meaning in Persian (ZarinpalMessage)
	// Detail is Zarinpal's own message and validation list, with the
	// merchant ID scrubbed out.
	Detail string
}

func (e *ZarinpalError) Error() string {
	s := fmt.Sprintf("zarinpal %s: code %d: %s", e.Op, e.Code, e.Message)
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// ZarinpalCodes lists the documented codes, ascending.
func ZarinpalCodes() []int {
	codes := make([]int, 0, len(zarinpalMessages))
	for c := range zarinpalMessages {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	return codes
}

// zarinpalTerminalCode reports whether a code is about the terminal or the
// call (merchant, IP, rate limit, validation, request-only options) rather
// than about a payment. From Verify such a code leaves the payment's state
// unknown.
func zarinpalTerminalCode(code int) bool {
	return (code <= -9 && code >= -19) || (code <= -30 && code >= -41)
}

// ZarinpalCallback reads the query string Zarinpal sends the customer back
// with: ?Authority=…&Status=OK|NOK. reference is the authority; ok is
// Status == "OK".
//
// ok is only the browser's word. NOK usually means the customer cancelled
// or the bank declined, but the order must still be verified with the
// reference: only Verify is authoritative, both ways (a forged OK proves
// nothing, and a payment may have succeeded whatever the browser says).
// An empty reference means there is nothing to verify.
func ZarinpalCallback(q url.Values) (reference string, ok bool) {
	reference = strings.TrimSpace(q.Get("Authority"))
	if reference == "" {
		reference = strings.TrimSpace(q.Get("authority"))
	}
	status := q.Get("Status")
	if status == "" {
		status = q.Get("status")
	}
	if reference == "" {
		return "", false
	}
	return reference, strings.EqualFold(strings.TrimSpace(status), "OK")
}

// Request registers a payment and returns the authority and the StartPay
// URL. Zarinpal's refusals come back as *ZarinpalError; failures to get an
// answer (network, timeout, 5xx, unreadable answer) wrap
// ErrGatewayUnavailable.
//
// metadata.order_id is the order's tracking number, or its ID when it has
// none; metadata.mobile is sent only when it looks like an Iranian mobile
// number (09xxxxxxxxx after normalising digits), since a malformed one
// fails the whole request with -9 and the field is optional.
func (z *Zarinpal) Request(ctx context.Context, p PaymentRequest) (Redirect, error) {
	if p.Amount <= 0 {
		return Redirect{}, fmt.Errorf("billing: zarinpal request: amount must be positive, got %d rials", p.Amount)
	}
	if cu, err := url.Parse(p.CallbackURL); err != nil || !cu.IsAbs() || cu.Host == "" || (cu.Scheme != "https" && cu.Scheme != "http") {
		return Redirect{}, fmt.Errorf("billing: zarinpal request: callback URL %q must be an absolute http(s) URL", p.CallbackURL)
	}
	orderID := strings.TrimSpace(p.Tracking)
	if orderID == "" {
		orderID = strconv.FormatInt(p.OrderID, 10)
	}
	desc := strings.TrimSpace(p.Description)
	if desc == "" {
		desc = descOrderPayment(orderID)
	}
	body := zarinpalRequestBody{
		MerchantID:  z.merchantID,
		Amount:      p.Amount,
		Currency:    "IRR",
		CallbackURL: p.CallbackURL,
		Description: zarinpalTruncate(desc, zarinpalMaxDescription),
		Metadata: zarinpalMetadata{
			Mobile:  zarinpalMobile(p.Mobile),
			OrderID: orderID,
		},
	}
	var data zarinpalRequestData
	zerr, err := z.call(ctx, "request", zarinpalRequestPath, body, &data)
	if err != nil {
		return Redirect{}, err
	}
	if zerr != nil {
		return Redirect{}, zerr
	}
	switch data.Code {
	case 100:
	case 0:
		return Redirect{}, fmt.Errorf("%w: zarinpal request: answer has neither data.code nor errors.code", ErrGatewayUnavailable)
	default:
		return Redirect{}, z.zarinpalErr("request", int(data.Code), data.Message, nil)
	}
	authority := strings.TrimSpace(data.Authority)
	if authority == "" {
		return Redirect{}, fmt.Errorf("%w: zarinpal request: answer has code 100 but no authority", ErrGatewayUnavailable)
	}
	return Redirect{
		Reference: authority,
		URL:       z.startPay + url.PathEscape(authority),
		Method:    http.MethodGet,
	}, nil
}

// Verify asks Zarinpal about a payment. Code 100 is paid (verified now),
// 101 paid and verified before. Zarinpal's other answers about the payment
// (-50 amount mismatch, -51 failed, -52, -53, -54, -55, and codes not in
// the table) are definitive: Paid false with Code and Message, no error.
//
// Errors wrap ErrGatewayUnavailable, meaning "ask again later, never
// declare the payment failed": network failures, timeouts, 5xx and
// unreadable answers, and also the terminal-level codes (-9 to -17: bad
// merchant, IP, rate limit, suspended terminal...; and the request-only
// -30 to -41 should they ever come back), which say nothing about the
// payment; those errors also carry the *ZarinpalError for errors.As.
func (z *Zarinpal) Verify(ctx context.Context, v VerifyRequest) (Verification, error) {
	ref := strings.TrimSpace(v.Reference)
	if ref == "" {
		return Verification{}, errors.New("billing: zarinpal verify: empty reference")
	}
	if v.Amount <= 0 {
		return Verification{}, fmt.Errorf("billing: zarinpal verify: amount must be positive, got %d rials", v.Amount)
	}
	body := zarinpalVerifyBody{MerchantID: z.merchantID, Amount: v.Amount, Authority: ref}
	var data zarinpalVerifyData
	zerr, err := z.call(ctx, "verify", zarinpalVerifyPath, body, &data)
	if err != nil {
		return Verification{}, err
	}
	if zerr != nil {
		return z.verifyRefusal(zerr)
	}
	switch data.Code {
	case 100, 101:
		return Verification{
			Paid:            true,
			RefID:           string(data.RefID),
			CardMask:        data.CardPan,
			AlreadyVerified: data.Code == 101,
			Code:            strconv.Itoa(int(data.Code)),
			Message:         ZarinpalMessage(int(data.Code)),
		}, nil
	case 0:
		return Verification{}, fmt.Errorf("%w: zarinpal verify: answer has neither data.code nor errors.code", ErrGatewayUnavailable)
	}
	// A code outside 100/101 inside "data": not documented, treat it like
	// the same code under "errors".
	return z.verifyRefusal(z.zarinpalErr("verify", int(data.Code), data.Message, nil))
}

func (z *Zarinpal) verifyRefusal(zerr *ZarinpalError) (Verification, error) {
	if zarinpalTerminalCode(zerr.Code) {
		return Verification{}, fmt.Errorf("%w: %w", ErrGatewayUnavailable, zerr)
	}
	msg := zerr.Message
	if zerr.Detail != "" {
		msg += " (" + zerr.Detail + ")"
	}
	return Verification{Paid: false, Code: strconv.Itoa(zerr.Code), Message: msg}, nil
}

// Wire types.

type zarinpalRequestBody struct {
	MerchantID  string           `json:"merchant_id"`
	Amount      int64            `json:"amount"`
	Currency    string           `json:"currency"`
	CallbackURL string           `json:"callback_url"`
	Description string           `json:"description"`
	Metadata    zarinpalMetadata `json:"metadata"`
}

type zarinpalMetadata struct {
	Mobile  string `json:"mobile,omitempty"`
	OrderID string `json:"order_id,omitempty"`
}

type zarinpalVerifyBody struct {
	MerchantID string `json:"merchant_id"`
	Amount     int64  `json:"amount"`
	Authority  string `json:"authority"`
}

type zarinpalRequestData struct {
	Code      zarinpalInt `json:"code"`
	Message   string      `json:"message"`
	Authority string      `json:"authority"`
}

type zarinpalVerifyData struct {
	Code    zarinpalInt    `json:"code"`
	Message string         `json:"message"`
	RefID   zarinpalString `json:"ref_id"`
	CardPan string         `json:"card_pan"`
}

type zarinpalEnvelope struct {
	Data   json.RawMessage `json:"data"`
	Errors json.RawMessage `json:"errors"`
}

type zarinpalErrorBody struct {
	Code        zarinpalInt     `json:"code"`
	Message     string          `json:"message"`
	Validations json.RawMessage `json:"validations"`
}

// zarinpalInt accepts a JSON number or a numeric string.
type zarinpalInt int

func (n *zarinpalInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("code %s is not an integer", b)
	}
	*n = zarinpalInt(v)
	return nil
}

// zarinpalString accepts a JSON string or number (ref_id is a number, and
// too large for float64 to be trusted with in general).
type zarinpalString string

func (s *zarinpalString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = zarinpalString(v)
		return nil
	}
	var num json.Number
	if err := json.Unmarshal(b, &num); err != nil {
		return err
	}
	*s = zarinpalString(num.String())
	return nil
}

// call posts body to path and decodes the answer. It returns Zarinpal's
// refusal as zerr, or data decoded into out; err (wrapping
// ErrGatewayUnavailable) when no usable answer came back.
func (z *Zarinpal) call(ctx context.Context, op, path string, body, out any) (zerr *ZarinpalError, err error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("billing: zarinpal %s: encoding: %w", op, err)
	}
	ctx, cancel := context.WithTimeout(ctx, z.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, z.baseURL+path, bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("billing: zarinpal %s: %w", op, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "pishkhan")

	resp, err := z.client.Do(req)
	if err != nil {
		return nil, z.unavailable(op, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, zarinpalMaxBody))
	if err != nil {
		return nil, z.unavailable(op, fmt.Errorf("reading answer (HTTP %d): %w", resp.StatusCode, err))
	}
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		return nil, fmt.Errorf("%w: zarinpal %s: HTTP %d", ErrGatewayUnavailable, op, resp.StatusCode)
	}

	var env zarinpalEnvelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, fmt.Errorf("%w: zarinpal %s: unreadable answer (HTTP %d, %s): %v",
			ErrGatewayUnavailable, op, resp.StatusCode, zarinpalContentType(resp), err)
	}
	// Zarinpal may answer a refusal with a 4xx status, so "errors" is
	// looked at before the status.
	if zarinpalIsObject(env.Errors) {
		var eb zarinpalErrorBody
		if err := json.Unmarshal(env.Errors, &eb); err != nil {
			return nil, fmt.Errorf("%w: zarinpal %s: unreadable errors object (HTTP %d): %v", ErrGatewayUnavailable, op, resp.StatusCode, err)
		}
		if eb.Code != 0 {
			return z.zarinpalErr(op, int(eb.Code), eb.Message, eb.Validations), nil
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%w: zarinpal %s: HTTP %d without an error code", ErrGatewayUnavailable, op, resp.StatusCode)
	}
	if !zarinpalIsObject(env.Data) {
		return nil, fmt.Errorf("%w: zarinpal %s: answer has no data object", ErrGatewayUnavailable, op)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return nil, fmt.Errorf("%w: zarinpal %s: unreadable data object: %v", ErrGatewayUnavailable, op, err)
	}
	return nil, nil
}

func (z *Zarinpal) unavailable(op string, err error) error {
	return fmt.Errorf("%w: zarinpal %s: %w", ErrGatewayUnavailable, op, zarinpalScrubbedError{err: err, text: z.scrub(err.Error())})
}

// zarinpalErr builds the error for a code, keeping Zarinpal's own text as
// detail.
func (z *Zarinpal) zarinpalErr(op string, code int, message string, validations json.RawMessage) *ZarinpalError {
	detail := strings.TrimSpace(message)
	if v := strings.TrimSpace(string(validations)); v != "" && v != "[]" && v != "{}" && v != "null" {
		var compact bytes.Buffer
		if json.Compact(&compact, validations) == nil {
			v = compact.String()
		}
		if detail != "" {
			detail += "; "
		}
		detail += "validations: " + v
	}
	return &ZarinpalError{Op: op, Code: code, Message: ZarinpalMessage(code), Detail: zarinpalTruncate(z.scrub(detail), 500)}
}

// scrub removes the merchant ID from text that may end up in an error.
func (z *Zarinpal) scrub(s string) string {
	if z.merchantID == "" {
		return s
	}
	// The ID is stored lower-case; replace any case of it. Only ASCII
	// letters are folded, so byte offsets in lower match those in s.
	lower := strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
	var b strings.Builder
	for {
		i := strings.Index(lower, z.merchantID)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString("[merchant-id]")
		s, lower = s[i+len(z.merchantID):], lower[i+len(z.merchantID):]
	}
}

// zarinpalScrubbedError keeps the underlying error for errors.Is/As (so a
// caller can tell context.DeadlineExceeded) while printing scrubbed text.
type zarinpalScrubbedError struct {
	err  error
	text string
}

func (e zarinpalScrubbedError) Error() string { return e.text }
func (e zarinpalScrubbedError) Unwrap() error { return e.err }

func validZarinpalMerchantID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func checkZarinpalURL(what, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return nil, fmt.Errorf("billing: zarinpal: %s %q must be an absolute URL", what, raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("billing: zarinpal: %s must not have user info, query or fragment", what)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !zarinpalLoopback(u.Hostname()) {
			return nil, fmt.Errorf("billing: zarinpal: %s %q must use https (http only for loopback hosts)", what, raw)
		}
	default:
		return nil, fmt.Errorf("billing: zarinpal: %s %q must be http(s)", what, raw)
	}
	return u, nil
}

func zarinpalLoopback(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func zarinpalIsObject(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '{'
}

func zarinpalContentType(resp *http.Response) string {
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		return ct
	}
	return "no content type"
}

// zarinpalMobile normalises a mobile number to 09xxxxxxxxx (Persian and
// Arabic-Indic digits, +98/0098/98 prefixes, spaces and dashes), or returns
// "" when it is not one.
func zarinpalMobile(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + r - '۰')
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return ""
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0098"):
		d = "0" + d[4:]
	case strings.HasPrefix(d, "98") && len(d) == 12:
		d = "0" + d[2:]
	case strings.HasPrefix(d, "9") && len(d) == 10:
		d = "0" + d
	}
	if len(d) != 11 || !strings.HasPrefix(d, "09") {
		return ""
	}
	return d
}

func zarinpalTruncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
