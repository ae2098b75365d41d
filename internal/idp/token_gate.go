package idp

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"pishkhan/internal/db"
)

// zitadel/oidc consumes a code (Storage.AuthRequestByCode) before it
// checks the PKCE verifier and authenticates the client, so a wrong
// secret or verifier would burn the rightful client's code. The gate
// authenticates the client of a code or refresh token request first:
// a failure answers invalid_client and touches nothing. It notes the
// client and the S256 of the verifier, and the storage consumes a code
// only for that client and that verifier; the library then checks both
// again, as it would anyway.
func (st *storage) gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/oauth/introspect") {
			st.introspect(w, r, next)
			return
		}
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/oauth/token") {
			next.ServeHTTP(w, r)
			return
		}
		if err := r.ParseForm(); err != nil {
			next.ServeHTTP(w, r) // the library answers invalid_request
			return
		}
		grant := r.Form.Get("grant_type")
		if grant == "" {
			next.ServeHTTP(w, r) // the library answers invalid_request
			return
		}
		if !slices.Contains(servedGrants, oidc.GrantType(grant)) {
			op.RequestError(w, r, oidc.ErrUnsupportedGrantType(), nil)
			return
		}
		c, err := st.authenticate(r)
		if err != nil {
			op.RequestError(w, r, err, nil)
			return
		}
		if tc := tokenClientOf(r.Context()); tc != nil {
			tc.authClient = c.ID
			tc.verifierS256 = s256(r.Form.Get("code_verifier"))
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate is the client of a token, introspection or revocation
// request: client_secret_basic or client_secret_post for a confidential
// client, client_id alone for a public one.
func (st *storage) authenticate(r *http.Request) (*Client, error) {
	id, secret, basic := r.BasicAuth()
	if basic {
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return nil, oidc.ErrInvalidClient().WithDescription("invalid basic auth header")
		}
	} else {
		id, secret = r.Form.Get("client_id"), r.Form.Get("client_secret")
	}
	c, err := st.client(r.Context(), id)
	// A rotated secret's predecessor keeps working through its overlap
	// window (clientSecretMatches), as at every other client check.
	if errors.Is(err, ErrNotFound) || err == nil && c.SecretHash != "" && !st.s.clientSecretMatches(r.Context(), c, secret) {
		return nil, oidc.ErrInvalidClient().WithDescription("client authentication failed")
	}
	if err != nil {
		return nil, oidc.ErrServerError().WithParent(err)
	}
	return c, nil
}

// s256 is the PKCE S256 challenge of verifier.
func s256(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// revokeReplayedCode: a code used before, presented again by its client
// with its verifier, revokes every token issued from it (RFC 6749
// §4.1.2): one of the two presenters is not the rightful client.
func (st *storage) revokeReplayedCode(ctx context.Context, code, clientID, challenge string) error {
	var family string
	err := st.s.db.QueryRow(ctx, `SELECT id FROM idp_auth_requests WHERE code_hash = $1 AND client_id = $2 AND code_challenge = $3
		AND code_used_at IS NOT NULL`, sha(code), clientID, challenge).Scan(&family)
	if errors.Is(err, db.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	st.s.log.Warn("authorization code replayed: its tokens are revoked", "client", clientID, "grant", family)
	return st.s.revokeFamily(ctx, st.s.db, family)
}

// revokeFamily revokes every access and refresh token of a grant.
func (s *Service) revokeFamily(ctx context.Context, q db.Querier, family string) error {
	now := s.now()
	if _, err := q.Exec(ctx, "UPDATE idp_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL", now, family); err != nil {
		return err
	}
	_, err := q.Exec(ctx, "UPDATE idp_refresh_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL", now, family)
	return err
}

// usedCodeKept is how long a used code's row stays, so that its replay
// is recognised and its tokens revoked.
const usedCodeKept = 24 * time.Hour

// introspect: only a confidential client introspects (RFC 7662 §2.1
// wants the caller authenticated); a refresh token is answered here, an
// access token by the library.
func (st *storage) introspect(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if err := r.ParseForm(); err != nil {
		op.RequestError(w, r, oidc.ErrInvalidRequest(), nil)
		return
	}
	c, err := st.authenticate(r)
	if err == nil && c.SecretHash == "" {
		err = oidc.ErrInvalidClient().WithDescription("introspection is for confidential clients")
	}
	if err != nil {
		op.RequestError(w, r, err, nil)
		return
	}
	if st.introspectRefresh(w, r, c, r.Form.Get("token")) {
		return
	}
	// The library reads only client_secret_basic here: a client that
	// authenticated by client_secret_post is handed on as if by basic.
	if _, _, basic := r.BasicAuth(); !basic {
		r.SetBasicAuth(url.QueryEscape(c.ID), url.QueryEscape(r.Form.Get("client_secret")))
	}
	next.ServeHTTP(w, r)
}
