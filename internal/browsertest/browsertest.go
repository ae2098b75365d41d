// Package browsertest drives a real headless Chromium for Pishkhan's
// browser journeys: a test loads pages, clicks, fills and submits forms
// the way a customer does, and checks what the browser shows (right to
// left layout, Persian digits, the phone layout, no console errors).
//
// Browser tests are off unless the environment variable
// PISHKHAN_TEST_BROWSER switches them on, so `go test ./...` needs no
// browser:
//
//	PISHKHAN_TEST_BROWSER=        the tests skip (also "0" and "false")
//	PISHKHAN_TEST_BROWSER=1       use /usr/bin/chromium, else chromium,
//	                              chromium-browser, google-chrome or
//	                              google-chrome-stable on PATH ("true" too)
//	PISHKHAN_TEST_BROWSER=/path   use that binary
//
// Once switched on, a browser that cannot be found or does not start
// fails the test: CI switches the tests on precisely so that a missing
// browser is noticed. PISHKHAN_TEST_SCREENSHOTS names a folder where
// Snapshot also saves its pictures, for a human to look at.
//
// A journey reads like the customer's steps:
//
//	b := browsertest.New(t)
//	b.Navigate(base + "/login")
//	b.Fill("#mobile", "۰۹۱۲۳۴۵۶۷۸۹")
//	b.Submit("form.login")
//	if got := b.Text("h1"); got != "کد تأیید" { t.Errorf(...) }
//	b.ExpectNoConsoleErrors()
//
// Every helper fails the test (t.Fatal) with the current address of the
// page when the browser cannot do the step in time. The server under test
// is started by the caller; this package does not import the application.
package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Environment variables of the package.
const (
	// EnvBrowser switches the browser tests on; see the package comment.
	EnvBrowser = "PISHKHAN_TEST_BROWSER"
	// EnvScreenshots names a folder where Snapshot also saves its PNGs.
	EnvScreenshots = "PISHKHAN_TEST_SCREENSHOTS"
)

// Defaults of New; see WithTimeout and WithWait.
const (
	// DefaultTimeout bounds everything one Browser does, so that a hung
	// browser fails the test instead of hanging it.
	DefaultTimeout = 60 * time.Second
	// DefaultWait bounds one step: waiting for an element, a click, a
	// read. Page loads (Navigate, Submit, ClickAndWait) get three times
	// as long.
	DefaultWait = 10 * time.Second
	// startTimeout bounds the start of the browser process.
	startTimeout = 30 * time.Second
	// closeTimeout bounds the wait for the browser to exit at cleanup.
	closeTimeout = 20 * time.Second
)

// The window sizes of DesktopViewport and PhoneViewport, in CSS pixels.
const (
	DesktopWidth  = 1280
	DesktopHeight = 900
	PhoneWidth    = 390 // an ordinary phone held upright (iPhone 12–15)
	PhoneHeight   = 844
	PhoneScale    = 3
)

// candidates are the browsers that PISHKHAN_TEST_BROWSER=1 looks for, in
// order. Absolute paths are checked as they are, names on PATH.
var candidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// errOff means the switch is off: the test skips.
var errOff = errors.New("browser tests are off")

// resolveBrowser turns the value of PISHKHAN_TEST_BROWSER into the path of
// a browser binary. lookPath is exec.LookPath, replaced in tests.
func resolveBrowser(value string, lookPath func(string) (string, error)) (string, error) {
	v := strings.TrimSpace(value)
	switch strings.ToLower(v) {
	case "", "0", "false", "off", "no":
		return "", errOff
	case "1", "true", "on", "yes":
		for _, c := range candidates {
			if p, err := lookPath(c); err == nil {
				return p, nil
			}
		}
		return "", fmt.Errorf("%s=%s but no browser was found (looked for %s); install Chromium (Debian: apt-get install chromium) or set %s to the path of a Chromium binary",
			EnvBrowser, v, strings.Join(candidates, ", "), EnvBrowser)
	}
	p, err := lookPath(v)
	if err != nil {
		return "", fmt.Errorf("%s=%s does not name a browser that can run: %v", EnvBrowser, v, err)
	}
	return p, nil
}

