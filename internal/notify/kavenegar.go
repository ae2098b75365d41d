package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

const (
	kavenegarName           = "kavenegar"
	kavenegarDefaultBaseURL = "https://api.kavenegar.com"
	kavenegarDefaultTimeout = 10 * time.Second
	// kavenegarMaxBody caps how much of an answer is read; Kavenegar's
	// answers for one message are a few hundred bytes.
	kavenegarMaxBody = 1 << 20
	// kavenegarRedacted replaces the API key wherever it could leak into
	// an error message (the key is part of every request URL's path).
	kavenegarRedacted = "REDACTED"
)

// kavenegarTokenFields are the verify/lookup parameters filled from
// Outgoing.Tokens, in order. Kavenegar also has token10 and token20, which
// may contain spaces; they are not used here.
var kavenegarTokenFields = [...]string{"token", "token2", "token3"}

// KavenegarConfig configures the Kavenegar provider.
type KavenegarConfig struct {
	APIKey  string // required; sent as part of the URL path, never logged
	Sender  string // sending line; empty means the account's default line
	BaseURL string // default "https://api.kavenegar.com"
	// HTTPClient is used for requests; nil means a new client. Its own
	// Timeout, if any, applies in addition to Timeout below.
	HTTPClient *http.Client
	Timeout    time.Duration // per request; default 10s
}

// Kavenegar sends SMS through Kavenegar's REST API
// (https://kavenegar.com/rest.html): plain messages with sms/send and
// templates (one-time codes) with verify/lookup.
type Kavenegar struct {
	apiKey  string
	sender  string
	base    *url.URL
	client  *http.Client
	timeout time.Duration
	// secrets are the forms of the API key that could appear in error
	// text; scrub replaces each of them.
	secrets []string
}

var _ Provider = (*Kavenegar)(nil)

// NewKavenegar checks cfg and returns a ready provider.
func NewKavenegar(cfg KavenegarConfig) (*Kavenegar, error) {
	key := strings.TrimSpace(cfg.APIKey)
	if key == "" {
		return nil, errors.New("kavenegar: APIKey is required")
	}
	// The key is one segment of the URL path. (The key itself is not
	// quoted in these messages on purpose.)
	if strings.ContainsAny(key, "/?#") || strings.ContainsFunc(key, unicode.IsSpace) {
		return nil, errors.New("kavenegar: APIKey contains characters that cannot be part of the URL path (/, ?, # or spaces)")
	}

	rawBase := strings.TrimSpace(cfg.BaseURL)
	if rawBase == "" {
		rawBase = kavenegarDefaultBaseURL
	}
	base, err := url.Parse(rawBase)
	if err != nil {
		return nil, fmt.Errorf("kavenegar: invalid BaseURL: %w", err)
	}
	if base.Scheme != "http" && base.Scheme != "https" {
		return nil, fmt.Errorf("kavenegar: invalid BaseURL %q: scheme must be http or https", rawBase)
	}
	if base.Host == "" {
		return nil, fmt.Errorf("kavenegar: invalid BaseURL %q: no host", rawBase)
	}
	if base.RawQuery != "" || base.Fragment != "" {
		return nil, fmt.Errorf("kavenegar: invalid BaseURL %q: must not have a query or fragment", rawBase)
	}

	timeout := cfg.Timeout
	switch {
	case timeout < 0:
		return nil, fmt.Errorf("kavenegar: Timeout must not be negative, got %s", timeout)
	case timeout == 0:
		timeout = kavenegarDefaultTimeout
	}

	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{}
	}

	secrets := []string{key}
	for _, s := range []string{url.PathEscape(key), url.QueryEscape(key)} {
		if s != key {
			secrets = append(secrets, s)
		}
	}

	return &Kavenegar{
		apiKey:  key,
		sender:  strings.TrimSpace(cfg.Sender),
		base:    base,
		client:  client,
		timeout: timeout,
		secrets: secrets,
	}, nil
}

// Name implements Provider.
func (k *Kavenegar) Name() string { return kavenegarName }

