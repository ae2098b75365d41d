package idp

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type clientsView struct {
	Clients   []*Client
	NewID     string
	NewSecret string // shown once, after registration
	Scopes    []ScopeText
	Issuer    string
}

func (p *Pages) staffClients(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	p.renderClients(w, r, http.StatusOK, nil, clientsView{})
}

func (p *Pages) renderClients(w http.ResponseWriter, r *http.Request, status int, f *web.Form, v clientsView) {
	cs, err := p.svc.Clients(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	v.Clients, v.Scopes, v.Issuer = cs, ScopeTexts, p.svc.opts.Issuer
	p.web.Render(w, r, status, "idp/staff_clients", web.View{Title: titleStaffClients, Layout: "staff", Form: f, Data: v})
}

func (p *Pages) staffRegisterClient(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	in := NewClient{ID: f.Get("id"), Name: f.Get("name"), RedirectURIs: strings.Split(f.Get("redirect_uris"), "\n"),
		Scopes: r.PostForm["scopes"], Public: f.Get("public") == "on", IDTokenAlg: f.Get("id_token_alg")}
	secret, err := p.svc.RegisterClient(r.Context(), in, p.audit(r, m, "idp.client.register", in.ID))
	if err != nil {
		var e *fa.Error
		if !errors.As(err, &e) {
			p.web.ServerError(w, r, err)
			return
		}
		f.Fail(e.Field, e.Message)
		p.renderClients(w, r, http.StatusUnprocessableEntity, f, clientsView{})
		return
	}
	p.renderClients(w, r, http.StatusOK, nil, clientsView{NewID: in.ID, NewSecret: secret})
}

func (p *Pages) staffDisableClient(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := r.PathValue("id")
	disabled := r.PostFormValue("disabled") != "false"
	if err := p.svc.SetClientDisabled(r.Context(), id, disabled, p.audit(r, m, "idp.client.disable", id)); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/staff/idp/clients")
}

func (p *Pages) staffRotateKey(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if err := p.svc.RotateKey(r.Context(), p.audit(r, m, "idp.key.rotate", "")); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgKeysRotated)
	web.Redirect(w, r, "/staff/idp/clients")
}

// audit records a staff action inside its transaction.
func (p *Pages) audit(r *http.Request, m *identity.StaffMember, action, detail string) AuditFunc {
	return func(ctx context.Context, q db.Querier) error {
		return p.ids.Audit(ctx, q, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: m.ID, IP: p.web.ClientIP(r),
			Action: action, TargetKind: "idp", Detail: detail})
	}
}
