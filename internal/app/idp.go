package app

import (
	"context"
	"encoding/hex"
	"time"

	"pishkhan/internal/idp"
	"pishkhan/internal/signup"
)

// ssoParts are the two halves of seed 002: Pishkhan's identity provider
// and the portal's registration, which uses it (or another issuer) only
// through OpenID Connect.
type ssoParts struct {
	idp    *idp.Service
	signup *signup.Service
}

// buildSSO makes the provider and the registration and registers the
// portal as a client of its own provider.
func buildSSO(sys *system) error {
	cfg := sys.cfg
	var registry idp.Registry
	if cfg.SSO.RegistryURL != "" {
		registry = &idp.HTTPRegistry{BaseURL: cfg.SSO.RegistryURL, APIKey: cfg.SSO.RegistryAPIKey}
	}
	provider := idp.New(sys.db, sys.sms, idp.Options{Issuer: cfg.OwnIssuer(), Key: subkey(cfg.SecretKey, "idp"), Registry: registry,
		SecureCookies: cfg.SecureCookies(), Now: ssoNow(sys), Logger: sys.logger.With("component", "idp"), Jobs: sys.jobs})
	secret := cfg.SSO.ClientSecret
	if cfg.SSO.Issuer == "" {
		if secret == "" {
			secret = hex.EncodeToString(subkey(cfg.SecretKey, "sso-portal-client"))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := provider.EnsureClient(ctx, idp.NewClient{ID: cfg.SSO.ClientID, Name: portalClientName,
			RedirectURIs: []string{cfg.BaseURL + "/register/callback"}, Scopes: []string{idp.ScopeIdentity, idp.ScopeMobile}}, secret); err != nil {
			return err
		}
	}
	reg := signup.New(sys.db, sys.identity, sys.sms, signup.Options{Issuer: cfg.SSOIssuer(), ClientID: cfg.SSO.ClientID, ClientSecret: secret,
		RedirectURL: cfg.BaseURL + "/register/callback", Key: subkey(cfg.SecretKey, "signup"), SecureCookies: cfg.SecureCookies(),
		Now: ssoNow(sys), Logger: sys.logger.With("component", "signup")})
	sys.sso = &ssoParts{idp: provider, signup: reg}
	return nil
}
