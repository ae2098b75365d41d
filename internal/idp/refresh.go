package idp

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"pishkhan/internal/db"
)

// Refresh tokens: issued with a code to a client allowed offline_access
// that was granted it, rotated on every use (the used one is spent, the
// next of its family issued), and a spent one presented again revokes
// the whole family, access tokens included (OAuth 2.0 Security BCP 4.14.2):
// either the client or a thief holds a copy, and the server cannot tell
// which. Only their SHA-256 is stored.

// refreshTokenTTL is how long a refresh token is good unused.
const refreshTokenTTL = 30 * 24 * time.Hour

// refreshRequest is a refresh token being used: op.RefreshTokenRequest.
type refreshRequest struct {
	clientID, person, subject, family string
	scopes                            []string
	authTime                          time.Time
}

func (r *refreshRequest) GetAMR() []string            { return []string{"sms", "kba"} }
func (r *refreshRequest) GetAudience() []string       { return []string{r.clientID} }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.authTime }
func (r *refreshRequest) GetClientID() string         { return r.clientID }
func (r *refreshRequest) GetScopes() []string         { return r.scopes }
func (r *refreshRequest) GetSubject() string          { return r.subject }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.scopes = s }

// CreateAccessAndRefreshTokens stores an access token and the next
// refresh token of the grant, in one transaction.
func (st *storage) CreateAccessAndRefreshTokens(ctx context.Context, r op.TokenRequest, _ string) (string, string, time.Time, error) {
	clientID := ""
	if c, ok := r.(interface{ GetClientID() string }); ok {
		clientID = c.GetClientID()
	}
	authTime := st.s.now()
	if a, ok := r.(interface{ GetAuthTime() time.Time }); ok {
		authTime = a.GetAuthTime()
	}
	person, family := personOf(ctx)
	b := make([]byte, 32)
	rand.Read(b)
	refresh := base64.RawURLEncoding.EncodeToString(b)
	var id string
	var exp time.Time
	err := st.s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if id, exp, err = st.insertAccessToken(ctx, tx, clientID, r); err != nil {
			return err
		}
		now := st.s.now()
		_, err = tx.Exec(ctx, `INSERT INTO idp_refresh_tokens (token_hash, family, client_id, person, subject, scopes, auth_time, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, sha(refresh), family, clientID, person, r.GetSubject(),
			strings.Join(r.GetScopes(), " "), authTime, now, now.Add(refreshTokenTTL))
		return err
	})
	if err != nil {
		return "", "", time.Time{}, fmt.Errorf("idp: store refresh token: %w", err)
	}
	return id, refresh, exp, nil
}

// TokenRequestByRefreshToken spends a refresh token of the client the
// gate authenticated. A spent one presented again revokes its family.
func (st *storage) TokenRequestByRefreshToken(ctx context.Context, token string) (op.RefreshTokenRequest, error) {
	tc := tokenClientOf(ctx)
	if tc == nil || tc.authClient == "" || len(token) > 100 {
		return nil, op.ErrInvalidRefreshToken
	}
	now := st.s.now()
	r := &refreshRequest{}
	var scopes string
	err := st.s.db.ExecReturning(ctx, `UPDATE idp_refresh_tokens SET used_at = $1
		WHERE token_hash = $2 AND client_id = $3 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
		RETURNING client_id, person, subject, family, scopes, auth_time`, now, sha(token), tc.authClient).Scan(
		&r.clientID, &r.person, &r.subject, &r.family, &scopes, &r.authTime)
	if errors.Is(err, db.ErrNoRows) {
		if err := st.revokeReusedRefresh(ctx, token, tc.authClient); err != nil {
			return nil, err
		}
		return nil, op.ErrInvalidRefreshToken
	}
	if err != nil {
		return nil, fmt.Errorf("idp: spend refresh token: %w", err)
	}
	// The client may have lost offline_access since (an admin's edit).
	c, err := st.client(ctx, r.clientID)
	if err != nil || !slices.Contains(c.Scopes, ScopeOfflineAccess) {
		return nil, op.ErrInvalidRefreshToken
	}
	r.scopes = splitFields(scopes)
	noteTokenClient(ctx, r.clientID)
	notePerson(ctx, r.person, r.family)
	return r, nil
}

// revokeReusedRefresh: a spent refresh token presented again by its
// client revokes its family.
func (st *storage) revokeReusedRefresh(ctx context.Context, token, clientID string) error {
	var family string
	err := st.s.db.QueryRow(ctx, "SELECT family FROM idp_refresh_tokens WHERE token_hash = $1 AND client_id = $2 AND used_at IS NOT NULL",
		sha(token), clientID).Scan(&family)
	if errors.Is(err, db.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	st.s.log.Warn("refresh token reused: its family is revoked", "client", clientID, "grant", family)
	return st.s.revokeFamily(ctx, st.s.db, family)
}

// refreshTokenID marks a refresh token's id for RevokeToken, apart from
// access token ids.
const refreshTokenID = "rt:"

// GetRefreshTokenInfo finds a refresh token of clientID for revocation.
func (st *storage) GetRefreshTokenInfo(ctx context.Context, clientID, token string) (string, string, error) {
	if len(token) > 100 {
		return "", "", op.ErrInvalidRefreshToken
	}
	var subject string
	err := st.s.db.QueryRow(ctx, "SELECT subject FROM idp_refresh_tokens WHERE token_hash = $1 AND client_id = $2", sha(token), clientID).Scan(&subject)
	if errors.Is(err, db.ErrNoRows) {
		return "", "", op.ErrInvalidRefreshToken
	}
	if err != nil {
		return "", "", err
	}
	return subject, refreshTokenID + sha(token), nil
}

// RevokeToken (RFC 7009): a refresh token revokes its grant, access
// tokens included (§2.1); an access token revokes itself. A token of
// another client, or none at all, is answered with success and left.
func (st *storage) RevokeToken(ctx context.Context, token, _, clientID string) *oidc.Error {
	if hash, ok := strings.CutPrefix(token, refreshTokenID); ok {
		var family string
		err := st.s.db.QueryRow(ctx, "SELECT family FROM idp_refresh_tokens WHERE token_hash = $1 AND client_id = $2", hash, clientID).Scan(&family)
		if errors.Is(err, db.ErrNoRows) {
			return nil
		}
		if err == nil {
			err = st.s.revokeFamily(ctx, st.s.db, family)
		}
		if err != nil {
			return oidc.ErrServerError().WithParent(err)
		}
		return nil
	}
	if _, err := st.s.db.Exec(ctx, "UPDATE idp_tokens SET revoked_at = $1 WHERE id = $2 AND client_id = $3 AND revoked_at IS NULL",
		st.s.now(), token, clientID); err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	return nil
}

// RefreshGrant is a client holding refresh tokens of a person (the
// person's grants page).
type RefreshGrant struct {
	ClientID string
	Families int // sign-ins (devices) holding a live refresh token
}

// refreshGrants counts person's live refresh-token families per client.
func (s *Service) refreshGrants(ctx context.Context, person string) (map[string]RefreshGrant, error) {
	rows, err := db.All(ctx, s.db, func(sc db.Scanner) (RefreshGrant, error) {
		var g RefreshGrant
		return g, sc.Scan(&g.ClientID, &g.Families)
	}, `SELECT client_id, COUNT(DISTINCT family) FROM idp_refresh_tokens
		WHERE person = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2 GROUP BY client_id`, person, s.now())
	if err != nil {
		return nil, err
	}
	out := map[string]RefreshGrant{}
	for _, g := range rows {
		out[g.ClientID] = g
	}
	return out, nil
}

// revokePersonTokens revokes every token person's grant to clientID
// holds (the person revoked the consent).
func (s *Service) revokePersonTokens(ctx context.Context, q db.Querier, person, clientID string) error {
	now := s.now()
	if _, err := q.Exec(ctx, "UPDATE idp_tokens SET revoked_at = $1 WHERE person = $2 AND client_id = $3 AND revoked_at IS NULL", now, person, clientID); err != nil {
		return err
	}
	_, err := q.Exec(ctx, "UPDATE idp_refresh_tokens SET revoked_at = $1 WHERE person = $2 AND client_id = $3 AND revoked_at IS NULL", now, person, clientID)
	return err
}
