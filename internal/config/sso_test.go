package config

import (
	"strings"
	"testing"
)

func TestSSOSettings(t *testing.T) {
	key := strings.Repeat("ab", 32)
	load := func(m map[string]string) (*Config, error) {
		m["PISHKHAN_SECRET_KEY"] = key
		m["PISHKHAN_DATA_DIR"] = t.TempDir()
		c, err := FromEnv(env(m))
		if err != nil {
			return nil, err
		}
		return c, c.Finish()
	}
	c, err := load(map[string]string{"PISHKHAN_BASE_URL": "https://portal.example/"})
	if err != nil || c.SSOIssuer() != "https://portal.example/idp" || c.SSO.ClientID != "pishkhan-portal" || c.SSO.Issuer != "" {
		t.Fatalf("defaults: %+v %v", c.SSO, err)
	}
	// Naming the own issuer is the same as naming none.
	c, err = load(map[string]string{"PISHKHAN_BASE_URL": "https://portal.example", "PISHKHAN_SSO_ISSUER": "https://portal.example/idp/"})
	if err != nil || c.SSO.Issuer != "" {
		t.Fatalf("own issuer named: %+v %v", c.SSO, err)
	}
	if _, err := load(map[string]string{"PISHKHAN_SSO_ISSUER": "https://emta.example"}); err == nil || !strings.HasPrefix(err.Error(), "PISHKHAN_SSO_CLIENT_SECRET") {
		t.Fatalf("another issuer without a secret: %v", err)
	}
	c, err = load(map[string]string{"PISHKHAN_SSO_ISSUER": "https://emta.example", "PISHKHAN_SSO_CLIENT_SECRET": "s", "PISHKHAN_SSO_CLIENT_ID": "ikco"})
	if err != nil || c.SSOIssuer() != "https://emta.example" || c.SSO.ClientID != "ikco" {
		t.Fatalf("another issuer: %+v %v", c.SSO, err)
	}
	for name, v := range map[string]string{"PISHKHAN_SSO_ISSUER": "emta.example", "PISHKHAN_REGISTRY_URL": "ftp://registry"} {
		if _, err := load(map[string]string{name: v, "PISHKHAN_SSO_CLIENT_SECRET": "s"}); err == nil || !strings.HasPrefix(err.Error(), name) {
			t.Errorf("%s=%s: %v", name, v, err)
		}
	}
}