// Send implements Provider. A message without a Template goes through
// sms/send, with LocalID as Kavenegar's localid so that a retry after a lost
// answer is not delivered twice; a message with a Template goes through
// verify/lookup with Tokens as token, token2 and token3.
func (k *Kavenegar) Send(ctx context.Context, m Outgoing) (Receipt, error) {
	if m.To == "" {
		return Receipt{}, k.localError("no receptor")
	}
	form := url.Values{}
	form.Set("receptor", m.To)

	var endpoint []string
	if m.Template == "" {
		if m.Text == "" {
			return Receipt{}, k.localError("empty message")
		}
		endpoint = []string{"sms", "send.json"}
		form.Set("message", m.Text)
		if k.sender != "" {
			form.Set("sender", k.sender)
		}
		// Kavenegar's localid: the message's ID on our side. Kavenegar
		// does not send a message again for a localid it has already
		// accepted; it answers with the earlier message instead. That
		// makes retrying sms/send safe.
		if m.LocalID > 0 {
			form.Set("localid", strconv.FormatInt(m.LocalID, 10))
		}
	} else {
		// verify/lookup has no localid, so a retried lookup whose first
		// attempt did go through sends the code twice (same text).
		if err := checkKavenegarTokens(m.Tokens); err != nil {
			return Receipt{}, k.localError(err.Error())
		}
		endpoint = []string{"verify", "lookup.json"}
		form.Set("template", m.Template)
		for i, tok := range m.Tokens {
			form.Set(kavenegarTokenFields[i], tok)
		}
	}
	return k.call(ctx, endpoint, form)
}

// checkKavenegarTokens rejects tokens Kavenegar would refuse: its docs say
// token, token2 and token3 cannot contain spaces (the answer would be 431).
func checkKavenegarTokens(tokens []string) error {
	if len(tokens) == 0 {
		return errors.New("template message without tokens (token is required)")
	}
	if len(tokens) > len(kavenegarTokenFields) {
		return fmt.Errorf("template message with %d tokens; at most %d are supported (token, token2, token3)",
			len(tokens), len(kavenegarTokenFields))
	}
	for i, tok := range tokens {
		field := kavenegarTokenFields[i]
		if tok == "" {
			return fmt.Errorf("%s is empty", field)
		}
		if strings.ContainsFunc(tok, unicode.IsSpace) {
			return fmt.Errorf("%s contains a space; Kavenegar does not accept spaces in token, token2 or token3", field)
		}
	}
	return nil
}

// call posts form to endpoint and interprets the answer.
func (k *Kavenegar) call(parent context.Context, endpoint []string, form url.Values) (Receipt, error) {
	ctx, cancel := context.WithTimeout(parent, k.timeout)
	defer cancel()

	u := k.base.JoinPath(append([]string{"v1", k.apiKey}, endpoint...)...)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return Receipt{}, k.newError(0, "cannot build request: "+err.Error(), false)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")

	resp, err := k.client.Do(req)
	if err != nil {
		return Receipt{}, k.transportError(parent, err)
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(io.LimitReader(resp.Body, kavenegarMaxBody))
	if err != nil {
		return Receipt{}, k.transportError(parent, fmt.Errorf("reading answer (HTTP %d): %w", resp.StatusCode, err))
	}
	return k.interpret(resp.StatusCode, resp.Header.Get("Content-Type"), body)
}

// kavenegarAnswer is the JSON Kavenegar answers with, on success and on
// failure (with its status code also as the HTTP status):
//
//	{"return":{"status":200,"message":"تایید شد"},"entries":[{"messageid":8792343,...}]}
type kavenegarAnswer struct {
	Return *struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	} `json:"return"`
	Entries json.RawMessage `json:"entries"`
}

type kavenegarEntry struct {
	MessageID  json.Number `json:"messageid"`
	StatusText string      `json:"statustext"`
}

