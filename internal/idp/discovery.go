package idp

import (
	"net/http"
	"slices"

	httphelper "github.com/zitadel/oidc/v3/pkg/http"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The discovery document says what the provider serves, no more:
// zitadel/oidc's own advertises the implicit and jwt-bearer grants,
// id_token response types, device authorization, public subjects,
// private_key_jwt algorithms and claims it never issues. It is built
// from the library's and corrected here; discovery_test.go tries every
// advertised thing and looks for anything unserved.

// servedGrants are the grant types the token endpoint serves; the gate
// refuses the others (the library would try some of them).
var servedGrants = []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}

// issuedClaims are the claims of the provider's ID tokens and userinfo.
var issuedClaims = []string{
	// The token's own.
	"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "amr", "azp", "client_id", "at_hash", "c_hash",
	// identity.
	"name", "given_name", "family_name", "gender", "birthdate",
	ClaimNationalCode, ClaimFatherName, ClaimBirthDateJalali, ClaimCertificateNumber, ClaimCertificatePlace, ClaimCertificateDate,
	// mobile.
	"phone_number", "phone_number_verified", ClaimMobile,
}

// servedScopes are the scopes a client may be allowed.
var servedScopes = []string{"openid", ScopeIdentity, ScopeMobile, ScopeOfflineAccess}

func (p *Pages) discovery(w http.ResponseWriter, r *http.Request) {
	ctx := op.ContextWithIssuer(r.Context(), p.svc.opts.Issuer)
	d := op.CreateDiscoveryConfig(ctx, p.provider, p.provider.Storage())
	d.ResponseTypesSupported = []string{string(oidc.ResponseTypeCode)}
	d.ResponseModesSupported = []string{"query"}
	d.GrantTypesSupported = slices.Clone(servedGrants)
	d.SubjectTypesSupported = []string{"pairwise"}
	d.ScopesSupported = slices.Clone(servedScopes)
	d.ClaimsSupported = slices.Clone(issuedClaims)
	d.DeviceAuthorizationEndpoint = ""
	d.CheckSessionIframe = ""
	d.RequestObjectSigningAlgValuesSupported = nil
	d.TokenEndpointAuthMethodsSupported = []oidc.AuthMethod{oidc.AuthMethodNone, oidc.AuthMethodBasic, oidc.AuthMethodPost}
	d.TokenEndpointAuthSigningAlgValuesSupported = nil
	d.IntrospectionEndpointAuthMethodsSupported = []oidc.AuthMethod{oidc.AuthMethodBasic, oidc.AuthMethodPost}
	d.IntrospectionEndpointAuthSigningAlgValuesSupported = nil
	d.RevocationEndpointAuthMethodsSupported = []oidc.AuthMethod{oidc.AuthMethodNone, oidc.AuthMethodBasic, oidc.AuthMethodPost}
	d.RevocationEndpointAuthSigningAlgValuesSupported = nil
	w.Header().Set("Cache-Control", "public, max-age=300")
	// Single-page apps read it from their own origin, as the library's
	// handler (behind its CORS middleware) allowed.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	httphelper.MarshalJSON(w, d)
}
