package idp

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
)

type protocolErrorView struct {
	Status  int
	Message string
	Back    string // the requesting application's origin, when it is known to be the client's
}

// protocolError is the provider's page for a request it cannot answer to
// the client (no registered redirect to send the error to): Persian, in
// the provider's look, with a way back to the application when its
// address is a registered one.
func (p *Pages) protocolError(w http.ResponseWriter, r *http.Request, status int, message, back string) {
	p.view(w, r, status, "protocol_error", titleProtocolError, nil, protocolErrorView{Status: status, Message: message, Back: back})
}

// origin is the scheme and host of a registered redirect URI, for the
// error page's way back; "" for private-use schemes.
func origin(redirect string) string {
	u, err := url.Parse(redirect)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/"
}

// persianErrors serves h, turning the library's plain-text error
// answers (http.Error: an invalid redirect, a response type or request it
// refuses without a client to tell) into the provider's Persian page.
func (p *Pages) persianErrors(h http.Handler, back string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &catchError{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		if !cw.caught {
			return
		}
		w.Header().Del("Content-Type")
		p.svc.log.Info("protocol error shown to the person", "path", r.URL.Path, "error", cw.body.String())
		p.protocolError(w, r, cw.status, protocolMessage(cw.body.String()), back)
	})
}

// protocolMessage words the library's English description in Persian.
func protocolMessage(desc string) string {
	d := strings.ToLower(desc)
	switch {
	case strings.Contains(d, "redirect_uri is http"), strings.Contains(d, "custom schema"):
		return msgRedirectNotAllowed
	case strings.Contains(d, "redirect_uri"):
		return msgRedirectMismatch
	case strings.Contains(d, "response type"), strings.Contains(d, "response_type"):
		return msgResponseType
	case strings.Contains(d, "client_id"), strings.Contains(d, "client"):
		return msgUnknownClient
	}
	return msgBadAuthRequest
}

// catchError holds back a plain-text error answer (status ≥ 400) and
// lets everything else through.
type catchError struct {
	http.ResponseWriter
	status int
	caught bool
	body   bytes.Buffer
}

func (c *catchError) WriteHeader(status int) {
	if status >= 400 && strings.HasPrefix(c.Header().Get("Content-Type"), "text/plain") {
		c.status, c.caught = status, true
		return
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *catchError) Write(b []byte) (int, error) {
	if c.caught {
		if c.body.Len() < 1024 {
			c.body.Write(b)
		}
		return len(b), nil
	}
	return c.ResponseWriter.Write(b)
}