// BrowserPath returns the browser binary that PISHKHAN_TEST_BROWSER names.
// It skips t when the switch is off and fails it when the switch is on but
// no browser can be found.
func BrowserPath(t testing.TB) string {
	t.Helper()
	p, err := resolveBrowser(os.Getenv(EnvBrowser), exec.LookPath)
	switch {
	case errors.Is(err, errOff):
		t.Skipf("browser test skipped: set %s=1 (or to the path of a Chromium binary) to run it", EnvBrowser)
	case err != nil:
		t.Fatal("browsertest: " + err.Error())
	}
	return p
}

// Option changes how New sets the browser up.
type Option func(*options)

type options struct {
	timeout time.Duration
	wait    time.Duration
	flags   map[string]any
}

// WithTimeout sets how long the whole Browser may take, from New on
// (DefaultTimeout). Give a long journey more.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithWait sets how long one step may take (DefaultWait).
func WithWait(d time.Duration) Option { return func(o *options) { o.wait = d } }

// WithFlag adds a Chromium command-line flag (true for a bare switch, a
// string for --name=value), e.g. WithFlag("lang", "fa-IR").
func WithFlag(name string, value any) Option {
	return func(o *options) { o.flags[name] = value }
}

// Browser is one headless Chromium with one tab, bound to one test.
// Its methods must be called from the test's goroutine.
type Browser struct {
	t        testing.TB
	ctx      context.Context // the tab; no deadline of its own
	cancel   context.CancelFunc
	deadline time.Time // of the whole Browser
	timeout  time.Duration
	wait     time.Duration
	output   *capBuffer // the browser's own stdout/stderr and chromedp's log
	close    sync.Once
	shots    int

	mu            sync.Mutex // guards what the event listener writes
	console       []ConsoleEntry
	dialogs       []string
	rejectDialogs bool
}

// New starts a headless Chromium for t and returns it; t.Cleanup closes
// it. It skips t when PISHKHAN_TEST_BROWSER is off and fails t when the
// browser cannot be found or started.
//
// The browser runs with a fresh temporary profile (removed when it exits),
// a 1280×900 window, no sandbox (CI runs as root), no GPU and none of
// Chromium's own network traffic: the test machines reach only loopback,
// and a browser that phones home floods the log with refused connections.
func New(t testing.TB, opts ...Option) *Browser {
	t.Helper()
	path := BrowserPath(t)

	o := options{timeout: DefaultTimeout, wait: DefaultWait, flags: map[string]any{}}
	for _, opt := range opts {
		opt(&o)
	}
	b := &Browser{
		t:        t,
		timeout:  o.timeout,
		wait:     o.wait,
		deadline: time.Now().Add(o.timeout),
		output:   &capBuffer{limit: 32 << 10},
	}
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		// Leave the test binary a moment to report a failure of ours
		// before `go test -timeout` panics.
		if dl, ok := d.Deadline(); ok && dl.Add(-5*time.Second).Before(b.deadline) {
			b.deadline = dl.Add(-5 * time.Second)
		}
	}

	alloc := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(DesktopWidth, DesktopHeight),
		// Chromium's own traffic: nothing leaves the machine.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater"),
		chromedp.CombinedOutput(b.output),
	)
	for name, v := range o.flags {
		alloc = append(alloc, chromedp.Flag(name, v))
	}
	// The allocator and the tab get no deadline: a deadline on the context
	// of the first Run would kill the browser. Each step gets its own.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), alloc...)
	ctx, cancelTab := chromedp.NewContext(allocCtx,
		chromedp.WithListener(b.onEvent),
		chromedp.WithLogf(b.output.logf),
		chromedp.WithErrorf(b.output.logf),
	)
	b.ctx = ctx
	b.cancel = func() { cancelTab(); cancelAlloc() }
	t.Cleanup(func() {
		if t.Failed() {
			b.logConsole()
		}
		b.Close()
	})

	started := make(chan error, 1)
	go func() {
		started <- chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			// Report violations of the content security policy as console
			// errors; Chromium logs most of them by itself, but not all.
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspListenerJS})
			return err
		}))
	}()
	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case err := <-started:
		if err != nil {
			b.Close()
			t.Fatalf("browsertest: starting %s failed: %v%s", path, err, b.output.tail(20))
		}
	case <-timer.C:
		b.Close()
		t.Fatalf("browsertest: %s did not start within %s%s", path, startTimeout, b.output.tail(20))
	}
	return b
}

