package idp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// The admin's management of a registered client: its logout settings,
// edits, secret rotation with an overlap window, and its recent sign-ins.

// ClientLogout are a client's logout settings.
type ClientLogout struct {
	// PostLogoutRedirectURIs are where RP-initiated logout may send the
	// person back (exact match).
	PostLogoutRedirectURIs []string
	// BackchannelLogoutURI receives logout tokens; "" for none.
	BackchannelLogoutURI string
	// PreviousSecretUntil is when the secret replaced by the last
	// rotation stops working; nil when none is live.
	PreviousSecretUntil *time.Time
}

// SecretOverlap is how long a rotated-out secret keeps working, so the
// relying party can deploy the new one without an outage.
const SecretOverlap = 24 * time.Hour

// Limits of a client's lists.
const maxClientURIs = 10

// Client edit errors, in Persian for the admin's form.
var (
	ErrLogoutURI      = fa.Refusal(domain, "post_logout_redirect_uri", msgLogoutURI).OnField("post_logout_redirect_uris")
	ErrBackchannelURI = fa.Refusal(domain, "backchannel_logout_uri", msgBackchannelURI).OnField("backchannel_logout_uri")
	ErrTooManyURIs    = fa.Refusal(domain, "redirect_uris_count", msgTooManyURIs).OnField("redirect_uris")
	ErrClientText     = fa.Refusal(domain, "client_text", msgClientText).OnField("name")
	ErrClientPublic   = fa.Refusal(domain, "client_public", msgClientPublic).OnField("form")
)

// clientLogout loads a client's logout settings.
func (s *Service) clientLogout(ctx context.Context, id string) (*ClientLogout, error) {
	var uris string
	ls := &ClientLogout{}
	err := s.db.QueryRow(ctx, "SELECT post_logout_redirect_uris, backchannel_logout_uri, previous_secret_until FROM idp_clients WHERE id = $1", id).Scan(
		&uris, &ls.BackchannelLogoutURI, &ls.PreviousSecretUntil)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("idp: load client logout: %w", err)
	}
	ls.PostLogoutRedirectURIs = splitLines(uris)
	if ls.PreviousSecretUntil != nil && !s.now().Before(*ls.PreviousSecretUntil) {
		ls.PreviousSecretUntil = nil
	}
	return ls, nil
}

