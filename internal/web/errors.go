package web

import (
	"net/http"

	"pishkhan/internal/db"
)

// Error answers with a Persian error page (or JSON for API requests).
// message may be empty for the status's standard Persian sentence.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, status int, message string) {
	if message == "" {
		message = statusText(status)
	}
	if isAPI(r) {
		writeJSON(w, status, map[string]string{"error": message})
		return
	}
	s.Render(w, r, status, "web/error", View{Title: statusTitle(status), Layout: "bare", Data: errorPage{Status: status, Message: message}})
}

// NotFound answers 404 with the Persian page.
func (s *Server) NotFound(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, http.StatusNotFound, "")
}

// ServerError logs err and answers 500 without showing its details.
func (s *Server) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	if db.IsUnavailable(err) {
		// The database is down or unreachable: say so, and when to retry.
		// The pool reconnects by itself once it is back.
		s.logger.Warn("database unavailable", "path", r.URL.Path, "route", Route(r), "err", err)
		w.Header().Set("Retry-After", "30")
		s.Error(w, r, http.StatusServiceUnavailable, "")
		return
	}
	s.logger.Error("request failed", "path", r.URL.Path, "route", Route(r), "err", err)
	s.Error(w, r, http.StatusInternalServerError, "")
}

type errorPage struct {
	Status  int
	Message string
}

func statusTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return titleNotFound
	case http.StatusForbidden:
		return titleForbidden
	case http.StatusRequestEntityTooLarge:
		return titleTooLarge
	case http.StatusTooManyRequests:
		return titleTooManyRequests
	case http.StatusServiceUnavailable:
		return titleUnavailable
	}
	if status >= 500 {
		return titleSystemError
	}
	return titleBadRequest
}

func statusText(status int) string {
	switch status {
	case http.StatusNotFound:
		return msgPageNotFound
	case http.StatusForbidden:
		return msgForbidden
	case http.StatusMethodNotAllowed:
		return msgMethodNotAllowed
	case http.StatusServiceUnavailable:
		return msgUnavailable
	}
	if status >= 500 {
		return msgInternalError
	}
	return msgCannotDo
}
