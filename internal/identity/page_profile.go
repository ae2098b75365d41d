package identity

import (
	"net/http"
	"net/url"

	"pishkhan/internal/web"
)

type profilePage struct {
	FullName, Mobile, NationalCode string
	BirthDate                      string
	BirthDateLocked                bool
	Educations                     []string
	Missing                        []string
}

func (p *Pages) profilePageFor(c *Customer) profilePage {
	page := profilePage{
		FullName: c.FullName(), Mobile: c.Mobile, NationalCode: c.NationalCode,
		BirthDate: c.BirthDate, BirthDateLocked: c.BirthDate != "",
		Educations: Educations,
	}
	for _, f := range c.MissingFields() {
		if label, ok := missingLabels[f]; ok {
			page.Missing = append(page.Missing, label)
		}
	}
	return page
}

func profileValues(c *Customer) url.Values {
	return url.Values{"email": {c.Email}, "postal_code": {c.PostalCode}, "education": {c.Education}, "address": {c.Address}, "birth_date": {c.BirthDate}}
}

func (p *Pages) profileForm(w http.ResponseWriter, r *http.Request, personID int64) {
	c, err := p.svc.Customer(r.Context(), personID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "identity/profile", web.View{Title: titleProfile, Form: web.NewForm(profileValues(c)), Data: p.profilePageFor(c)})
}

func (p *Pages) updateProfile(w http.ResponseWriter, r *http.Request, personID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	f.MaxLength("email", labelEmail, 120)
	f.MaxLength("address", labelAddress, 400)
	c, err := p.svc.Customer(r.Context(), personID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if f.Valid() {
		u := ProfileUpdate{Email: f.Get("email"), PostalCode: f.Get("postal_code"), Address: f.Get("address"), Education: f.Get("education")}
		if c.BirthDate == "" {
			u.BirthDate = f.Get("birth_date")
		}
		_, err := p.svc.UpdateProfile(r.Context(), personID, u)
		if err == nil {
			p.web.SetFlash(w, "success", web.MsgDone)
			web.Redirect(w, r, "/profile")
			return
		}
		if msg, ok := showError(f, err); !ok {
			p.web.ServerError(w, r, err)
			return
		} else if msg != "" {
			f.Fail("email", msg)
		}
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "identity/profile", web.View{Title: titleProfile, Form: f, Data: p.profilePageFor(c)})
}
