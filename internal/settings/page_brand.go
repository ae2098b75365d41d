package settings

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// settingsPage is the brand form: what is in force, and the defaults a
// reset returns to.
type settingsPage struct {
	State    *web.BrandState
	Defaults web.Brand
	// Suggestion is a darker colour offered for one whose contrast fails.
	Suggestion string
}

func brandValues(b web.Brand) url.Values {
	return url.Values{
		web.FieldBrandName.Name: {b.Name}, web.FieldBrandShort.Name: {b.ShortName}, web.FieldBrandColour.Name: {b.Colour},
		web.FieldBrandLogo.Name: {b.LogoPath}, web.FieldBrandFavicon.Name: {b.FaviconPath}, web.FieldBrandPhone.Name: {b.SupportPhone},
		web.FieldBrandHours.Name: {b.SupportHours}, web.FieldBrandFooter.Name: {b.Footer}, web.FieldBrandSeller.Name: {b.Seller},
		web.FieldBrandSMS.Name: {b.SMSSignature},
	}
}

func brandOf(f *web.Form) web.Brand {
	return web.Brand{Name: f.Get(web.FieldBrandName.Name), ShortName: f.Get(web.FieldBrandShort.Name), Colour: f.Get(web.FieldBrandColour.Name),
		LogoPath: f.Get(web.FieldBrandLogo.Name), FaviconPath: f.Get(web.FieldBrandFavicon.Name), SupportPhone: f.Get(web.FieldBrandPhone.Name),
		SupportHours: f.Get(web.FieldBrandHours.Name), Footer: f.Get(web.FieldBrandFooter.Name), Seller: f.Get(web.FieldBrandSeller.Name),
		SMSSignature: f.Get(web.FieldBrandSMS.Name)}
}

var formOrder = []web.BrandField{web.FieldBrandName, web.FieldBrandShort, web.FieldBrandColour, web.FieldBrandLogo, web.FieldBrandFavicon,
	web.FieldBrandPhone, web.FieldBrandHours, web.FieldBrandFooter, web.FieldBrandSeller, web.FieldBrandSMS}

func (p *Pages) renderSettings(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	st := p.web.BrandOf(r)
	if f == nil {
		f = web.NewForm(brandValues(st.Brand))
	}
	p.web.Render(w, r, status, "settings/settings", web.View{Title: titleSettings, Layout: "staff", Form: f,
		Data: settingsPage{State: st, Defaults: p.brand.Defaults(), Suggestion: web.ColourSuggestion(web.Brand{Colour: f.Get("colour")}.Normalize().Colour)}})
}

// settingsForm shows the brand in force, ready to edit.
func (p *Pages) settingsForm(w http.ResponseWriter, r *http.Request, _ *identity.StaffMember) {
	p.renderSettings(w, r, http.StatusOK, nil)
}

// saveSettings stores the brand: every field checked (Persian messages
// beside each, what was typed kept), images checked for type and size,
// and the brand saved with its audit entry in one transaction, or nothing.
func (p *Pages) saveSettings(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if r.MultipartForm == nil && !p.web.ParseForm(w, r) {
		return
	}
	values := r.PostForm
	if r.MultipartForm != nil {
		values = url.Values(r.MultipartForm.Value)
	}
	f := web.NewForm(values)
	b := brandOf(f).Normalize()
	problems := b.Validate()
	for _, field := range formOrder {
		if msg, ok := problems[field.Name]; ok {
			f.Fail(field.Name, msg)
		}
	}
	logo := p.imageChange(r, f, "logo", web.CheckLogo)
	favicon := p.imageChange(r, f, "favicon", web.CheckFavicon)
	if !f.Valid() {
		p.renderSettings(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	ctx := identity.WithClient(r.Context(), identity.Client{IP: p.web.ClientIP(r)})
	err := p.db.InTx(ctx, func(tx *db.Tx) error {
		if err := p.brand.SaveTx(ctx, tx, b, logo, favicon, m.ID); err != nil {
			return err
		}
		return p.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: m.ID, Action: ActionBrandSaved,
			Detail: auditBrandSaved(b.Name, b.Colour)})
	})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", flashSettingsSaved)
	web.Redirect(w, r, "/staff/settings")
}

// imageChange reads an uploaded image field (name) and its «حذف» box.
func (p *Pages) imageChange(r *http.Request, f *web.Form, name string, check func([]byte) (web.BrandImage, string)) web.ImageChange {
	if f.Get("remove_"+name) != "" {
		return web.ImageChange{Remove: true}
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File[name]) == 0 {
		return web.ImageChange{Keep: true}
	}
	fh := r.MultipartForm.File[name][0]
	if fh.Size == 0 && fh.Filename == "" {
		return web.ImageChange{Keep: true} // the browser's empty file input
	}
	data, err := readUpload(fh, web.LogoMaxBytes+1)
	if err != nil {
		f.Fail(name, msgFileUnreadable)
		return web.ImageChange{Keep: true}
	}
	img, msg := check(data)
	if msg != "" {
		f.Fail(name, msg)
		return web.ImageChange{Keep: true}
	}
	return web.ImageChange{New: &img}
}

// readUpload reads at most limit bytes of an upload (more is refused by
// the image check, which sees limit bytes).
func readUpload(fh *multipart.FileHeader, limit int64) ([]byte, error) {
	file, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, limit))
	if err != nil {
		return nil, err
	}
	return data, nil
}

// resetSettings returns the brand to the deployment's defaults.
func (p *Pages) resetSettings(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	ctx := identity.WithClient(r.Context(), identity.Client{IP: p.web.ClientIP(r)})
	err := p.db.InTx(ctx, func(tx *db.Tx) error {
		if err := p.brand.ResetTx(ctx, tx, m.ID); err != nil {
			return err
		}
		return p.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: m.ID, Action: ActionBrandReset})
	})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", flashSettingsReset)
	web.Redirect(w, r, "/staff/settings")
}
