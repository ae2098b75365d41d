// Package config holds Pishkhan's settings. They come from PISHKHAN_*
// environment variables, then from command-line flags, which win. The
// settings are a value passed to whoever needs them — never a global.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting. The README lists each variable with its default;
// keep the two in step (TestREADMEListsEveryVariable checks).
type Config struct {
	DatabaseURL string // PISHKHAN_DATABASE_URL
	Addr        string // PISHKHAN_ADDR
	BaseURL     string // PISHKHAN_BASE_URL
	DataDir     string // PISHKHAN_DATA_DIR
	SecretKey   []byte // PISHKHAN_SECRET_KEY (64 hex digits), else DataDir/secret.key
	Demo        bool   // PISHKHAN_DEMO
	// Areas names the enabled areas, comma-separated (PISHKHAN_AREAS,
	// --areas); "" is all. app checks the names against the areas it has.
	Areas string

	LogLevel  slog.Level // PISHKHAN_LOG_LEVEL
	LogFormat string     // PISHKHAN_LOG_FORMAT: text or json

	MaxBodyBytes   int64          // PISHKHAN_MAX_BODY_BYTES
	SessionIdle    time.Duration  // PISHKHAN_SESSION_IDLE
	SessionMax     time.Duration  // PISHKHAN_SESSION_MAX
	TrustedProxies []netip.Prefix // PISHKHAN_TRUSTED_PROXIES
	// MetricsAllow: client addresses /metrics answers (loopback unless
	// PISHKHAN_METRICS_ALLOW names the scraper's); others get 404.
	MetricsAllow []netip.Prefix
	// PprofAddr: where Go's profiler answers (PISHKHAN_PPROF_ADDR); off
	// when empty.
	PprofAddr string

	InitialPasswordTTL     time.Duration // PISHKHAN_INITIAL_PASSWORD_TTL
	RandomInitialPasswords bool          // PISHKHAN_INITIAL_PASSWORDS=random
	// AddressAttempts: wrong passwords from one address (customers and
	// staff counted apart) before it is locked for 30 minutes
	// (PISHKHAN_ADDRESS_ATTEMPTS, the guide's 3).
	AddressAttempts int

	// The seller on invoices and bank pages (PISHKHAN_SELLER_*).
	SellerName, SellerNationalID, SellerEconomicCode, SellerAddress string

	// Zarinpal is offered as a bank when its merchant ID is set.
	ZarinpalMerchantID string // PISHKHAN_ZARINPAL_MERCHANT_ID
	ZarinpalSandbox    bool   // PISHKHAN_ZARINPAL_SANDBOX
	ZarinpalBaseURL    string // PISHKHAN_ZARINPAL_URL
	CardBIN            string // PISHKHAN_CARD_BIN
	// SandboxBank offers the bank inside Pishkhan (PISHKHAN_SANDBOX_BANK).
	SandboxBank bool

	// The RADIUS server of the ISP area runs when a shared secret or a
	// per-NAS secret is set.
	RadiusAuthAddr string // PISHKHAN_RADIUS_AUTH_ADDR
	RadiusAcctAddr string // PISHKHAN_RADIUS_ACCT_ADDR
	RadiusSecret   string // PISHKHAN_RADIUS_SECRET
	RadiusClients  string // PISHKHAN_RADIUS_CLIENTS: ip=secret,ip=secret
	// RadSec (RADIUS over TLS, RFC 6614) runs when its address is set.
	RadSecAddr     string // PISHKHAN_RADSEC_ADDR
	RadSecCert     string // PISHKHAN_RADSEC_CERT
	RadSecKey      string // PISHKHAN_RADSEC_KEY
	RadSecClientCA string // PISHKHAN_RADSEC_CLIENT_CA

	SMSProvider      string // PISHKHAN_SMS_PROVIDER: outbox or kavenegar
	KavenegarAPIKey  string // PISHKHAN_KAVENEGAR_API_KEY
	KavenegarSender  string // PISHKHAN_KAVENEGAR_SENDER
	KavenegarBaseURL string // PISHKHAN_KAVENEGAR_URL

	// The brand's defaults (PISHKHAN_BRAND_*, PISHKHAN_BRAND_FILE): brand.go.
	Brand BrandSettings

	// Single sign-on for registration (PISHKHAN_SSO_*, PISHKHAN_REGISTRY_*):
	// see internal/app/idp.go.
	SSO SSO
}