// cspListenerJS runs in every document before the page's own scripts.
const cspListenerJS = `document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline code") +
    (e.sourceFile ? " at " + e.sourceFile + ":" + e.lineNumber : ""));
}, true);`

// Close closes the browser and waits (a while) for it to exit. Cleanup
// calls it; calling it earlier is fine.
func (b *Browser) Close() {
	b.close.Do(func() {
		done := make(chan struct{})
		go func() {
			b.cancel()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(closeTimeout):
			b.t.Logf("browsertest: the browser did not exit within %s of closing", closeTimeout)
		}
	})
}

// Context returns the chromedp context of the tab, for what the helpers do
// not cover: chromedp.Run(b.Context(), …). Bound it with a timeout.
func (b *Browser) Context() context.Context { return b.ctx }

// Do runs raw chromedp actions as one step, failing the test on error.
func (b *Browser) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	step(b, what, b.wait, chromedp.Steps(actions...))
}

// step runs a on the tab within d (and within the Browser's deadline) and
// fails the test with what, the error and the current address.
func step[T any](b *Browser, what string, d time.Duration, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := try(b, d, a)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && !time.Now().After(b.deadline) {
			err = fmt.Errorf("gave up after %s (WithWait gives more): %w", d, err)
		}
		b.fail(what, err)
	}
	return v
}

func try[T any](b *Browser, d time.Duration, a chromedp.Action[T]) (T, error) {
	dl := time.Now().Add(d)
	if b.deadline.Before(dl) {
		dl = b.deadline
	}
	ctx, cancel := context.WithDeadline(b.ctx, dl)
	defer cancel()
	return chromedp.Run(ctx, a)
}

func (b *Browser) fail(what string, err error) {
	b.t.Helper()
	msg := err.Error()
	if errors.Is(err, context.DeadlineExceeded) && time.Now().After(b.deadline) {
		msg = fmt.Sprintf("gave up: the browser test ran out of its %s (WithTimeout gives more)", b.timeout)
	}
	b.t.Fatalf("browsertest: %s: %s\n\tpage: %s", what, msg, b.currentURL())
}

// currentURL asks the tab for its address without the step's deadline.
func (b *Browser) currentURL() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	return u
}

// load is how long a page load may take.
func (b *Browser) load() time.Duration { return 3 * b.wait }

