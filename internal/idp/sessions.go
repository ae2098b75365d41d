package idp

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"pishkhan/internal/db"
)

// The provider's own sign-in (single sign-on): a verified person is
// remembered in a cookie for SessionTTL, so a second application's sign-in
// goes straight to consent. Only the token's hash is stored.
const sessionCookie = "pishkhan_idp"

// startSession signs in subject, verified at authTime (the auth_time of
// what the session later signs).
func (s *Service) startSession(ctx context.Context, w http.ResponseWriter, subject string, authTime time.Time) error {
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	exp := s.now().Add(s.opts.SessionTTL)
	if _, err := s.db.Exec(ctx, "INSERT INTO idp_sessions (token_hash, subject, expires_at, auth_time) VALUES ($1, $2, $3, $4)",
		sha(token), subject, exp, authTime); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/idp", HttpOnly: true, Secure: s.opts.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.opts.SessionTTL / time.Second)})
	return nil
}

// sessionSubject returns the national code of the person signed in at the
// provider in this browser, or "".
func (s *Service) sessionSubject(r *http.Request) (string, error) {
	subject, _, err := s.sessionAuth(r)
	return subject, err
}

// sessionAuth is sessionSubject with the time the person was verified. A
// session from before auth_time was kept counts as none.
func (s *Service) sessionAuth(r *http.Request) (string, time.Time, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || len(c.Value) > 100 {
		return "", time.Time{}, nil
	}
	var subject string
	var authTime *time.Time
	err = s.db.QueryRow(r.Context(), "SELECT subject, auth_time FROM idp_sessions WHERE token_hash = $1 AND expires_at > $2", sha(c.Value), s.now()).Scan(&subject, &authTime)
	if errors.Is(err, db.ErrNoRows) || err == nil && authTime == nil {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, err
	}
	return subject, *authTime, nil
}