// SSO is where the portal's registration finds its identity provider, and
// where Pishkhan's own provider finds its civil registry.
type SSO struct {
	Issuer         string // PISHKHAN_SSO_ISSUER; "" is Pishkhan's own, BaseURL/idp (see SSOIssuer)
	ClientID       string // PISHKHAN_SSO_CLIENT_ID
	ClientSecret   string // PISHKHAN_SSO_CLIENT_SECRET; "" with the own issuer: derived from the secret key
	RegistryURL    string // PISHKHAN_REGISTRY_URL; "" is the embedded registry
	RegistryAPIKey string // PISHKHAN_REGISTRY_API_KEY
}

const defaultDatabaseURL = "data/pishkhan.db"

// Variable is one PISHKHAN_* setting with its default and meaning.
type Variable struct {
	Name, Default, Meaning string
}

// Variables lists every setting, for the README and for `--help`.
var Variables = []Variable{
	{"PISHKHAN_DATABASE_URL", "data/pishkhan.db", "SQLite file path, or postgres://… for PostgreSQL"},
	{"PISHKHAN_ADDR", "127.0.0.1:8080", "address the web server listens on"},
	{"PISHKHAN_BASE_URL", "http://<PISHKHAN_ADDR>", "public address of the portal, as customers reach it (https://… turns on Secure cookies)"},
	{"PISHKHAN_DATA_DIR", "data", "folder for the SQLite file, the generated secret key and stored files"},
	{"PISHKHAN_SECRET_KEY", "generated into <data>/secret.key", "64 hex digits; encrypts secrets at rest and keys short numeric hashes. Keep it safe: losing it loses those secrets"},
	{"PISHKHAN_DEMO", "false", "seed demo data and print SMS to the console (same as serve --demo)"},
	{"PISHKHAN_AREAS", "(all)", "the areas this deployment serves, comma-separated: cards, otp, welfare, idp, isp (otp needs cards); a left-out area has no page, menu item, job, staff desk, demo data or SMS, while its tables are still created"},
	{"PISHKHAN_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"PISHKHAN_LOG_FORMAT", "text", "text or json"},
	{"PISHKHAN_MAX_BODY_BYTES", "8388608", "largest request body accepted (ticket attachments: 3 files of 2 MiB; each file is also checked on its own)"},
	{"PISHKHAN_SELLER_NAME", defaultName, "the seller's name on invoices and bank pages"},
	{"PISHKHAN_SELLER_NATIONAL_ID", "", helpSellerNationalID},
	{"PISHKHAN_SELLER_ECONOMIC_CODE", "", helpSellerEconomicCode},
	{"PISHKHAN_SELLER_ADDRESS", "", "the seller's address on invoices"},
	{"PISHKHAN_SESSION_IDLE", "30m", "a session ends after this long without a request"},
	{"PISHKHAN_SESSION_MAX", "12h", "a session ends this long after sign-in, however active"},
	{"PISHKHAN_TRUSTED_PROXIES", "(none)", "comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed"},
	{"PISHKHAN_PPROF_ADDR", "(off)", "address of Go's profiler (/debug/pprof/), e.g. 127.0.0.1:6060; keep it on loopback"},
	{"PISHKHAN_METRICS_ALLOW", "127.0.0.0/8,::1", "comma-separated addresses/CIDRs of the clients (the Prometheus scraper) that may read /metrics; others get 404"},
	{"PISHKHAN_INITIAL_PASSWORD_TTL", "720h", "how long a new account's initial password (the national code) opens it; then only recovery or staff can"},
	{"PISHKHAN_ADDRESS_ATTEMPTS", "3", "wrong passwords from one IP address within 30 minutes before it is locked for 30 minutes (customers and staff counted apart); raise it where many customers share one address (carrier-grade NAT, see docs/operations.md)"},
	{"PISHKHAN_INITIAL_PASSWORDS", "national-code", "national-code, or random: new accounts get a random initial password sent by SMS"},
	{"PISHKHAN_CARD_BIN", "620062", "the 6-digit prefix of the cards Pishkhan issues (the card-holder guide's cards begin 6200 62)"},
	{"PISHKHAN_SANDBOX_BANK", "true", "offer the sandbox bank inside Pishkhan (test cards, no real money); turn off in production"},
	{"PISHKHAN_ZARINPAL_MERCHANT_ID", "", "Zarinpal merchant ID; when set, Zarinpal is offered as a bank"},
	{"PISHKHAN_ZARINPAL_SANDBOX", "false", "use Zarinpal's sandbox hosts"},
	{"PISHKHAN_ZARINPAL_URL", "(Zarinpal's API host)", "Zarinpal API base address"},
	{"PISHKHAN_RADIUS_AUTH_ADDR", "127.0.0.1:1812", "UDP address of the ISP area's RADIUS authentication (Access-Request)"},
	{"PISHKHAN_RADIUS_ACCT_ADDR", "127.0.0.1:1813", "UDP address of RADIUS accounting (Start / Interim-Update / Stop)"},
	{"PISHKHAN_RADIUS_SECRET", "", "demo only: shared secret of every NAS not listed in PISHKHAN_RADIUS_CLIENTS (refused without --demo); the RADIUS server runs only when this or that is set"},
	{"PISHKHAN_RADIUS_CLIENTS", "", "the NASes, each with its own secret, comma-separated ip=secret or prefix=secret (10.0.0.1=s1,10.1.0.0/16=s2); packets from other addresses are dropped"},
	{"PISHKHAN_RADSEC_ADDR", "", "TCP address of RadSec (RADIUS over TLS, RFC 6614; e.g. :2083); needs the three below"},
	{"PISHKHAN_RADSEC_CERT", "", "RadSec server certificate (PEM file)"},
	{"PISHKHAN_RADSEC_KEY", "", "RadSec server private key (PEM file)"},
	{"PISHKHAN_RADSEC_CLIENT_CA", "", "CA (PEM file) that signs each NAS's own client certificate"},
	{"PISHKHAN_SMS_PROVIDER", "outbox", "outbox (keep messages, send nothing) or kavenegar"},
	{"PISHKHAN_KAVENEGAR_API_KEY", "", "Kavenegar API key (required when the provider is kavenegar)"},
	{"PISHKHAN_KAVENEGAR_SENDER", "", "Kavenegar sender line number (optional)"},
	{"PISHKHAN_KAVENEGAR_URL", "https://api.kavenegar.com", "Kavenegar API base address"},
	{"PISHKHAN_SSO_ISSUER", "<PISHKHAN_BASE_URL>/idp", helpSSOIssuer},
	{"PISHKHAN_SSO_CLIENT_ID", "pishkhan-portal", "the portal's client ID at that issuer"},
	{"PISHKHAN_SSO_CLIENT_SECRET", "(derived from the secret key)", "the portal's client secret at that issuer (required with another issuer)"},
	{"PISHKHAN_REGISTRY_URL", "(embedded registry)", "base address of a civil-registry inquiry service for Pishkhan's provider; unset, the registry tables filled by `pishkhan import registry` are used"},
	{"PISHKHAN_REGISTRY_API_KEY", "", "bearer key for the inquiry service"},
}

// FromEnv reads the environment. Flags bound afterwards with Bind may
// override what it read; Finish then validates and fills in the rest.
func FromEnv(getenv func(string) string) (*Config, error) {
	c := &Config{
		DatabaseURL:        defaultDatabaseURL,
		Addr:               "127.0.0.1:8080",
		DataDir:            "data",
		LogFormat:          "text",
		MaxBodyBytes:       8 << 20,
		SessionIdle:        30 * time.Minute,
		SessionMax:         12 * time.Hour,
		InitialPasswordTTL: 30 * 24 * time.Hour,
		SMSProvider:        "outbox",
		SellerName:         defaultName,
		SandboxBank:        true,
		CardBIN:            "620062",
		RadiusAuthAddr:     "127.0.0.1:1812",
		RadiusAcctAddr:     "127.0.0.1:1813",
		KavenegarBaseURL:   "https://api.kavenegar.com",
	}
	var errs []error
	str := func(name string, dst *string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	str("PISHKHAN_DATABASE_URL", &c.DatabaseURL)
	str("PISHKHAN_ADDR", &c.Addr)
	str("PISHKHAN_BASE_URL", &c.BaseURL)
	str("PISHKHAN_DATA_DIR", &c.DataDir)
	str("PISHKHAN_AREAS", &c.Areas)
	str("PISHKHAN_LOG_FORMAT", &c.LogFormat)
	str("PISHKHAN_SMS_PROVIDER", &c.SMSProvider)
	str("PISHKHAN_SELLER_NAME", &c.SellerName)
	str("PISHKHAN_ZARINPAL_MERCHANT_ID", &c.ZarinpalMerchantID)
	str("PISHKHAN_ZARINPAL_URL", &c.ZarinpalBaseURL)
	str("PISHKHAN_CARD_BIN", &c.CardBIN)
	str("PISHKHAN_PPROF_ADDR", &c.PprofAddr)
	str("PISHKHAN_RADIUS_AUTH_ADDR", &c.RadiusAuthAddr)
	str("PISHKHAN_RADIUS_ACCT_ADDR", &c.RadiusAcctAddr)
	str("PISHKHAN_RADIUS_SECRET", &c.RadiusSecret)
	str("PISHKHAN_RADIUS_CLIENTS", &c.RadiusClients)
	str("PISHKHAN_RADSEC_ADDR", &c.RadSecAddr)
	str("PISHKHAN_RADSEC_CERT", &c.RadSecCert)
	str("PISHKHAN_RADSEC_KEY", &c.RadSecKey)
	str("PISHKHAN_RADSEC_CLIENT_CA", &c.RadSecClientCA)
	str("PISHKHAN_SSO_ISSUER", &c.SSO.Issuer)
	str("PISHKHAN_SSO_CLIENT_ID", &c.SSO.ClientID)
	str("PISHKHAN_SSO_CLIENT_SECRET", &c.SSO.ClientSecret)
	str("PISHKHAN_REGISTRY_URL", &c.SSO.RegistryURL)
	str("PISHKHAN_REGISTRY_API_KEY", &c.SSO.RegistryAPIKey)
	boolean := func(name string, dst *bool) {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %q is not true or false", name, v))
			}
			*dst = b
		}
	}
	boolean("PISHKHAN_ZARINPAL_SANDBOX", &c.ZarinpalSandbox)
	boolean("PISHKHAN_SANDBOX_BANK", &c.SandboxBank)
	str("PISHKHAN_SELLER_NATIONAL_ID", &c.SellerNationalID)
	str("PISHKHAN_SELLER_ECONOMIC_CODE", &c.SellerEconomicCode)
	str("PISHKHAN_SELLER_ADDRESS", &c.SellerAddress)
	str("PISHKHAN_KAVENEGAR_API_KEY", &c.KavenegarAPIKey)
	str("PISHKHAN_KAVENEGAR_SENDER", &c.KavenegarSender)
	str("PISHKHAN_KAVENEGAR_URL", &c.KavenegarBaseURL)
	if v := getenv("PISHKHAN_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PISHKHAN_DEMO: %q is not true or false", v))
		}
		c.Demo = b
	}
	if v := getenv("PISHKHAN_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("PISHKHAN_LOG_LEVEL: %q is not debug, info, warn or error", v))
		}
	}
	if v := getenv("PISHKHAN_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			errs = append(errs, fmt.Errorf("PISHKHAN_MAX_BODY_BYTES: %q is not a number of bytes of at least 1024", v))
		}
		c.MaxBodyBytes = n
	}
	dur := func(name string, dst *time.Duration) {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				errs = append(errs, fmt.Errorf("%s: %q is not a positive duration such as 30m or 12h", name, v))
				return
			}
			*dst = d
		}
	}
	dur("PISHKHAN_SESSION_IDLE", &c.SessionIdle)
	dur("PISHKHAN_SESSION_MAX", &c.SessionMax)
	dur("PISHKHAN_INITIAL_PASSWORD_TTL", &c.InitialPasswordTTL)
	c.AddressAttempts = 3
	if v := getenv("PISHKHAN_ADDRESS_ATTEMPTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			errs = append(errs, fmt.Errorf("PISHKHAN_ADDRESS_ATTEMPTS: %q is not a number from 1 to 10000", v))
		}
		c.AddressAttempts = n
	}
	switch v := getenv("PISHKHAN_INITIAL_PASSWORDS"); v {
	case "", "national-code":
	case "random":
		c.RandomInitialPasswords = true
	default:
		errs = append(errs, fmt.Errorf("PISHKHAN_INITIAL_PASSWORDS: %q is not national-code or random", v))
	}
	c.TrustedProxies = prefixes("PISHKHAN_TRUSTED_PROXIES", getenv("PISHKHAN_TRUSTED_PROXIES"), &errs)
	c.MetricsAllow = prefixes("PISHKHAN_METRICS_ALLOW", getenv("PISHKHAN_METRICS_ALLOW"), &errs)
	if len(c.MetricsAllow) == 0 {
		c.MetricsAllow = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	}
	if v := getenv("PISHKHAN_SECRET_KEY"); v != "" {
		key, err := hex.DecodeString(strings.TrimSpace(v))
		if err != nil || len(key) != 32 {
			errs = append(errs, errors.New("PISHKHAN_SECRET_KEY: must be 64 hex digits (32 bytes)"))
		}
		c.SecretKey = key
	}
	if err := c.readBrand(getenv); err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}

