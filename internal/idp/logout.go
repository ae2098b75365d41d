package idp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"pishkhan/internal/db"
)

// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). The
// library's own end_session handler ends the session without asking and
// answers errors in English; this one checks the request the same way
// (id_token_hint signed by this provider, post_logout_redirect_uri one
// the client registered, matched exactly), asks the person on a Persian
// page, and on their answer ends the provider session of this browser and
// queues the back-channel logout tokens (backchannel.go).

// logoutRequest is an end-session request once checked: the client it
// came from ("" when anonymous) and where to send the person after.
type logoutRequest struct {
	Client   *Client
	Redirect string // the registered URI with state, or ""
	// Params carry the checked request through the confirmation form.
	ClientID, PostLogoutURI, State string
}

// checkLogout validates an end-session request's parameters; a non-empty
// message is the Persian refusal.
func (p *Pages) checkLogout(ctx context.Context, form url.Values, withHint bool) (*logoutRequest, string, error) {
	hint, clientID := form.Get("id_token_hint"), form.Get("client_id")
	uri, state := form.Get("post_logout_redirect_uri"), form.Get("state")
	for _, v := range []string{hint, clientID, uri, state} {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return nil, errLogoutRequest, nil
		}
	}
	if len(hint) > 8000 || len(clientID) > 100 || len(uri) > 500 || len(state) > 500 {
		return nil, errLogoutRequest, nil
	}
	if withHint && hint != "" {
		claims, err := op.VerifyIDTokenHint[*oidc.IDTokenClaims](ctx, hint, p.hintVerifier())
		// An expired hint still names the client: RPs send the last ID
		// token they hold, often hours old (the specification allows it).
		if err != nil && !errors.As(err, &op.IDTokenHintExpiredError{}) {
			return nil, errLogoutHint, nil
		}
		azp := claims.GetAuthorizedParty()
		if azp == "" && len(claims.GetAudience()) == 1 {
			azp = claims.GetAudience()[0]
		}
		if clientID != "" && clientID != azp {
			return nil, errLogoutClient, nil
		}
		clientID = azp
	}
	lr := &logoutRequest{ClientID: clientID, State: state}
	if clientID == "" {
		if uri != "" {
			return nil, errLogoutNoRP, nil
		}
		return lr, "", nil
	}
	c, err := p.svc.ClientByID(ctx, clientID)
	if errors.Is(err, ErrNotFound) {
		return nil, errLogoutClient, nil
	}
	if err != nil {
		return nil, "", err
	}
	lr.Client = c
	if uri == "" {
		return lr, "", nil
	}
	ls, err := p.svc.clientLogout(ctx, c.ID)
	if err != nil {
		return nil, "", err
	}
	if !slices.Contains(ls.PostLogoutRedirectURIs, uri) {
		return nil, errLogoutURI, nil
	}
	lr.PostLogoutURI, lr.Redirect = uri, uri
	if state != "" {
		u, err := url.Parse(uri)
		if err != nil {
			return nil, errLogoutURI, nil
		}
		q := u.Query()
		q.Set("state", state)
		u.RawQuery = q.Encode()
		lr.Redirect = u.String()
	}
	return lr, "", nil
}

// hintVerifier checks id_token_hint against this provider's published
// keys, of every algorithm it signs ID tokens with (the library's default
// list lacks EdDSA).
func (p *Pages) hintVerifier() *op.IDTokenHintVerifier {
	algs := make([]string, len(keyAlgorithms))
	for i, a := range keyAlgorithms {
		algs[i] = string(a)
	}
	return op.NewIDTokenHintVerifier(p.svc.opts.Issuer, hintKeySet{p.svc}, op.WithSupportedIDTokenHintSigningAlgorithms(algs...))
}

// hintKeySet verifies a signature with the published key its kid names.
type hintKeySet struct{ s *Service }

func (k hintKeySet) VerifySignature(ctx context.Context, jws *jose.JSONWebSignature) ([]byte, error) {
	keys, err := k.s.publishedKeys(ctx)
	if err != nil {
		return nil, err
	}
	kid := jws.Signatures[0].Header.KeyID
	for _, key := range keys {
		if key.id == kid && string(key.alg) == jws.Signatures[0].Header.Algorithm {
			return jws.Verify(key.priv.Public())
		}
	}
	return nil, errors.New("idp: no published key " + kid)
}

