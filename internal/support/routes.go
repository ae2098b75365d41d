package support

import (
	"embed"
	"io/fs"
	"net/http"

	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Pages serves support's pages in the portal and the back office.
type Pages struct {
	svc *Service
	web *web.Server
}

// Routes registers every URL of support and its menu items. The sign-in
// pages are identity's; app registers them too.
func Routes(s *web.Server, svc *Service) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("support", sub); err != nil {
		return err
	}
	p := &Pages{svc: svc, web: s}

	// Customers: «سیستم پشتیبانی» and «نظرسنجی».
	s.HandleFunc("GET /support", p.customer(p.tickets))
	s.HandleFunc("GET /support/thread", p.customer(p.threadHelp))
	s.HandleFunc("GET /support/new", p.customer(p.newTicketForm))
	s.HandleFunc("POST /support/new", p.customer(p.newTicket))
	s.HandleFunc("GET /support/tickets/{id}", p.customer(p.ticket))
	s.HandleFunc("POST /support/tickets/{id}/reply", p.customer(p.reply))
	s.HandleFunc("GET /support/attachments/{id}", p.customer(p.attachment))
	s.HandleFunc("GET /surveys", p.customer(p.surveys))
	s.HandleFunc("GET /surveys/{id}", p.customer(p.surveyForm))
	s.HandleFunc("POST /surveys/{id}", p.customer(p.answerSurvey))

	// Staff: the queues of their departments.
	s.HandleFunc("GET /staff/support", p.desk(p.staffQueue))
	s.HandleFunc("GET /staff/support/tickets/{id}", p.desk(p.staffTicket))
	s.HandleFunc("POST /staff/support/tickets/{id}/answer", p.desk(p.staffAnswer))
	s.HandleFunc("POST /staff/support/tickets/{id}/note", p.desk(p.staffNote))
	s.HandleFunc("POST /staff/support/tickets/{id}/assign", p.desk(p.staffAssign))
	s.HandleFunc("POST /staff/support/tickets/{id}/department", p.desk(p.staffMove))
	s.HandleFunc("POST /staff/support/tickets/{id}/close", p.desk(p.staffClose))
	s.HandleFunc("POST /staff/support/tickets/{id}/reopen", p.desk(p.staffReopen))
	s.HandleFunc("GET /staff/support/attachments/{id}", p.desk(p.staffAttachment))
	// Admins: departments, their staff, service targets.
	s.HandleFunc("GET /staff/support/departments", p.staff(adminOnly, p.staffDepartments))
	s.HandleFunc("POST /staff/support/departments/{id}/members", p.staff(adminOnly, p.staffAddMember))
	s.HandleFunc("POST /staff/support/departments/{id}/members/{staff}/remove", p.staff(adminOnly, p.staffRemoveMember))
	s.HandleFunc("POST /staff/support/targets", p.staff(adminOnly, p.staffSetTarget))
	// Support staff and admins: announcements and surveys.
	s.HandleFunc("GET /staff/support/announcements", p.staff(writers, p.staffAnnouncements))
	s.HandleFunc("POST /staff/support/announcements", p.staff(writers, p.staffCreateAnnouncement))
	s.HandleFunc("POST /staff/support/announcements/{id}/end", p.staff(writers, p.staffEndAnnouncement))
	s.HandleFunc("GET /staff/support/surveys", p.staff(writers, p.staffSurveys))
	s.HandleFunc("POST /staff/support/surveys", p.staff(writers, p.staffCreateSurvey))
	s.HandleFunc("GET /staff/support/surveys/{id}", p.staff(writers, p.staffSurvey))
	s.HandleFunc("POST /staff/support/surveys/{id}/questions", p.staff(writers, p.staffAddQuestion))
	s.HandleFunc("POST /staff/support/surveys/{id}/open", p.staff(writers, p.staffOpenSurvey))
	s.HandleFunc("POST /staff/support/surveys/{id}/close", p.staff(writers, p.staffCloseSurvey))

	customerOnly := func(r *http.Request) bool {
		sess := s.Session(r)
		return sess != nil && sess.Kind == identity.KindCustomer && sess.Stage == ""
	}
	s.Menu.Add(
		web.MenuItem{Layout: "portal", Label: titleSurveys, Href: "/surveys", Order: 88, Show: customerOnly},
		web.MenuItem{Layout: "portal", Label: menuSupport, Href: "/support", Order: 95, Show: customerOnly},
		web.MenuItem{Layout: "staff", Label: titleQueue, Href: "/staff/support", Order: 20, Show: p.staffHasDesk},
		web.MenuItem{Layout: "staff", Label: titleDepartments, Href: "/staff/support/departments", Order: 21, Show: p.staffCan(adminOnly)},
		web.MenuItem{Layout: "staff", Label: titleAnnouncements, Href: "/staff/support/announcements", Order: 22, Show: p.staffCan(writers)},
		web.MenuItem{Layout: "staff", Label: titleStaffSurveys, Href: "/staff/support/surveys", Order: 23, Show: p.staffCan(writers)},
	)
	return nil
}

// Roles of the back-office pages beyond the queues (admins hold every
// role).
var (
	adminOnly = []string{identity.RoleAdmin}
	writers   = []string{identity.RoleSupport}
)