// Navigate loads url and waits for the page to load. It returns the HTTP
// status of the page (which it does not judge: a journey may expect 404).
func (b *Browser) Navigate(url string) int {
	b.t.Helper()
	resp := step(b, "navigate to "+url, b.load(), chromedp.NavigateResponse(url))
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Reload reloads the page, waits for it and returns its HTTP status.
func (b *Browser) Reload() int {
	b.t.Helper()
	return b.waitLoad("reload", chromedp.Reload())
}

// waitLoad runs trigger, waits for the page load it causes and returns
// the status of the new page.
func (b *Browser) waitLoad(what string, trigger chromedp.Action[chromedp.Void]) int {
	b.t.Helper()
	v := step(b, what+" (and wait for the next page)", b.load(), func(ctx context.Context, t *chromedp.Target) (int, error) {
		resp, err := chromedp.RunResponse(ctx, trigger)
		if err != nil || resp == nil {
			return 0, err
		}
		return int(resp.Status), nil
	})
	return v
}

// URL returns the address of the page.
func (b *Browser) URL() string {
	b.t.Helper()
	return step(b, "read the address", b.wait, chromedp.Location())
}

// Title returns the page's <title>.
func (b *Browser) Title() string {
	b.t.Helper()
	return step(b, "read the title", b.wait, chromedp.Title())
}

// WaitVisible waits until an element matching the CSS selector is visible.
func (b *Browser) WaitVisible(sel string) {
	b.t.Helper()
	step(b, fmt.Sprintf("wait for %q to be visible", sel), b.wait, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// WaitHidden waits until the element matching sel is present but not
// visible.
func (b *Browser) WaitHidden(sel string) {
	b.t.Helper()
	step(b, fmt.Sprintf("wait for %q to be hidden", sel), b.wait, chromedp.WaitNotVisible(chromedp.CSS(sel)))
}

// WaitGone waits until no element matches sel.
func (b *Browser) WaitGone(sel string) {
	b.t.Helper()
	step(b, fmt.Sprintf("wait for %q to go away", sel), b.wait, chromedp.WaitNotPresent(chromedp.CSS(sel)))
}

// Click waits for the element to be visible and clicks it with the mouse.
// It does not wait for a page load; use ClickAndWait for links and submit
// buttons.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	step(b, fmt.Sprintf("click %q", sel), b.wait, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// ClickAndWait clicks the element and waits for the page it leads to,
// returning that page's HTTP status.
func (b *Browser) ClickAndWait(sel string) int {
	b.t.Helper()
	b.WaitVisible(sel)
	return b.waitLoad(fmt.Sprintf("click %q", sel), chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Fill types value into the input or textarea matching sel, replacing what
// it held, as a person types (Persian text is fine). For a <select> it
// picks the option with that value.
func (b *Browser) Fill(sel, value string) {
	b.t.Helper()
	b.WaitVisible(sel)
	what := fmt.Sprintf("fill %q with %q", sel, value)
	kind := step(b, what, b.wait, chromedp.Evaluate[string](fmt.Sprintf(`((sel) => {
  const el = document.querySelector(sel);
  if (!el) return "missing";
  if (el.tagName === "SELECT") return "select";
  if (el.type === "checkbox" || el.type === "radio" || el.type === "file") return "type " + el.type;
  if (!("value" in el)) return "no value: " + el.tagName.toLowerCase();
  el.focus();
  el.value = "";
  el.dispatchEvent(new Event("input", {bubbles: true}));
  return "text";
})(%s)`, jsString(sel))))
	switch {
	case kind == "text":
		step(b, what, b.wait, chromedp.SendKeys(chromedp.CSS(sel), value))
	case kind == "select":
		options := step(b, what, b.wait, chromedp.Evaluate[[]string](fmt.Sprintf(`((sel, v) => {
  const el = document.querySelector(sel);
  const values = Array.from(el.options, (o) => o.value);
  if (values.includes(v)) {
    el.value = v;
    el.dispatchEvent(new Event("input", {bubbles: true}));
    el.dispatchEvent(new Event("change", {bubbles: true}));
    return null;
  }
  return values;
})(%s, %s)`, jsString(sel), jsString(value))))
		if options != nil {
			b.fail(what, fmt.Errorf("the select has no option with that value (it has %q)", options))
		}
	case strings.HasPrefix(kind, "type "):
		b.fail(what, fmt.Errorf("it is an input of %s; use Click (or Upload for files)", kind))
	default:
		b.fail(what, errors.New("cannot fill it: "+kind))
	}
}

// Upload sets the files of the file input matching sel.
func (b *Browser) Upload(sel string, paths ...string) {
	b.t.Helper()
	abs := make([]string, len(paths))
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			b.t.Fatalf("browsertest: upload %s: %v", p, err)
		}
		abs[i] = a
	}
	step(b, fmt.Sprintf("upload %q into %q", paths, sel), b.wait, chromedp.SetUploadFiles(chromedp.CSS(sel), abs))
}

// Submit submits the form matching sel (or the form of the element that
// matches it) as pressing Enter does: the browser checks the fields, the
// form's first submit button is the submitter, and Submit waits for the
// page that answers. It returns that page's HTTP status. A form that the
// browser's own validation stops fails the test with the fields at fault.
func (b *Browser) Submit(sel string) int {
	b.t.Helper()
	b.WaitVisible(sel)
	what := fmt.Sprintf("submit %q", sel)
	find := fmt.Sprintf(`(document.querySelector(%s) && (document.querySelector(%[1]s).tagName === "FORM" ? document.querySelector(%[1]s) : document.querySelector(%[1]s).form))`, jsString(sel))
	problems := step(b, what, b.wait, chromedp.Evaluate[[]string](fmt.Sprintf(`(() => {
  const form = %s;
  if (!form) return ["no form: the selector matches neither a form nor a field of one"];
  if (form.checkValidity()) return null;
  return Array.from(form.elements).filter((e) => e.willValidate && !e.validity.valid)
    .map((e) => (e.name || e.id || e.tagName.toLowerCase()) + ": " + e.validationMessage);
})()`, find)))
	if problems != nil {
		b.fail(what, fmt.Errorf("the browser refuses to submit it: %s", strings.Join(problems, "; ")))
	}
	// The submission starts after Evaluate has answered, so that the
	// navigation cannot swallow the answer.
	return b.waitLoad(what, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
  const form = %s;
  setTimeout(() => form.requestSubmit(form.querySelector("button[type=submit], input[type=submit], button:not([type])") || undefined), 0);
})()`, find)))
}

// Text returns the visible text (innerText) of the first element matching
// sel, trimmed.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(step(b, fmt.Sprintf("read the text of %q", sel), b.wait, chromedp.Text(chromedp.CSS(sel))))
}

// Texts returns the trimmed visible text of every element matching sel,
// now (no waiting; none is an empty slice).
func (b *Browser) Texts(sel string) []string {
	b.t.Helper()
	return step(b, fmt.Sprintf("read the texts of %q", sel), b.wait, chromedp.Evaluate[[]string](
		fmt.Sprintf(`Array.from(document.querySelectorAll(%s), (e) => e.innerText.trim())`, jsString(sel))))
}

// Value returns the current value of the form field matching sel.
func (b *Browser) Value(sel string) string {
	b.t.Helper()
	return step(b, fmt.Sprintf("read the value of %q", sel), b.wait, chromedp.Value(chromedp.CSS(sel)))
}

// Attr returns the attribute of the first element matching sel, "" when
// the element has no such attribute (HasAttr tells the two apart).
func (b *Browser) Attr(sel, name string) string {
	b.t.Helper()
	return step(b, fmt.Sprintf("read attribute %s of %q", name, sel), b.wait, chromedp.AttributeValue(chromedp.CSS(sel), name)).Value
}

// HasAttr reports whether the first element matching sel has the attribute.
func (b *Browser) HasAttr(sel, name string) bool {
	b.t.Helper()
	return step(b, fmt.Sprintf("read attribute %s of %q", name, sel), b.wait, chromedp.AttributeValue(chromedp.CSS(sel), name)).Exists
}

// Exists reports whether an element matches sel now (no waiting).
func (b *Browser) Exists(sel string) bool {
	b.t.Helper()
	return b.Count(sel) > 0
}

// Count returns how many elements match sel now.
func (b *Browser) Count(sel string) int {
	b.t.Helper()
	return step(b, fmt.Sprintf("count %q", sel), b.wait, chromedp.Evaluate[int](
		fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel))))
}

// Visible reports whether the first element matching sel is rendered and
// visible now (false when there is none).
func (b *Browser) Visible(sel string) bool {
	b.t.Helper()
	return step(b, fmt.Sprintf("check whether %q is visible", sel), b.wait, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
  const el = document.querySelector(%s);
  return !!el && el.checkVisibility({visibilityProperty: true, opacityProperty: true}) && el.getClientRects().length > 0;
})()`, jsString(sel))))
}