type logoutView struct {
	Action     string
	ClientName string
	Request    *logoutRequest
	SignedIn   bool
}

// endSession is the end_session_endpoint (GET, or a form POSTed by the
// relying party, which carries no CSRF token of ours).
func (p *Pages) endSession(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, errLogoutRequest)
		return
	}
	lr, msg, err := p.checkLogout(r.Context(), r.Form, true)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if msg != "" {
		p.errorPage(w, r, http.StatusBadRequest, msg)
		return
	}
	subject, err := p.svc.sessionSubject(r)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if subject == "" {
		// Already signed out here: nothing to confirm.
		p.loggedOut(w, r, lr)
		return
	}
	v := logoutView{Action: p.svc.path("/end_session/confirm"), Request: lr, SignedIn: true}
	if lr.Client != nil {
		v.ClientName = lr.Client.Name
	}
	p.allowFormRedirect(w, lr.Redirect)
	p.view(w, r, http.StatusOK, "logout", titleLogout, nil, v)
}

// confirmLogout is the person's «خروج» on the confirmation page: the
// request is checked again (the form's fields are the person's to edit)
// and the session ended.
func (p *Pages) confirmLogout(w http.ResponseWriter, r *http.Request) {
	if !p.web.ParseForm(w, r) {
		return
	}
	lr, msg, err := p.checkLogout(r.Context(), r.PostForm, false)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if msg != "" {
		p.errorPage(w, r, http.StatusBadRequest, msg)
		return
	}
	if err := p.svc.signOut(w, r); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.loggedOut(w, r, lr)
}

// loggedOut sends the person to the client's registered URI, or shows
// that they are signed out, with a way on.
func (p *Pages) loggedOut(w http.ResponseWriter, r *http.Request, lr *logoutRequest) {
	if lr.Redirect != "" {
		http.Redirect(w, r, lr.Redirect, http.StatusSeeOther)
		return
	}
	v := logoutView{Request: lr}
	if lr.Client != nil {
		v.ClientName = lr.Client.Name
	}
	p.view(w, r, http.StatusOK, "logout", msgSignedOut, nil, v)
}

// allowFormRedirect lets a form of this page end in a redirect to uri's
// origin: browsers check a form's redirects against form-action too.
func (p *Pages) allowFormRedirect(w http.ResponseWriter, uri string) {
	u, err := url.Parse(uri)
	if uri == "" || err != nil || u.Host == "" {
		return
	}
	if csp := w.Header().Get("Content-Security-Policy"); csp != "" {
		w.Header().Set("Content-Security-Policy", strings.Replace(csp, "form-action 'self'", "form-action 'self' "+u.Scheme+"://"+u.Host, 1))
	}
}

// sessionHash is the stored hash of this browser's provider session
// token, or "".
func sessionHash(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return ""
	}
	return sha(c.Value)
}

// signOut ends this browser's provider session and, in the same
// transaction, queues a logout token for every client the session signed
// in to that registered a back-channel URI: the jobs exist only if the
// session is gone, and the session is gone only with its jobs queued.
func (s *Service) signOut(w http.ResponseWriter, r *http.Request) error {
	if h := sessionHash(r); h != "" {
		ctx := r.Context()
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			var subject string
			err := tx.QueryRow(ctx, "SELECT subject FROM idp_sessions WHERE token_hash = $1", h).Scan(&subject)
			if errors.Is(err, db.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			// Only the request whose DELETE removed the row queues the
			// tokens: two logouts at once (a double click) send one each.
			res, err := tx.Exec(ctx, "DELETE FROM idp_sessions WHERE token_hash = $1", h)
			if err != nil || res.RowsAffected != 1 {
				return err
			}
			return s.queueBackchannel(ctx, tx, h, subject)
		})
		if err != nil {
			return fmt.Errorf("idp: sign out: %w", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/idp", MaxAge: -1, HttpOnly: true, Secure: s.opts.SecureCookies})
	return nil
}

// errorPage is a refusal in the provider's look (templates/error.html).
func (p *Pages) errorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	p.view(w, r, status, "error", titleError, nil, errorView{Status: status, Message: message})
}

type errorView struct {
	Status  int
	Message string
}
