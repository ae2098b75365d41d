package idp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// The admin's page of one client (/staff/idp/clients/{id}): edit it,
// rotate its secret, and see who signed in to it lately.

// recentSignins is how many sign-ins the client's page lists.
const recentSignins = 20

type clientEditView struct {
	Client    *Client
	Logout    *ClientLogout
	Scopes    []scopeChoice
	Signins   []Signin
	NewSecret string // shown once, after a rotation
	Overlap   string // how long the replaced secret keeps working
}

type scopeChoice struct {
	ScopeText
	Checked bool
}

// clientForAdmin loads a client, enabled or not.
func (s *Service) clientForAdmin(ctx context.Context, id string) (*Client, error) {
	c := &Client{}
	var uris, scopes string
	err := s.db.QueryRow(ctx, "SELECT id, name, secret_hash, redirect_uris, scopes, disabled, id_token_alg FROM idp_clients WHERE id = $1", id).Scan(
		&c.ID, &c.Name, &c.SecretHash, &uris, &scopes, &c.Disabled, &c.IDTokenAlg)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("idp: load client: %w", err)
	}
	c.RedirectURIs = splitLines(uris)
	c.Scopes = splitFields(scopes)
	return c, nil
}

// clientPath is the client's page.
func clientPath(id string) string { return "/staff/idp/clients/" + url.PathEscape(id) }

// editForm is the client as the edit form shows it.
func editForm(c *Client, ls *ClientLogout) *web.Form {
	v := url.Values{"name": {c.Name}, "redirect_uris": {strings.Join(c.RedirectURIs, "\n")},
		"post_logout_redirect_uris": {strings.Join(ls.PostLogoutRedirectURIs, "\n")},
		"backchannel_logout_uri":    {ls.BackchannelLogoutURI}, "id_token_alg": {c.IDTokenAlg}, "scopes": c.Scopes}
	return web.NewForm(v)
}

func (p *Pages) staffClient(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	p.renderClient(w, r, http.StatusOK, nil, "")
}

// renderClient shows the client's page; f is the submitted edit (nil:
// the stored values).
func (p *Pages) renderClient(w http.ResponseWriter, r *http.Request, status int, f *web.Form, newSecret string) {
	ctx := r.Context()
	c, err := p.svc.clientForAdmin(ctx, r.PathValue("id"))
	if errors.Is(err, ErrNotFound) {
		p.web.Error(w, r, http.StatusNotFound, msgNoSuchClient)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	ls, err := p.svc.clientLogout(ctx, c.ID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	signins, err := p.svc.RecentSignins(ctx, c.ID, recentSignins)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if f == nil {
		f = editForm(c, ls)
	}
	v := clientEditView{Client: c, Logout: ls, Signins: signins, NewSecret: newSecret, Overlap: fmt.Sprint(int(SecretOverlap / time.Hour))}
	for _, t := range ScopeTexts {
		v.Scopes = append(v.Scopes, scopeChoice{ScopeText: t, Checked: slices.Contains(f.Values["scopes"], t.Scope)})
	}
	p.web.Render(w, r, status, "idp/staff_client", web.View{Title: titleStaffClient(c.Name), Layout: "staff", Form: f, Data: v})
}

func (p *Pages) staffEditClient(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	f := web.NewForm(r.PostForm)
	in := ClientEdit{Name: f.Get("name"), RedirectURIs: strings.Split(f.Get("redirect_uris"), "\n"),
		PostLogoutRedirectURIs: strings.Split(f.Get("post_logout_redirect_uris"), "\n"), BackchannelLogoutURI: f.Get("backchannel_logout_uri"),
		Scopes: f.Values["scopes"], IDTokenAlg: f.Get("id_token_alg")}
	err := p.svc.UpdateClient(r.Context(), id, in, p.audit(r, m, "idp.client.edit", id))
	var e *fa.Error
	switch {
	case errors.Is(err, ErrNotFound):
		p.web.Error(w, r, http.StatusNotFound, msgNoSuchClient)
	case errors.As(err, &e):
		f.Fail(e.Field, e.Message)
		p.renderClient(w, r, http.StatusUnprocessableEntity, f, "")
	case err != nil:
		p.web.ServerError(w, r, err)
	default:
		p.web.SetFlash(w, "success", msgClientSaved)
		web.Redirect(w, r, clientPath(id))
	}
}

func (p *Pages) staffRotateSecret(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := r.PathValue("id")
	secret, err := p.svc.RotateClientSecret(r.Context(), id, p.audit(r, m, "idp.client.secret.rotate", id))
	var e *fa.Error
	switch {
	case errors.Is(err, ErrNotFound):
		p.web.Error(w, r, http.StatusNotFound, msgNoSuchClient)
	case errors.Is(err, ErrStep):
		p.web.Error(w, r, http.StatusConflict, msgSecretJustRotated)
	case errors.As(err, &e):
		p.web.Error(w, r, http.StatusBadRequest, e.Message)
	case err != nil:
		p.web.ServerError(w, r, err)
	default:
		// Rendered, not redirected: the secret is shown this once and
		// is in no URL, cookie or flash.
		w.Header().Set("Cache-Control", "no-store")
		p.renderClient(w, r, http.StatusOK, nil, secret)
	}
}