// Style returns the computed value of a CSS property (e.g. "direction",
// "background-color") of the first element matching sel.
func (b *Browser) Style(sel, property string) string {
	b.t.Helper()
	what := fmt.Sprintf("read style %s of %q", property, sel)
	v := step(b, what, b.wait, chromedp.Evaluate[*string](fmt.Sprintf(`(() => {
  const el = document.querySelector(%s);
  return el ? getComputedStyle(el).getPropertyValue(%s) : null;
})()`, jsString(sel), jsString(property))))
	if v == nil {
		b.fail(what, errors.New("no element matches"))
	}
	return *v
}

// Eval evaluates a JavaScript expression in the page (a promise is
// awaited) and decodes its JSON value into out; out may be nil.
func (b *Browser) Eval(js string, out any) {
	b.t.Helper()
	what := "evaluate " + short(js)
	raw := step(b, what, b.wait, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if out == nil {
		return
	}
	if len(raw) == 0 {
		b.fail(what, errors.New("the expression gave undefined"))
	}
	if err := json.Unmarshal(raw, out); err != nil {
		b.fail(what, fmt.Errorf("decode %s: %v", short(string(raw)), err))
	}
}

// Eval evaluates a JavaScript expression in the page (a promise is
// awaited) and returns its value as a T:
//
//	lang := browsertest.Eval[string](b, `document.documentElement.lang`)
func Eval[T any](b *Browser, js string) T {
	b.t.Helper()
	return step(b, "evaluate "+short(js), b.wait, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:77]) + "…"
	}
	return s
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// PhoneViewport makes the tab a phone: 390×844 CSS pixels at 3× density,
// upright, with mobile layout (the page's viewport meta tag applies) and
// touch. Reload (or navigate) afterwards when the page measures itself at
// load.
func (b *Browser) PhoneViewport() {
	b.t.Helper()
	b.Do("switch to a phone viewport",
		chromedp.EmulateViewport(PhoneWidth, PhoneHeight, chromedp.EmulateScale(PhoneScale),
			chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
}

// DesktopViewport returns the tab to the 1280×900 desktop window.
func (b *Browser) DesktopViewport() {
	b.t.Helper()
	b.Do("switch to the desktop viewport", chromedp.EmulateViewport(DesktopWidth, DesktopHeight))
}

// Screenshot saves a PNG of the whole page (beyond the window) at path,
// creating its folder.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	png := step(b, "take a screenshot", b.load(), chromedp.FullScreenshot(100))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.t.Fatalf("browsertest: screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("browsertest: screenshot: %v", err)
	}
}

