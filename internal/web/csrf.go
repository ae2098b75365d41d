package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
)

// CSRF protection: each browser gets a random seed in an HttpOnly cookie,
// and every form carries HMAC(server key, seed) in a hidden field named
// csrf_token (scripts may send it as the X-CSRF-Token header). Another
// site can make the browser send the cookie, but cannot read it or the
// page, so it cannot produce the matching token. As a second, independent
// line, the standard library's cross-origin protection refuses state-
// changing requests that the browser marks as coming from another origin.

const csrfField = "csrf_token"

var crossOrigin = http.NewCrossOriginProtection()

func (s *Server) csrfCookieName() string {
	if s.opts.SecureCookies {
		return "__Host-pishkhan_csrf"
	}
	return "pishkhan_csrf"
}

func (s *Server) csrfFor(seed string) string {
	m := hmac.New(sha256.New, s.opts.SecretKey)
	m.Write([]byte("csrf\x00"))
	m.Write([]byte(seed))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CSRFToken is the token forms on this response must carry. It sets the
// seed cookie when the browser has none yet.
func (s *Server) CSRFToken(w http.ResponseWriter, r *http.Request) string {
	st := stateOf(r)
	if st.csrfSeed == "" {
		if c, err := r.Cookie(s.csrfCookieName()); err == nil && len(c.Value) >= 32 && len(c.Value) <= 100 {
			st.csrfSeed = c.Value
		} else {
			s.renewCSRF(w, r)
		}
	}
	return s.csrfFor(st.csrfSeed)
}

func (s *Server) renewCSRF(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	st.csrfSeed = newToken()
	http.SetCookie(w, &http.Cookie{Name: s.csrfCookieName(), Value: st.csrfSeed, Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) validCSRF(r *http.Request) bool {
	if crossOrigin.Check(r) != nil {
		return false
	}
	c, err := r.Cookie(s.csrfCookieName())
	if err != nil || c.Value == "" {
		return false
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	if got == "" {
		return false
	}
	return hmac.Equal([]byte(got), []byte(s.csrfFor(c.Value)))
}