func (k *Kavenegar) interpret(httpStatus int, contentType string, body []byte) (Receipt, error) {
	var ans kavenegarAnswer
	if err := json.Unmarshal(body, &ans); err != nil || ans.Return == nil || ans.Return.Status == 0 {
		return Receipt{}, k.unreadableAnswer(httpStatus, contentType, body)
	}

	status := ans.Return.Status
	if status != http.StatusOK {
		return Receipt{}, k.statusError(status, ans.Return.Message)
	}
	if httpStatus != http.StatusOK {
		// The body says "accepted" but the HTTP status does not; this is
		// not how Kavenegar answers, so go by the HTTP status.
		return Receipt{}, k.newError(httpStatus,
			fmt.Sprintf("HTTP %d with return.status 200 (%s)", httpStatus, ans.Return.Message),
			kavenegarHTTPTemporary(httpStatus))
	}

	entries, err := kavenegarEntries(ans.Entries)
	if err != nil || len(entries) == 0 || entries[0].MessageID == "" {
		detail := "no entries"
		if err != nil {
			detail = "unreadable entries: " + err.Error()
		} else if len(entries) > 0 {
			detail = "entry without messageid"
		}
		// Kavenegar accepted the request but did not say which message it
		// made. Temporary: a retry of sms/send carries the same localid
		// and so returns the message instead of sending another.
		return Receipt{}, k.newError(status, "accepted but the answer has "+detail, true)
	}
	e := entries[0]
	return Receipt{MessageID: e.MessageID.String(), Status: e.StatusText}, nil
}

// kavenegarEntries reads "entries", which is a list for sms/send and
// verify/lookup; a single object is accepted too.
func kavenegarEntries(raw json.RawMessage) ([]kavenegarEntry, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	if raw[0] == '{' {
		var e kavenegarEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, err
		}
		return []kavenegarEntry{e}, nil
	}
	var list []kavenegarEntry
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, err
	}
	return list, nil
}

// kavenegarStatus describes one of Kavenegar's return codes.
type kavenegarStatus struct {
	meaning   string
	temporary bool // retrying later may succeed
}

// kavenegarStatuses are the return codes of Kavenegar's REST API, with the
// meanings given in Kavenegar's documentation (https://kavenegar.com/rest.html,
// the general table of return codes, "result-general"). Whether a code is
// Temporary (retried with back-off) or permanent is our own judgement:
// permanent when the same request cannot succeed until someone changes the
// request, the account or its settings. Codes missing here are temporary
// from 500 up and permanent below.
var kavenegarStatuses = map[int]kavenegarStatus{
	// 400: parameters incomplete (پارامترها ناقص هستند).
	400: {"parameters incomplete", false},
	// 401: user account disabled (حساب کاربری غیرفعال شده است).
	401: {"account disabled", false},
	// 402: operation failed (عملیات ناموفق بود); Kavenegar gives no cause, so
	// it is retried like 409.
	402: {"operation failed", true},
	// 403: API key not valid (کد شناسائی API-Key معتبر نمی‌باشد).
	403: {"API key not valid", false},
	// 404: unknown method (متد نامشخص است).
	404: {"unknown method", false},
	// 405: wrong GET/POST method (متد Get/Post اشتباه است).
	405: {"wrong HTTP method", false},
	// 406: mandatory parameters sent empty (پارامترهای اجباری خالی ارسال شده اند).
	406: {"mandatory parameters empty", false},
	// 407: access denied; some methods and international lines need the
	// server's IP set in the panel's security settings.
	407: {"access denied (IP not allowed in account settings)", false},
	// 409: server cannot answer, try later (سرور قادر به پاسخگوئی نیست بعدا تلاش کنید).
	409: {"server unavailable", true},
	// 411: receptor not valid (دریافت کننده نامعتبر است).
	411: {"receptor not valid", false},
	// 412: sender not valid (ارسال کننده نامعتبر است).
	412: {"sender not valid", false},
	// 413: message empty or too long (at most 900 characters).
	413: {"message empty or too long", false},
	// 414: too many records in one request (200 per send).
	414: {"request too large", false},
	// 415: start index larger than the number of records.
	415: {"start index out of range", false},
	// 416: the calling server's IP does not match the account settings.
	416: {"source IP does not match account settings", false},
	// 417: send date wrong or badly formatted.
	417: {"invalid send date", false},
	// 418: credit not sufficient (اعتبار شما کافی نمی‌باشد); needs a top-up.
	418: {"insufficient credit", false},
	// 419: text, receptor and sender arrays differ in length (sendarray).
	419: {"array lengths differ", false},
	// 420: links in the message text are restricted for this account.
	420: {"links in message not allowed", false},
	// 422: data cannot be processed because of invalid characters.
	422: {"invalid characters", false},
	// 424: template not found, or not yet approved (verify/lookup).
	424: {"template not found or not approved", false},
	// 426: the method needs the advanced service.
	426: {"advanced service required", false},
	// 427: the line needs an access level to be set up.
	427: {"line requires access level", false},
	// 428: code cannot be sent by voice call (the token is not all digits).
	428: {"code cannot be sent by call", false},
	// 429: IP restricted (IP محدود شده است). The docs say no more; it is
	// treated as a rate limit, like HTTP 429 and like 451.
	429: {"IP restricted", true},
	// 431: code structure not valid (the token has a new line, space,
	// underscore or separator).
	431: {"invalid token", false},
	// 432: the template text has no %token parameter.
	432: {"token parameter missing in template", false},
	// 451: too many calls in a period; the IP is restricted for a while.
	451: {"rate limited", true},
	// 501: a test account may only send to the account owner's number.
	501: {"test account: only the owner's number allowed", false},
	// 607: tag name not valid.
	607: {"invalid tag", false},
}

