package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

// Flash is a one-time message shown on the next page after a redirect
// ("عملیات با موفقیت انجام گردید"). It travels in a signed cookie, so it
// needs no session and cannot be forged to show arbitrary text.
type Flash struct {
	Kind string `json:"k"` // "success", "error" or "info"
	Text string `json:"t"`
}

const flashCookie = "pishkhan_flash"

func (s *Server) flashSig(payload string) string {
	m := hmac.New(sha256.New, s.opts.SecretKey)
	m.Write([]byte("flash\x00"))
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// SetFlash queues a message for the next page this browser renders.
func (s *Server) SetFlash(w http.ResponseWriter, kind, text string) {
	b, _ := json.Marshal(Flash{Kind: kind, Text: text})
	payload := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: payload + "." + s.flashSig(payload), Path: "/",
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// takeFlash reads and clears the pending message, if any.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) *Flash {
	st := stateOf(r)
	if st.flashRead {
		return st.flash
	}
	st.flashRead = true
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	payload, sig, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.flashSig(payload))) {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil
	}
	var f Flash
	if json.Unmarshal(b, &f) != nil {
		return nil
	}
	st.flash = &f
	return &f
}
