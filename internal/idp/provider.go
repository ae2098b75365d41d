package idp

import (
	"crypto/sha256"
	"net/http"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// Provider builds the OpenID Connect provider (zitadel/oidc's op) on this
// service's storage: discovery, JWKS, authorize, token, userinfo,
// revocation, end session. Its paths are relative to the issuer, so the
// caller mounts it under the issuer's path (/idp).
func (s *Service) Provider() (*op.Provider, error) {
	cfg := &op.Config{
		// Access tokens are the token row's id encrypted with this key
		// (derived, so it opens nothing else).
		CryptoKey:                sha256.Sum256(append([]byte("idp-access-token\x00"), s.opts.Key...)),
		CryptoKeyId:              "1",
		DefaultLogoutRedirectURI: "/",
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		GrantTypeRefreshToken:    true,
		SupportedUILocales:       []language.Tag{language.Persian},
		SupportedScopes:          []string{"openid", ScopeIdentity, ScopeMobile},
		SupportedClaims: append(append([]string{}, op.DefaultSupportedClaims...), "gender", "birthdate",
			ClaimNationalCode, ClaimFatherName, ClaimBirthDateJalali, ClaimCertificateNumber, ClaimCertificatePlace,
			ClaimCertificateDate, ClaimMobile),
		// Logout tokens carry sub, not sid (backchannel.go).
		BackChannelLogoutSupported: true,
	}
	st := &storage{s: s, loginURL: func(id string) string { return s.path("/signin/" + id) }}
	opts := []op.Option{op.WithHttpInterceptors(withTokenAlg, st.gate)}
	if strings.HasPrefix(s.opts.Issuer, "http://") {
		opts = append(opts, op.WithAllowInsecure())
	}
	return op.NewProvider(cfg, st, op.StaticIssuer(s.opts.Issuer), opts...)
}

// path is an absolute path under the issuer's path ("/idp/signin/…").
func (s *Service) path(p string) string {
	return issuerPath(s.opts.Issuer) + p
}

// issuerPath is the path part of the issuer ("/idp").
func issuerPath(issuer string) string {
	rest := issuer
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.Index(rest, "/"); i >= 0 {
		return strings.TrimRight(rest[i:], "/")
	}
	return ""
}

// callbackURL is where a finished auth request goes: the provider's
// authorize callback, which answers the client with the code.
func (s *Service) callbackURL(authRequestID string) string {
	return s.path("/authorize/callback?id=" + authRequestID)
}

// Handler serves the protocol endpoints under the issuer's path.
func Handler(p *op.Provider, prefix string) http.Handler {
	return http.StripPrefix(prefix, p)
}