func (k *Kavenegar) statusError(status int, message string) error {
	info, ok := kavenegarStatuses[status]
	if !ok {
		info = kavenegarStatus{meaning: "undocumented status", temporary: status >= 500}
	}
	text := info.meaning
	if message != "" {
		text += ": " + message
	}
	return k.newError(status, text, info.temporary)
}

// unreadableAnswer handles an answer that is not Kavenegar's JSON, e.g. an
// HTML error page from a proxy.
func (k *Kavenegar) unreadableAnswer(httpStatus int, contentType string, body []byte) error {
	if contentType == "" {
		contentType = "no content type"
	}
	text := fmt.Sprintf("unexpected answer (HTTP %d, %s)", httpStatus, contentType)
	// Scrub before shortening, so that no part of the key survives.
	if s := kavenegarSnippet(k.scrub(string(body)), 120); s != "" {
		text += ": " + s
	}
	// A 200 that is not Kavenegar's JSON did not come from Kavenegar's
	// application (a proxy, a captive portal); try again later.
	temporary := httpStatus == http.StatusOK || kavenegarHTTPTemporary(httpStatus)
	return k.newError(httpStatus, text, temporary)
}

func kavenegarHTTPTemporary(status int) bool {
	return status >= 500 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout
}

// kavenegarSnippet collapses white space and cuts s to at most n runes.
func kavenegarSnippet(s string, n int) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "?")), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// transportError reports a failure to get an answer at all: network errors,
// timeouts and cancellation. All are temporary. url.Error's text contains
// the request URL, and with it the API key, so it is rebuilt and scrubbed.
func (k *Kavenegar) transportError(parent context.Context, err error) error {
	detail := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		detail = fmt.Sprintf("%s %s: %v", ue.Op, ue.URL, ue.Err)
	}
	var text string
	switch {
	case parent.Err() != nil:
		text = "request canceled (" + parent.Err().Error() + "): " + detail
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		text = "request timed out: " + detail
	default:
		text = "request failed: " + detail
	}
	return k.newError(0, text, true)
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// localError rejects a message before anything is sent.
func (k *Kavenegar) localError(text string) error {
	return k.newError(0, "rejected before sending: "+text, false)
}

func (k *Kavenegar) newError(status int, text string, temporary bool) *ProviderError {
	return &ProviderError{
		Provider:  kavenegarName,
		Status:    status,
		Message:   k.scrub(text),
		Temporary: temporary,
	}
}

// scrub removes the API key, in every form it may take in a URL, from s.
func (k *Kavenegar) scrub(s string) string {
	for _, secret := range k.secrets {
		s = strings.ReplaceAll(s, secret, kavenegarRedacted)
	}
	return s
}
