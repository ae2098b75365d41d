package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// OwnIssuer is the issuer of Pishkhan's own identity provider.
func (c *Config) OwnIssuer() string { return c.BaseURL + "/idp" }

// SSOIssuer is the issuer registration uses: PISHKHAN_SSO_ISSUER, or
// Pishkhan's own (read late: serve learns the port of --addr :0 after
// the settings are read).
func (c *Config) SSOIssuer() string {
	if c.SSO.Issuer == "" {
		return c.OwnIssuer()
	}
	return c.SSO.Issuer
}

func (c *Config) finishSSO() error {
	if c.SSO.ClientID == "" {
		c.SSO.ClientID = "pishkhan-portal"
	}
	if c.SSO.Issuer == "" {
		return c.finishRegistry()
	}
	c.SSO.Issuer = strings.TrimRight(c.SSO.Issuer, "/")
	if c.SSO.Issuer == c.OwnIssuer() {
		c.SSO.Issuer = ""
		return c.finishRegistry()
	}
	if u, err := url.Parse(c.SSO.Issuer); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("PISHKHAN_SSO_ISSUER: %q is not an http(s) address", c.SSO.Issuer)
	}
	if c.SSO.ClientSecret == "" {
		return errors.New("PISHKHAN_SSO_CLIENT_SECRET: required when PISHKHAN_SSO_ISSUER names another provider")
	}
	return c.finishRegistry()
}

func (c *Config) finishRegistry() error {
	if c.SSO.RegistryURL != "" {
		if u, err := url.Parse(c.SSO.RegistryURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("PISHKHAN_REGISTRY_URL: %q is not an http(s) address", c.SSO.RegistryURL)
		}
	}
	return nil
}
