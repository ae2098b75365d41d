package app_test

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/app"
	"pishkhan/internal/browsertest"
)

// TestBrowserHomeIsPersianRTL loads the home page of `serve --demo` in
// headless Chromium (PISHKHAN_TEST_BROWSER=1 switches it on) and checks
// what a customer sees: a right-to-left Persian page with Persian digits,
// our stylesheet applied, a clean console, and a phone layout that fits.
func TestBrowserHomeIsPersianRTL(t *testing.T) {
	b := browsertest.New(t) // skips unless PISHKHAN_TEST_BROWSER is set
	srv := startBrowserServer(t, nil)

	b.Navigate(srv.URL + "/")

	if lang := browsertest.Eval[string](b, `document.documentElement.lang`); lang != "fa" {
		t.Errorf(`<html lang> = %q, want "fa"`, lang)
	}
	if dir := browsertest.Eval[string](b, `document.documentElement.dir`); dir != "rtl" {
		t.Errorf(`<html dir> = %q, want "rtl"`, dir)
	}
	if d := b.Style("body", "direction"); d != "rtl" {
		t.Errorf("computed direction of body = %q, want rtl", d)
	}

	today := b.Text(".today")
	if !strings.HasPrefix(today, "امروز") || !browserHasPersianDigit(today) || browserHasLatinDigit(today) {
		t.Errorf("today's date %q: want «امروز …» with Persian digits and no Latin ones", today)
	}

	// A visitor's landing: the services this deployment offers (every
	// area here), the sign-in and the registration; no status tiles.
	if n := b.Count("main li"); n != 5 {
		t.Errorf("the visitor's landing lists %d services, want the 5 areas", n)
	}
	if !b.Exists(`main a[href="/login"]`) || !b.Exists(`main a[href="/register"]`) {
		t.Error("the visitor's landing lacks the sign-in or the registration")
	}
	if b.Exists(".area") || strings.Contains(b.Text("main"), "وضعیت: آماده") {
		t.Error("the home page still shows the areas' status tiles")
	}

	// Our stylesheet applied: the top bar is painted, not transparent.
	if bg := b.Style(".topbar", "background-color"); bg == "" || bg == "transparent" || bg == "rgba(0, 0, 0, 0)" {
		t.Errorf("background of .topbar = %q: the stylesheet did not load", bg)
	}
	if !b.Visible("nav.menu") || b.Visible(".menu-button") {
		t.Error("on a desktop the side menu should show and the menu button should not")
	}
	b.Snapshot("desktop")

	// A phone: the page fits the screen and the menu folds behind a button.
	b.PhoneViewport()
	b.Reload()
	var fit struct{ ScrollWidth, InnerWidth int }
	b.Eval(`({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})`, &fit)
	if fit.InnerWidth != browsertest.PhoneWidth {
		t.Errorf("phone viewport: window.innerWidth = %d, want %d (viewport meta tag?)", fit.InnerWidth, browsertest.PhoneWidth)
	}
	if fit.ScrollWidth > fit.InnerWidth {
		t.Errorf("on a phone the page is %dpx wide in a %dpx window: it scrolls sideways", fit.ScrollWidth, fit.InnerWidth)
	}
	if !b.Visible(".menu-button") {
		t.Error("on a phone the menu button (.menu-button) should be visible")
	}
	if b.Visible("nav.menu") {
		t.Error("on a phone the menu should stay folded until the button is pressed")
	}
	b.Snapshot("phone")
	b.Click(".menu-button")
	b.WaitVisible("nav.menu")
	b.Snapshot("phone-menu-open")

	// No console errors on any of it; a violation of the content security
	// policy shows up here too.
	b.ExpectNoConsoleErrors()

	code, out := srv.stop(t)
	if code != 0 {
		t.Errorf("Run returned %d after the context was cancelled, want 0\nstderr:\n%s", code, srv.stderr.String())
	}
	if !strings.HasSuffix(strings.TrimSpace(out), "Pishkhan stopped.") {
		t.Errorf("stdout does not end with «Pishkhan stopped.»:\n%s", out)
	}
}

func browserHasPersianDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= '۰' && r <= '۹' })
}

func browserHasLatinDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
}

// browserServer is `pishkhan serve --demo` running in the test, on a free
// loopback port with its own data folder and SQLite database.
type browserServer struct {
	URL    string // the customer portal, without the trailing slash
	stdout *browserTestBuffer
	stderr *browserTestBuffer
	cancel context.CancelFunc
	done   chan int // receives Run's exit code
	once   sync.Once
	code   int
}

// startBrowserServer starts the server through app.Run with the
// PISHKHAN_* settings in extraEnv (nothing else of the environment) and
// waits for its banner. t.Cleanup stops it if the test did not.
func startBrowserServer(t *testing.T, extraEnv map[string]string) *browserServer {
	t.Helper()
	s, _ := startBrowserServerWith(t, extraEnv, time.Now)
	return s
}

// startBrowserServerWith is startBrowserServer through app.RunWithClock on
// the clock now; it returns the server and its data folder.
func startBrowserServerWith(t *testing.T, extraEnv map[string]string, now func() time.Time) (*browserServer, string) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	s := &browserServer{
		stdout: &browserTestBuffer{},
		stderr: &browserTestBuffer{},
		cancel: cancel,
		done:   make(chan int, 1),
	}
	args := []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")}
	getenv := func(k string) string { return extraEnv[k] }
	go func() { s.done <- app.RunWithClock(ctx, args, getenv, s.stdout, s.stderr, now) }()
	t.Cleanup(func() { s.stop(t) })

	portal := regexp.MustCompile(`(?m)^\s*customer portal:\s+(http://\S+?)/?$`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := portal.FindStringSubmatch(s.stdout.String()); m != nil {
			s.URL = m[1]
			return s, dir
		}
		select {
		case code := <-s.done:
			s.done <- code
			t.Fatalf("the server exited with %d before it served\nstdout:\n%s\nstderr:\n%s", code, s.stdout, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server printed no «customer portal:» line within 30s\nstdout:\n%s\nstderr:\n%s", s.stdout, s.stderr)
		}
	}
}

// stopCleanly checks, when the test ends, that Run returns 0 once its
// context is cancelled.
func (s *browserServer) stopCleanly(t *testing.T) {
	t.Cleanup(func() {
		if code, _ := s.stop(t); code != 0 {
			t.Errorf("Run returned %d after the context was cancelled, want 0\nstderr:\n%s", code, s.stderr)
		}
	})
}

// stop cancels the server's context and waits for Run to return; it
// returns Run's exit code and everything the server printed to stdout.
func (s *browserServer) stop(t *testing.T) (int, string) {
	t.Helper()
	s.once.Do(func() {
		s.cancel()
		select {
		case s.code = <-s.done:
		case <-time.After(40 * time.Second):
			s.code = -1
			t.Errorf("the server did not stop within 40s of its context being cancelled\nstderr:\n%s", s.stderr)
		}
	})
	return s.code, s.stdout.String()
}

// browserTestBuffer is a bytes.Buffer that the server writes to while the
// test reads it.
type browserTestBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *browserTestBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *browserTestBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
