package web

import (
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// cleanInput refuses (400, in Persian) a request whose path, query or
// form holds invalid UTF-8 or a NUL byte, in a name or a value, before
// any handler sees it: PostgreSQL rejects both in text (a 500), SQLite
// would store them. Form bodies are parsed here (ParseForm answers a
// malformed or oversized one itself); a multipart form is checked when
// the CSRF check has parsed it. It reports whether the request may go on.
func (s *Server) cleanInput(w http.ResponseWriter, r *http.Request) bool {
	ok := cleanText(r.URL.Path) && cleanValues(r.URL.Query())
	if ok && !safeMethod(r.Method) {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
			if !s.ParseForm(w, r) {
				return false
			}
		}
		ok = cleanValues(r.PostForm)
		if ok && r.MultipartForm != nil {
			ok = cleanValues(r.MultipartForm.Value)
			for name, files := range r.MultipartForm.File {
				ok = ok && cleanText(name)
				for _, f := range files {
					ok = ok && cleanText(f.Filename)
				}
			}
		}
	}
	if !ok {
		s.Error(w, r, http.StatusBadRequest, msgBadInput)
	}
	return ok
}

func cleanValues(v url.Values) bool {
	for k, vs := range v {
		if !cleanText(k) {
			return false
		}
		for _, s := range vs {
			if !cleanText(s) {
				return false
			}
		}
	}
	return true
}

// cleanText reports whether s is valid UTF-8 without NUL.
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// CleanText reports whether every s is valid UTF-8 without a NUL byte:
// the check forms get in the kit, for text a JSON API decoded itself
// (encoding/json turns "\u0000" into a NUL, which PostgreSQL refuses).
func CleanText(s ...string) bool {
	for _, v := range s {
		if !cleanText(v) {
			return false
		}
	}
	return true
}
