package config

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	dir := t.TempDir()
	c, err := FromEnv(env(map[string]string{"PISHKHAN_DATA_DIR": dir}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Finish(); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.BaseURL != "http://127.0.0.1:8080" || c.DatabaseURL != filepath.Join(dir, "pishkhan.db") {
		t.Fatalf("defaults: %+v", c)
	}
	if len(c.SecretKey) != 32 || c.SecureCookies() || c.SessionIdle != 30*time.Minute {
		t.Fatalf("defaults: %+v", c)
	}
	// The key is generated once and then reused.
	again, _ := FromEnv(env(map[string]string{"PISHKHAN_DATA_DIR": dir}))
	if err := again.Finish(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.SecretKey, c.SecretKey) {
		t.Fatal("a second start generated a different secret key")
	}
	info, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("secret.key: %v %v", info, err)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"PISHKHAN_ADDR": "127.0.0.1:9000", "PISHKHAN_SECRET_KEY": strings.Repeat("ab", 32)}))
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Bind(fs)
	if err := fs.Parse([]string{"-addr", "127.0.0.1:9100", "-base-url", "https://my.example.ir/"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Finish(); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9100" || c.BaseURL != "https://my.example.ir" || !c.SecureCookies() {
		t.Fatalf("got %+v", c)
	}
	// --data-dir moves the default database with it.
	c2, _ := FromEnv(env(map[string]string{"PISHKHAN_SECRET_KEY": strings.Repeat("ab", 32)}))
	fs2 := flag.NewFlagSet("serve", flag.ContinueOnError)
	c2.Bind(fs2)
	dir := t.TempDir()
	if err := fs2.Parse([]string{"-data-dir", dir}); err != nil {
		t.Fatal(err)
	}
	if err := c2.Finish(); err != nil || c2.DatabaseURL != filepath.Join(dir, "pishkhan.db") {
		t.Fatalf("database with --data-dir: %q (%v)", c2.DatabaseURL, err)
	}
}

func TestBadSettingsGiveOneClearLine(t *testing.T) {
	cases := map[string]map[string]string{
		"PISHKHAN_SESSION_IDLE":      {"PISHKHAN_SESSION_IDLE": "forever"},
		"PISHKHAN_SECRET_KEY":        {"PISHKHAN_SECRET_KEY": "short"},
		"PISHKHAN_TRUSTED_PROXIES":   {"PISHKHAN_TRUSTED_PROXIES": "10.0.0.0/8, nonsense"},
		"PISHKHAN_ADDR":              {"PISHKHAN_ADDR": "no-port"},
		"PISHKHAN_BASE_URL":          {"PISHKHAN_BASE_URL": "ftp://x"},
		"PISHKHAN_SMS_PROVIDER":      {"PISHKHAN_SMS_PROVIDER": "pigeon"},
		"PISHKHAN_KAVENEGAR_API_KEY": {"PISHKHAN_SMS_PROVIDER": "kavenegar"},
		"PISHKHAN_LOG_LEVEL":         {"PISHKHAN_LOG_LEVEL": "loud"},
		"PISHKHAN_DEMO":              {"PISHKHAN_DEMO": "perhaps"},
		"PISHKHAN_ADDRESS_ATTEMPTS":  {"PISHKHAN_ADDRESS_ATTEMPTS": "0"},
	}
	for want, vars := range cases {
		t.Run(want, func(t *testing.T) {
			vars["PISHKHAN_DATA_DIR"] = t.TempDir()
			c, err := FromEnv(env(vars))
			if err == nil {
				err = c.Finish()
			}
			if err == nil || !strings.HasPrefix(err.Error(), want+":") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("got %v, want one line starting %s:", err, want)
			}
		})
	}
}

// The address threshold is 3 unless set (where carrier-grade NAT puts
// thousands of customers behind one address).
func TestAddressAttempts(t *testing.T) {
	for v, want := range map[string]int{"": 3, "50": 50} {
		c, err := FromEnv(env(map[string]string{"PISHKHAN_ADDRESS_ATTEMPTS": v, "PISHKHAN_DATA_DIR": t.TempDir()}))
		if err != nil || c.AddressAttempts != want {
			t.Errorf("PISHKHAN_ADDRESS_ATTEMPTS=%q: %d %v, want %d", v, c.AddressAttempts, err, want)
		}
	}
}

func TestTrustedProxiesAcceptAddressesAndCIDRs(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"PISHKHAN_TRUSTED_PROXIES": "127.0.0.1, 10.1.0.0/16"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0].Bits() != 32 || c.TrustedProxies[1].Bits() != 16 {
		t.Fatalf("got %v", c.TrustedProxies)
	}
}

// The README documents every variable; adding one without documenting it
// fails here.
func TestREADMEListsEveryVariable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Variables {
		if !strings.Contains(string(readme), "`"+v.Name+"`") {
			t.Errorf("README.md does not document %s", v.Name)
		}
	}
}

// The other direction: every PISHKHAN_* variable the code reads is in
// Variables (and so in the README and in --help).
func TestVariablesListsEverySettingRead(t *testing.T) {
	listed := map[string]bool{}
	for _, v := range Variables {
		listed[v.Name] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`"(PISHKHAN_[A-Z0-9_]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range name.FindAllStringSubmatch(string(src), -1) {
			if !listed[m[1]] {
				t.Errorf("%s reads %s, which Variables does not list", f, m[1])
			}
		}
	}
}
