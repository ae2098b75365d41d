package app

import (
	"net/http"

	"pishkhan/internal/area"
	"pishkhan/internal/identity"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
)

// home is the customer's dashboard: one widget per enabled area they are
// a customer of. A deployment of one area with a dashboard of its own
// lands the customer there instead (the ISP's «صفحه اصلی» is /isp).
// Visitors get the sign-in, the registration when the identity area is
// served, and the names of the services offered.
func home(sys *system) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := homePage{}
		for _, d := range sys.areas {
			page.Services = append(page.Services, d.Title)
		}
		page.CanRegister = sys.enabled("idp")
		sess := sys.web.Session(r)
		if sess == nil || sess.Kind != identity.KindCustomer {
			sys.web.Render(w, r, http.StatusOK, "app/home", web.View{Title: titleHome, Data: page})
			return
		}
		if len(sys.areas) == 1 && sys.areas[0].Dashboard != "" && sess.Stage == "" {
			web.Redirect(w, r, sys.areas[0].Dashboard)
			return
		}
		c, err := sys.identity.CustomerOf(r, sess.SubjectID)
		if err != nil {
			sys.web.ServerError(w, r, err)
			return
		}
		page.Customer = c
		if len(c.MissingFields()) > 0 {
			page.ProfilePrompt = identity.IncompleteProfileMessage
		}
		// The guide's green box: a different announcement on each refresh.
		if a, err := sys.support.AnnouncementFor(r.Context(), c.ID, sys.now()); err == nil && a != nil {
			page.Announcement = a
		}
		for _, d := range sys.areas {
			if d.Home == nil {
				continue
			}
			wd, err := d.Home(r.Context(), c.ID)
			if err != nil {
				// One area's trouble leaves the others' widgets standing.
				sys.logger.Error("home widget", "area", d.Key, "err", err)
				wd = &area.Widget{Title: d.Title, Note: msgWidgetUnavailable}
			}
			if wd != nil {
				page.Widgets = append(page.Widgets, homeWidget{Key: d.Key, Widget: wd})
			}
		}
		sys.web.Render(w, r, http.StatusOK, "app/home", web.View{Title: titleHome, Data: page})
	})
}

type homePage struct {
	Services      []string // the enabled areas' names, for visitors
	CanRegister   bool
	Customer      *identity.Customer
	ProfilePrompt string
	Announcement  *support.Announcement
	Widgets       []homeWidget
}

type homeWidget struct {
	Key string // the area's, on the widget's data-area for tests and styles
	*area.Widget
}
