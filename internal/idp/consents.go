package idp

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"pishkhan/internal/db"
)

// Consent is a remembered «اعطای مجوز ورود یکپارچه».
type Consent struct {
	ClientID   string
	ClientName string
	Scopes     []string
	GrantedAt  time.Time
	// Offline is how many sign-ins of the client hold a live refresh
	// token (it acts without the person until the consent is revoked).
	Offline int
}

// scopeSet is the key a consent is remembered under: the requested scopes
// sorted, so the order of a request does not matter, and a request for
// more than was granted asks again.
func scopeSet(scopes []string) string {
	s := slices.Clone(scopes)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), " ")
}

// HasConsent reports whether subject has granted client exactly these
// scopes and not revoked the grant.
func (s *Service) HasConsent(ctx context.Context, subject, clientID string, scopes []string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM idp_consents WHERE subject = $1 AND client_id = $2 AND scopes = $3 AND revoked_at IS NULL`,
		subject, clientID, scopeSet(scopes)).Scan(&n)
	return n > 0, err
}

// Consents lists subject's live grants (the person's page).
func (s *Service) Consents(ctx context.Context, subject string) ([]Consent, error) {
	cs, err := db.All(ctx, s.db, func(sc db.Scanner) (Consent, error) {
		var c Consent
		var scopes string
		err := sc.Scan(&c.ClientID, &c.ClientName, &scopes, &c.GrantedAt)
		c.Scopes = splitFields(scopes)
		return c, err
	}, `SELECT c.client_id, COALESCE(cl.name, c.client_id), c.scopes, c.granted_at FROM idp_consents c
		LEFT JOIN idp_clients cl ON cl.id = c.client_id
		WHERE c.subject = $1 AND c.revoked_at IS NULL ORDER BY c.granted_at DESC`, subject)
	if err != nil {
		return nil, err
	}
	offline, err := s.refreshGrants(ctx, subject)
	if err != nil {
		return nil, err
	}
	// A client is listed once, with its live refresh tokens.
	var out []Consent
	seen := map[string]int{}
	for _, c := range cs {
		if i, ok := seen[c.ClientID]; ok {
			for _, sc := range c.Scopes {
				if !slices.Contains(out[i].Scopes, sc) {
					out[i].Scopes = append(out[i].Scopes, sc)
				}
			}
			continue
		}
		c.Offline = offline[c.ClientID].Families
		seen[c.ClientID] = len(out)
		out = append(out, c)
	}
	return out, nil
}

// RevokeConsents revokes every grant subject gave client, and every
// token the client holds of it: its next sign-in asks again.
func (s *Service) RevokeConsents(ctx context.Context, subject, clientID string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE idp_consents SET revoked_at = $1 WHERE subject = $2 AND client_id = $3 AND revoked_at IS NULL",
			s.now(), subject, clientID); err != nil {
			return err
		}
		// Its tokens, refresh tokens first, go with it.
		return s.revokePersonTokens(ctx, tx, subject, clientID)
	})
	if err != nil {
		return fmt.Errorf("idp: revoke consent: %w", err)
	}
	return nil
}

// grant remembers a consent and completes the auth request with the
// subject, in one transaction: the request is answered once. authTime is
// when the person was verified (the ID token's auth_time).
func (s *Service) grant(ctx context.Context, a *authRequest, subject string, authTime time.Time, remember bool) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if remember {
			if _, err := tx.Exec(ctx, `INSERT INTO idp_consents (subject, client_id, scopes, granted_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (subject, client_id, scopes) DO UPDATE SET granted_at = $4, revoked_at = NULL`,
				subject, a.ClientID, scopeSet(a.Scopes), now); err != nil {
				return fmt.Errorf("idp: store consent: %w", err)
			}
		}
		res, err := tx.Exec(ctx, "UPDATE idp_auth_requests SET subject = $1, auth_time = $2, done = TRUE WHERE id = $3 AND NOT done",
			subject, authTime, a.ID)
		if err != nil {
			return fmt.Errorf("idp: complete auth request: %w", err)
		}
		if res.RowsAffected != 1 {
			return ErrStep
		}
		return nil
	})
}

// freshEnough reports whether a verification at authTime satisfies a's
// max_age (prompt=login is max_age 0): a verification for this very
// request always does.
func (s *Service) freshEnough(a *authRequest, authTime time.Time) bool {
	if a.MaxAge == nil || a.VerifiedAt != nil {
		return true
	}
	// max_age=0 is prompt=login: however recent, verify again.
	return *a.MaxAge > 0 && !s.now().After(authTime.Add(time.Duration(*a.MaxAge)*time.Second))
}

// markVerified records that the person verified for auth request id.
func (s *Service) markVerified(ctx context.Context, id string, at time.Time) error {
	if _, err := s.db.Exec(ctx, "UPDATE idp_auth_requests SET verified_at = $1 WHERE id = $2 AND NOT done", at, id); err != nil {
		return fmt.Errorf("idp: mark verified: %w", err)
	}
	return nil
}
