package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"pishkhan/internal/db"
)

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe is the outermost layer: it gives the request its state, then
// logs it and counts it by route once it is done.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		r, st := withState(r)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		elapsed := time.Since(start)
		route := st.route
		if route == "" {
			route = "unmatched"
		}
		// The method label is bounded to the methods a route can match, so a
		// client inventing methods cannot create series.
		method := r.Method
		if route == "unmatched" {
			method = "other"
		}
		s.metrics.observe(route, method, sw.status, elapsed)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			level = slog.LevelDebug
		}
		if !s.logger.Enabled(r.Context(), level) {
			return
		}
		s.logger.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("route", route),
			slog.Int("status", sw.status),
			slog.Int64("bytes", sw.bytes),
			slog.Duration("took", elapsed),
			slog.String("ip", s.ClientIP(r)),
		)
	})
}

// recoverPanics turns a panic in a handler into the Persian 500 page and a
// logged stack, instead of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				if err, ok := p.(error); ok && db.IsUnavailable(err) {
					// A session lookup with the database down panics
					// (Session has no error to return): a 503, not a crash.
					s.ServerError(w, r, err)
					return
				}
				s.logger.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				s.Error(w, r, http.StatusInternalServerError, "")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries. The content
// security policy allows only our own scripts, styles and images, no
// inline script, no framing by other sites, and forms that post only to
// us and to the configured bank gateways.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	formAction := "'self'"
	for _, o := range s.opts.FormActions {
		formAction += " " + o
	}
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action " + formAction
	// The header values are built once; each request only assigns the
	// shared slices (keys are already in canonical form).
	fixed := map[string][]string{
		"Content-Security-Policy":    {csp},
		"X-Content-Type-Options":     {"nosniff"},
		"X-Frame-Options":            {"DENY"},
		"Referrer-Policy":            {"same-origin"},
		"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), payment=()"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
	}
	if s.opts.SecureCookies {
		fixed["Strict-Transport-Security"] = []string{"max-age=31536000; includeSubDomains"}
	}
	noStore := []string{"no-store"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range fixed {
			h[k] = v
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages show personal data: never keep them in shared caches or
			// the browser's back-forward history after sign-out.
			h["Cache-Control"] = noStore
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses bodies over the limit: at once when Content-Length
// says so, and while reading otherwise (MaxBytesReader).
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.opts.MaxBodyBytes {
			s.Error(w, r, http.StatusRequestEntityTooLarge, MsgBodyTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// ParseForm parses a form body and answers 413 or 400 itself when the
// body is too large or malformed; handlers return when it reports false.
func (s *Server) ParseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.Error(w, r, http.StatusRequestEntityTooLarge, MsgBodyTooLarge)
		} else {
			s.Error(w, r, http.StatusBadRequest, MsgUnreadable)
		}
		return false
	}
	return true
}
