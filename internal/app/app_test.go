package app_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/app"
	"pishkhan/internal/db"
)

// lockedBuffer collects a command's output while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// server is a running `pishkhan serve`.
type server struct {
	base   string
	stdout *lockedBuffer
	stderr *lockedBuffer // the server's log (warnings and errors)
	cancel context.CancelFunc
	done   chan int
}

func startServe(t *testing.T, dir string, extra ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	out := &lockedBuffer{}
	s := &server{stdout: out, stderr: &lockedBuffer{}, cancel: cancel, done: make(chan int, 1)}
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")}, extra...)
	go func() {
		code := app.Run(ctx, args, envOf(map[string]string{"PISHKHAN_LOG_LEVEL": "warn"}), io.MultiWriter(out, pw), s.stderr)
		pw.Close()
		s.done <- code
	}()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if _, url, ok := strings.Cut(sc.Text(), "customer portal:"); ok {
				found <- strings.TrimSuffix(strings.TrimSpace(url), "/")
			}
		}
	}()
	select {
	case s.base = <-found:
	case code := <-s.done:
		t.Fatalf("serve exited with %d before listening: %s", code, out.String())
	case <-time.After(90 * time.Second):
		t.Fatalf("serve did not start: %s", out.String())
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

func (s *server) stop(t *testing.T) int {
	s.cancel()
	select {
	case code, ok := <-s.done:
		if !ok {
			return 0
		}
		close(s.done)
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
	return -1
}

func TestServeAnswersHealthAndShutsDownCleanly(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir)
	resp, err := http.Get(s.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"database":"ok"`) {
		t.Fatalf("healthz: %d %s", resp.StatusCode, b)
	}
	// A request in flight when shutdown begins still gets its answer.
	slow := make(chan int, 1)
	go func() {
		resp, err := http.Get(s.base + "/")
		if err != nil {
			slow <- -1
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	if code := s.stop(t); code != 0 {
		t.Fatalf("serve exited with %d: %s", code, s.stdout.String())
	}
	if got := <-slow; got != 200 && got != -1 {
		t.Fatalf("in-flight request got %d", got)
	}
	if !strings.HasSuffix(strings.TrimSpace(s.stdout.String()), "Pishkhan stopped.") {
		t.Fatalf("no clean stop: %s", s.stdout.String())
	}
}

func TestDemoSeedsOnce(t *testing.T) {
	dir := t.TempDir()
	for range 2 {
		s := startServe(t, dir, "--demo")
		if !strings.Contains(s.stdout.String(), "customer portal:") {
			t.Fatal(s.stdout.String())
		}
		if code := s.stop(t); code != 0 {
			t.Fatalf("exit %d: %s", code, s.stdout.String())
		}
	}
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var seeds, sms int
	if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM demo_seeds").Scan(&seeds); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM sms_outbox").Scan(&sms); err != nil {
		t.Fatal(err)
	}
	if seeds == 0 || sms != 1 {
		t.Fatalf("after two demo starts: %d seeds, %d demo SMS (want 1)", seeds, sms)
	}
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	run := func(env map[string]string, args ...string) (int, string, string) {
		var out, errOut lockedBuffer
		if env == nil {
			env = map[string]string{}
		}
		env["PISHKHAN_DATA_DIR"] = dir
		code := app.Run(context.Background(), args, envOf(env), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, out, _ := run(nil, "version"); code != 0 || !strings.HasPrefix(out, "pishkhan ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, out, _ := run(nil, "migrate"); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %d %q", code, out)
	}
	if code, out, _ := run(nil, "migrate"); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate: %d %q", code, out)
	}
	for _, cmd := range []string{"serve", "migrate", "version"} {
		if code, out, _ := run(nil, cmd, "--help"); code != 0 || !strings.Contains(out, "Usage: pishkhan "+cmd) {
			t.Fatalf("%s --help: %d %q", cmd, code, out)
		}
	}
	if code, out, _ := run(nil, "help"); code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "migrate") {
		t.Fatalf("help: %d %q", code, out)
	}
	if code, _, errOut := run(nil, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	// staff add prints a one-time password; mistakes are refused in Persian.
	code, out, errOut := run(nil, "staff", "add", "--username", "reza", "--name", "رضا کارشناس", "--role", "support,finance")
	if code != 0 || !strings.Contains(out, "one-time password: ") || !strings.Contains(out, "finance, support") {
		t.Fatalf("staff add: %d %q %q", code, out, errOut)
	}
	otp := strings.TrimSpace(strings.SplitN(strings.SplitN(out, "one-time password: ", 2)[1], "\n", 2)[0])
	if len(otp) < 12 {
		t.Fatalf("one-time password %q is shorter than the staff policy", otp)
	}
	if code, _, errOut := run(nil, "staff", "add", "--username", "reza", "--name", "دیگری", "--role", "support"); code != 1 || !strings.Contains(errOut, "نام کاربری") {
		t.Fatalf("duplicate staff username: %d %q", code, errOut)
	}
	if code, _, errOut := run(nil, "staff", "add", "--username", "maryam", "--name", "مریم", "--role", "janitor"); code != 1 || !strings.Contains(errOut, "نقش") {
		t.Fatalf("unknown role: %d %q", code, errOut)
	}
	// reset-authenticator: refused clearly for a member without one, or
	// an unknown name (the reset itself is otp's page test).
	if code, _, errOut := run(nil, "staff", "reset-authenticator", "--username", "reza", "--reason", "گوشی گم شده"); code != 1 || !strings.Contains(errOut, "برنامک رمزساز فعالی") {
		t.Fatalf("reset without a device: %d %q", code, errOut)
	}
	if code, _, errOut := run(nil, "staff", "reset-authenticator", "--username", "nobody", "--reason", "x"); code != 1 || !strings.Contains(errOut, "nobody") {
		t.Fatalf("reset of an unknown member: %d %q", code, errOut)
	}
	// partner add prints an API key once; the name is required.
	if code, out, errOut := run(nil, "partner", "add", "--name", "بیمه آزمایشی"); code != 0 || !regexp.MustCompile(`API key \(shown once\): pk_[0-9a-f]{64}\n`).MatchString(out) {
		t.Fatalf("partner add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(nil, "partner", "add"); code != 1 || !strings.Contains(errOut, "--name") {
		t.Fatalf("partner add without a name: %d %q", code, errOut)
	}
	if code, _, _ := run(nil, "partner"); code != 2 {
		t.Fatalf("partner without a subcommand: %d", code)
	}
	if code, _, _ := run(nil, "staff"); code != 2 {
		t.Fatalf("staff without a subcommand: %d", code)
	}

	// A bad setting stops start-up with one clear line.
	code, _, errOut = run(map[string]string{"PISHKHAN_SESSION_IDLE": "soon"}, "serve")
	if code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "PISHKHAN_SESSION_IDLE") {
		t.Fatalf("bad setting: %d %q", code, errOut)
	}
	code, _, errOut = run(map[string]string{"PISHKHAN_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?connect_timeout=1"}, "migrate")
	if code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "PostgreSQL") {
		t.Fatalf("unreachable database: %d %q", code, errOut)
	}
}
