package web

import (
	"encoding/base64"
	"net/http"
)

// ServeSessionPNG answers with a PNG kept base64-encoded in the session
// under key (an authenticator's enrolment QR, shown only to the session
// that drew it), never cached; none kept is 404.
func (s *Server) ServeSessionPNG(w http.ResponseWriter, r *http.Request, key string) {
	sess := s.Session(r)
	if sess == nil {
		s.NotFound(w, r)
		return
	}
	v, err := s.Sessions.Get(r.Context(), sess, key)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	png, err := base64.StdEncoding.DecodeString(v)
	if v == "" || err != nil {
		s.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(png)
}