// ClientLogoutSettings returns a client's logout settings (the admin's
// edit page).
func (s *Service) ClientLogoutSettings(ctx context.Context, id string) (*ClientLogout, error) {
	return s.clientLogout(ctx, id)
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// ClientEdit is what the admin changes of a registered client; the id,
// the kind (public or confidential) and the secret are not edited here.
type ClientEdit struct {
	Name                   string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
	BackchannelLogoutURI   string
	Scopes                 []string
	IDTokenAlg             string
}

// UpdateClient saves an edit of client id, checked as a registration is,
// with its audit record in the same transaction.
func (s *Service) UpdateClient(ctx context.Context, id string, in ClientEdit, audit AuditFunc) error {
	for _, v := range append(append([]string{in.Name, in.BackchannelLogoutURI, in.IDTokenAlg}, in.RedirectURIs...), append(in.PostLogoutRedirectURIs, in.Scopes...)...) {
		if !cleanText(v) {
			return ErrClientText
		}
	}
	if len(nonEmpty(in.RedirectURIs)) > maxClientURIs {
		return ErrTooManyURIs
	}
	c, err := validateClient(NewClient{ID: id, Name: in.Name, RedirectURIs: in.RedirectURIs, Scopes: in.Scopes, IDTokenAlg: in.IDTokenAlg})
	if err != nil {
		return err
	}
	var logout []string
	for _, raw := range nonEmpty(in.PostLogoutRedirectURIs) {
		if !absoluteURI(raw) {
			return ErrLogoutURI
		}
		if !slices.Contains(logout, raw) {
			logout = append(logout, raw)
		}
	}
	if len(logout) > maxClientURIs {
		return ErrLogoutURI
	}
	bc := strings.TrimSpace(in.BackchannelLogoutURI)
	if bc != "" && !absoluteURI(bc) {
		return ErrBackchannelURI
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE idp_clients SET name = $1, redirect_uris = $2, scopes = $3, id_token_alg = $4,
			post_logout_redirect_uris = $5, backchannel_logout_uri = $6 WHERE id = $7`,
			c.Name, strings.Join(c.RedirectURIs, "\n"), strings.Join(c.Scopes, " "), c.IDTokenAlg, strings.Join(logout, "\n"), bc, id)
		if err != nil {
			return err
		}
		if res.RowsAffected != 1 {
			return ErrNotFound
		}
		return runAudit(ctx, tx, audit)
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("idp: update client: %w", err)
	}
	return err
}

// cleanText refuses invalid UTF-8 and control characters other than the
// line breaks of a list.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// absoluteURI: an http(s) URI with a host and no fragment, as redirect
// URIs are.
func absoluteURI(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Fragment == "" && len(raw) <= 500
}

// RotateClientSecret gives a confidential client a new secret (returned
// once; only its hash is kept). The secret it replaces keeps working for
// SecretOverlap; a secret replaced earlier stops at once.
func (s *Service) RotateClientSecret(ctx context.Context, id string, audit AuditFunc) (string, error) {
	b := make([]byte, 32)
	rand.Read(b)
	secret := hex.EncodeToString(b)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var old string
		err := tx.QueryRow(ctx, "SELECT secret_hash FROM idp_clients WHERE id = $1", id).Scan(&old)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if old == "" {
			return ErrClientPublic
		}
		// The conditional update makes two rotations at once one: the
		// second finds the hash changed and changes nothing.
		res, err := tx.Exec(ctx, `UPDATE idp_clients SET secret_hash = $1, previous_secret_hash = $2, previous_secret_until = $3
			WHERE id = $4 AND secret_hash = $2`, hashSecret(secret), old, s.now().Add(SecretOverlap), id)
		if err != nil {
			return err
		}
		if res.RowsAffected != 1 {
			return ErrStep
		}
		return runAudit(ctx, tx, audit)
	})
	if err != nil {
		var e *fa.Error
		if errors.Is(err, ErrNotFound) || errors.As(err, &e) {
			return "", err
		}
		return "", fmt.Errorf("idp: rotate client secret: %w", err)
	}
	return secret, nil
}

// clientSecretMatches checks a client's secret: the current one, or the
// one the last rotation replaced while its overlap lasts.
func (s *Service) clientSecretMatches(ctx context.Context, c *Client, secret string) bool {
	if secretMatches(c.SecretHash, secret) {
		return true
	}
	var prev string
	var until *time.Time
	err := s.db.QueryRow(ctx, "SELECT previous_secret_hash, previous_secret_until FROM idp_clients WHERE id = $1", c.ID).Scan(&prev, &until)
	return err == nil && until != nil && s.now().Before(*until) && secretMatches(prev, secret)
}

// Signin is one sign-in granted to a client.
type Signin struct {
	Subject string // the national code
	At      time.Time
}

// recordSignin notes that subject signed in to client from the provider
// session session ("" when none). The authorization request's id is the
// row's: a request finished twice at once (two tabs on a remembered
// consent, where grant lets the second through as ErrStep) is one row.
func (s *Service) recordSignin(ctx context.Context, authRequestID, clientID, subject, session string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO idp_signins (id, client_id, subject, session_hash, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO NOTHING`, authRequestID, clientID, subject, session, s.now())
	if err != nil {
		return fmt.Errorf("idp: record sign-in: %w", err)
	}
	return nil
}

// RecentSignins are a client's last n sign-ins, newest first.
func (s *Service) RecentSignins(ctx context.Context, clientID string, n int) ([]Signin, error) {
	return db.All(ctx, s.db, func(sc db.Scanner) (Signin, error) {
		var si Signin
		return si, sc.Scan(&si.Subject, &si.At)
	}, "SELECT subject, created_at FROM idp_signins WHERE client_id = $1 ORDER BY created_at DESC, id LIMIT $2", clientID, n)
}

// MaskedSubject is the national code with its middle hidden
// ("006*****33"): enough for the admin to tell sign-ins apart, not to
// read anyone's code off the screen.
func (si Signin) MaskedSubject() string {
	if len(si.Subject) < 6 {
		return strings.Repeat("*", len(si.Subject))
	}
	return si.Subject[:3] + strings.Repeat("*", len(si.Subject)-5) + si.Subject[len(si.Subject)-2:]
}

// SigninRetention is how long sign-ins are kept for the admin's page; a
// session that could still be logged out lives far shorter.
const SigninRetention = 90 * 24 * time.Hour

// DeleteOldSignins removes sign-ins older than SigninRetention (the
// hourly cleanup).
func (s *Service) DeleteOldSignins(ctx context.Context) (int64, error) {
	res, err := s.db.Exec(ctx, "DELETE FROM idp_signins WHERE created_at < $1", s.now().Add(-SigninRetention))
	if err != nil {
		return 0, fmt.Errorf("idp: delete old sign-ins: %w", err)
	}
	return res.RowsAffected, nil
}