// Snapshot saves a full-page PNG named after the test and name into
// t.TempDir() and, when PISHKHAN_TEST_SCREENSHOTS names a folder, there
// too, so that a human can look. It returns the paths it wrote.
func (b *Browser) Snapshot(name string) []string {
	b.t.Helper()
	b.shots++
	file := fmt.Sprintf("%s-%02d-%s.png", safeName(b.t.Name()), b.shots, safeName(name))
	paths := []string{filepath.Join(b.t.TempDir(), file)}
	if dir := os.Getenv(EnvScreenshots); dir != "" {
		paths = append(paths, filepath.Join(dir, file))
	}
	png := step(b, "take a screenshot", b.load(), chromedp.FullScreenshot(100))
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.t.Fatalf("browsertest: snapshot: %v", err)
		}
		if err := os.WriteFile(p, png, 0o644); err != nil {
			b.t.Fatalf("browsertest: snapshot: %v", err)
		}
	}
	b.t.Logf("browsertest: screenshot %s", strings.Join(paths, ", "))
	return paths
}

// safeName makes s usable as (part of) a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}

// Dialogs returns the messages of the alert/confirm/prompt dialogs the
// pages opened so far. The Browser answers them at once: it accepts them
// unless RejectDialogs was called.
func (b *Browser) Dialogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...)
}

// RejectDialogs makes the Browser dismiss later dialogs (answer «لغو» to a
// confirm) when reject is true, and accept them again when it is false.
func (b *Browser) RejectDialogs(reject bool) {
	b.mu.Lock()
	b.rejectDialogs = reject
	b.mu.Unlock()
}

// capBuffer keeps the last limit bytes written to it.
type capBuffer struct {
	mu    sync.Mutex
	limit int
	buf   []byte
}

func (c *capBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf = append(c.buf, p...)
	if over := len(c.buf) - c.limit; over > 0 {
		c.buf = append(c.buf[:0], c.buf[over:]...)
	}
	return len(p), nil
}

func (c *capBuffer) logf(format string, args ...any) {
	fmt.Fprintf(c, "chromedp: "+format+"\n", args...)
}

// tail returns the last n lines the browser printed, for failure
// messages; its complaints about the missing D-Bus are left out.
func (c *capBuffer) tail(n int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var lines [][]byte
	for _, l := range bytes.Split(bytes.TrimSpace(c.buf), []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 && !bytes.Contains(l, []byte("dbus")) {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "\n\tlast browser output:\n\t\t" + string(bytes.Join(lines, []byte("\n\t\t")))
}
