package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// OwnIssuer is the issuer of Pishkhan's own identity provider.
func (c *Config) OwnIssuer() string { return c.BaseURL + "/idp" }

func (c *Config) finishSSO() error {
	if c.SSO.ClientID == "" {
		c.SSO.ClientID = "pishkhan-portal"
	}
	if c.SSO.Issuer == "" {
		c.SSO.Issuer = c.OwnIssuer()
	}
	c.SSO.Issuer = strings.TrimRight(c.SSO.Issuer, "/")
	if u, err := url.Parse(c.SSO.Issuer); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("PISHKHAN_SSO_ISSUER: %q is not an http(s) address", c.SSO.Issuer)
	}
	if c.SSO.Issuer != c.OwnIssuer() && c.SSO.ClientSecret == "" {
		return errors.New("PISHKHAN_SSO_CLIENT_SECRET: required when PISHKHAN_SSO_ISSUER names another provider")
	}
	if c.SSO.RegistryURL != "" {
		if u, err := url.Parse(c.SSO.RegistryURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("PISHKHAN_REGISTRY_URL: %q is not an http(s) address", c.SSO.RegistryURL)
		}
	}
	return nil
}
