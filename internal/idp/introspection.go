package idp

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	httphelper "github.com/zitadel/oidc/v3/pkg/http"

	"pishkhan/internal/db"
)

// Token introspection (RFC 7662) for confidential clients, about tokens
// issued to themselves: the library authenticates the client and opens
// the access token; SetIntrospectionFromToken says whether it is live.
// A refresh token the library cannot open; the gate answers for it.

// SetIntrospectionFromToken fills the answer about a live access token
// issued to clientID; any other is inactive.
func (st *storage) SetIntrospectionFromToken(ctx context.Context, r *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	var tokClient, tokSubject, scopes string
	var exp, created time.Time
	var revoked *time.Time
	err := st.s.db.QueryRow(ctx, "SELECT client_id, subject, scopes, expires_at, created_at, revoked_at FROM idp_tokens WHERE id = $1", tokenID).Scan(
		&tokClient, &tokSubject, &scopes, &exp, &created, &revoked)
	if err != nil || revoked != nil || !st.s.now().Before(exp) || tokSubject != subject || tokClient != clientID {
		return errInactive
	}
	st.fillIntrospection(ctx, r, tokClient, tokSubject, scopes, created, exp, oidc.BearerToken)
	return nil
}

var errInactive = errors.New("idp: token inactive")

func (st *storage) fillIntrospection(ctx context.Context, r *oidc.IntrospectionResponse, clientID, subject, scopes string, iat, exp time.Time, typ string) {
	r.Scope = splitFields(scopes)
	r.ClientID = clientID
	r.Subject = subject
	r.Audience = []string{clientID}
	r.Issuer = op.IssuerFromContext(ctx)
	r.TokenType = typ
	r.IssuedAt = oidc.FromTime(iat)
	r.Expiration = oidc.FromTime(exp)
}

// introspectRefresh answers an introspection of a refresh token of the
// authenticated client c, and reports whether token was one.
func (st *storage) introspectRefresh(w http.ResponseWriter, r *http.Request, c *Client, token string) bool {
	if len(token) > 100 {
		return false
	}
	var subject, scopes string
	var created, exp time.Time
	var used, revoked *time.Time
	err := st.s.db.QueryRow(r.Context(), `SELECT subject, scopes, created_at, expires_at, used_at, revoked_at FROM idp_refresh_tokens
		WHERE token_hash = $1 AND client_id = $2`, sha(token), c.ID).Scan(&subject, &scopes, &created, &exp, &used, &revoked)
	if errors.Is(err, db.ErrNoRows) {
		return false
	}
	resp := new(oidc.IntrospectionResponse)
	if err == nil && used == nil && revoked == nil && st.s.now().Before(exp) {
		resp.Active = true
		st.fillIntrospection(r.Context(), resp, c.ID, subject, scopes, created, exp, "refresh_token")
	}
	httphelper.MarshalJSON(w, resp)
	return true
}
