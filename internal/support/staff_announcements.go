package support

import (
	"math"
	"net/http"

	"pishkhan/internal/web"
)

type announcementRow struct {
	Announcement
	AudienceLabel string
	Current       bool
}

type announcementsPage struct {
	Audiences []AudienceChoice
	Rows      []announcementRow
	Pager     web.Pager
	Error     string
}

func (p *Pages) announcementsPage(w http.ResponseWriter, r *http.Request) (announcementsPage, bool) {
	page := announcementsPage{Audiences: p.svc.Audiences()}
	asked := web.NewPager(r, math.MaxInt32)
	list, total, err := p.svc.Announcements(r.Context(), asked.Offset(), asked.PerPage)
	if err != nil {
		p.web.ServerError(w, r, err)
		return page, false
	}
	page.Pager = web.NewPager(r, total)
	if page.Pager.Offset() != asked.Offset() {
		if list, _, err = p.svc.Announcements(r.Context(), page.Pager.Offset(), page.Pager.PerPage); err != nil {
			p.web.ServerError(w, r, err)
			return page, false
		}
	}
	now := p.web.Now()
	for _, a := range list {
		page.Rows = append(page.Rows, announcementRow{a, p.svc.AudienceLabel(a.Audience), !now.Before(a.StartsAt) && now.Before(a.EndsAt)})
	}
	return page, true
}

// staffAnnouncements lists announcements and offers the form for a new one.
func (p *Pages) staffAnnouncements(w http.ResponseWriter, r *http.Request, st *Staff) {
	page, ok := p.announcementsPage(w, r)
	if !ok {
		return
	}
	p.web.Render(w, r, http.StatusOK, "support/staff_announcements", web.View{Title: titleAnnouncements, Layout: "staff", Data: page})
}

// staffCreateAnnouncement stores an announcement shown from the start of
// its first day to the start of the day after its last (Tehran time).
func (p *Pages) staffCreateAnnouncement(w http.ResponseWriter, r *http.Request, st *Staff) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	in := NewAnnouncement{Title: f.Get("title"), Body: f.Get("body"), Audience: f.Get("audience")}
	var err error
	if in.StartsAt, err = ParseDay(f.Get("starts")); err != nil {
		f.Fail("starts", ErrDate.Message)
	}
	ends, err := ParseDay(f.Get("ends"))
	if err != nil {
		f.Fail("ends", ErrDate.Message)
	}
	in.EndsAt = ends.AddDate(0, 0, 1)
	if f.Valid() {
		_, err := p.svc.CreateAnnouncement(r.Context(), st.ID, in)
		if err == nil {
			p.web.SetFlash(w, "success", flashAnnouncementSaved)
			web.Redirect(w, r, "/staff/support/announcements")
			return
		}
		msg, ok := showError(f, err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		if msg != "" {
			f.Fail("title", msg)
		}
	}
	page, ok := p.announcementsPage(w, r)
	if !ok {
		return
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "support/staff_announcements", web.View{Title: titleAnnouncements, Layout: "staff", Form: f, Data: page})
}

func (p *Pages) staffEndAnnouncement(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	if err := p.svc.EndAnnouncement(r.Context(), id); err != nil {
		p.fail(w, r, err, "/staff/support/announcements")
		return
	}
	p.web.SetFlash(w, "success", flashAnnouncementEnded)
	web.Redirect(w, r, "/staff/support/announcements")
}