// Bind registers the flags that may override the environment on fs.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "SQLite file or postgres://… URL (PISHKHAN_DATABASE_URL)")
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (PISHKHAN_ADDR)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public base URL (PISHKHAN_BASE_URL)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "data folder (PISHKHAN_DATA_DIR)")
	fs.StringVar(&c.Areas, "areas", c.Areas, "enabled areas, comma-separated; empty is all (PISHKHAN_AREAS)")
}

// Finish validates the settings and fills in what derives from others:
// the base URL from the address, and the secret key, generated into the
// data folder on first run when not given.
func (c *Config) Finish() error {
	// The default database lives in the data folder, wherever --data-dir
	// or PISHKHAN_DATA_DIR puts it; an explicit database URL stays as given.
	if c.DatabaseURL == defaultDatabaseURL && filepath.Clean(c.DataDir) != "data" {
		c.DatabaseURL = filepath.Join(c.DataDir, "pishkhan.db")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("PISHKHAN_ADDR: %q is not host:port", c.Addr)
	}
	if c.BaseURL == "" {
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "127.0.0.1" + host
		}
		c.BaseURL = "http://" + host
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("PISHKHAN_BASE_URL: %q is not an http(s) address", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("PISHKHAN_LOG_FORMAT: %q is not text or json", c.LogFormat)
	}
	switch c.SMSProvider {
	case "outbox":
	case "kavenegar":
		if c.KavenegarAPIKey == "" {
			return errors.New("PISHKHAN_KAVENEGAR_API_KEY: required when PISHKHAN_SMS_PROVIDER is kavenegar")
		}
	default:
		return fmt.Errorf("PISHKHAN_SMS_PROVIDER: %q is not outbox or kavenegar", c.SMSProvider)
	}
	if err := c.finishSSO(); err != nil {
		return err
	}
	if len(c.CardBIN) != 6 || strings.Trim(c.CardBIN, "0123456789") != "" {
		return fmt.Errorf("PISHKHAN_CARD_BIN: %q is not 6 digits", c.CardBIN)
	}
	if !c.SandboxBank && c.ZarinpalMerchantID == "" {
		return errors.New("PISHKHAN_SANDBOX_BANK: with the sandbox bank off, set PISHKHAN_ZARINPAL_MERCHANT_ID so that customers have a bank to pay through")
	}
	if c.SecretKey == nil {
		key, err := loadOrCreateKey(filepath.Join(c.DataDir, "secret.key"))
		if err != nil {
			return fmt.Errorf("PISHKHAN_SECRET_KEY: %w", err)
		}
		c.SecretKey = key
	}
	return nil
}

// SecureCookies reports whether the portal is reached over HTTPS, so its
// cookies must carry the Secure flag.
func (c *Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// loadOrCreateKey reads a 32-byte hex key from path, or creates one there
// (readable by this user only). O_EXCL makes two first starts agree on one
// key: the loser of the race reads the winner's.
func loadOrCreateKey(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil {
		key, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("%s does not hold 64 hex digits", path)
		}
		return key, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadOrCreateKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	return key, f.Close()
}

// prefixes parses a comma-separated list of addresses and CIDRs.
func prefixes(name, v string, errs *[]error) []netip.Prefix {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				*errs = append(*errs, fmt.Errorf("%s: %q is not an address or CIDR", name, part))
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p)
	}
	return out
}
