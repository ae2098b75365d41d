package settings

import (
	"errors"
	"net/http"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// helpIndex lists every help page, for customers (the portal's «راهنما»).
func (p *Pages) helpIndex(w http.ResponseWriter, r *http.Request) {
	pages, err := p.web.Help.Pages(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "settings/help_index", web.View{Title: titleHelp, Data: pages})
}

type helpView struct {
	Entry web.HelpEntry
	HTML  any
}

// helpPage shows one help page on its own.
func (p *Pages) helpPage(w http.ResponseWriter, r *http.Request) {
	e, err := p.web.Help.Page(r.Context(), r.PathValue("area"), r.PathValue("slug"))
	if errors.Is(err, web.ErrHelpNotFound) {
		p.web.NotFound(w, r)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "settings/help_page", web.View{Title: e.Title, Data: helpView{Entry: e, HTML: web.HelpHTML(e.Body)}})
}

// staffHelp lists the help pages for the admin, each marked edited or not.
func (p *Pages) staffHelp(w http.ResponseWriter, r *http.Request, _ *identity.StaffMember) {
	pages, err := p.web.Help.Pages(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "settings/staff_help", web.View{Title: titleStaffHelp, Layout: "staff", Data: pages})
}

type helpFormPage struct {
	Entry   web.HelpEntry
	Preview any
}

func (p *Pages) helpEntry(w http.ResponseWriter, r *http.Request) (web.HelpEntry, bool) {
	e, err := p.web.Help.Page(r.Context(), r.PathValue("area"), r.PathValue("slug"))
	if errors.Is(err, web.ErrHelpNotFound) {
		p.web.NotFound(w, r)
		return e, false
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return e, false
	}
	return e, true
}

// staffHelpForm is the editor of one help page, with its preview.
func (p *Pages) staffHelpForm(w http.ResponseWriter, r *http.Request, _ *identity.StaffMember) {
	e, ok := p.helpEntry(w, r)
	if !ok {
		return
	}
	f := web.NewForm(nil)
	f.Values.Set("title", e.Title)
	f.Values.Set("body", e.Body)
	p.web.Render(w, r, http.StatusOK, "settings/staff_help_edit", web.View{Title: titleHelpEdit(e.Title), Layout: "staff", Form: f,
		Data: helpFormPage{Entry: e, Preview: web.HelpHTML(e.Body)}})
}

// staffHelpSave stores the admin's text (checked; kept as typed on a
// problem) with its audit entry.
func (p *Pages) staffHelpSave(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	e, ok := p.helpEntry(w, r)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	// The body keeps its line breaks and inner spacing: NewForm trims
	// only the edges and makes digits Latin, which the page turns Persian.
	f := web.NewForm(r.PostForm)
	title, body := f.Get("title"), f.Get("body")
	for field, msg := range web.ValidateHelp(title, body) {
		f.Fail(field, msg)
	}
	if !f.Valid() {
		p.web.Render(w, r, http.StatusUnprocessableEntity, "settings/staff_help_edit", web.View{Title: titleHelpEdit(e.Default.Title),
			Layout: "staff", Form: f, Data: helpFormPage{Entry: e, Preview: web.HelpHTML(e.Body)}})
		return
	}
	ctx := identity.WithClient(r.Context(), identity.Client{IP: p.web.ClientIP(r)})
	err := p.db.InTx(ctx, func(tx *db.Tx) error {
		if err := p.web.Help.SaveTx(ctx, tx, e.Area, e.Slug, title, body, m.ID); err != nil {
			return err
		}
		return p.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: m.ID, Action: ActionHelpSaved,
			Detail: e.Key() + ": " + title})
	})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", flashHelpSaved)
	web.Redirect(w, r, "/staff/help/"+e.Key())
}

// staffHelpReset returns a help page to its area's text.
func (p *Pages) staffHelpReset(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	e, ok := p.helpEntry(w, r)
	if !ok {
		return
	}
	ctx := identity.WithClient(r.Context(), identity.Client{IP: p.web.ClientIP(r)})
	err := p.db.InTx(ctx, func(tx *db.Tx) error {
		dropped, err := p.web.Help.ResetTx(ctx, tx, e.Area, e.Slug)
		if err != nil || !dropped {
			return err
		}
		return p.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: m.ID, Action: ActionHelpReset, Detail: e.Key()})
	})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", flashHelpReset)
	web.Redirect(w, r, "/staff/help/"+e.Key())
}
