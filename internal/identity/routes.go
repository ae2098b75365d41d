package identity

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/dchest/captcha"

	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Session stages: a customer signed in with an initial password may only
// change it; one without security questions may only answer them.
const (
	StagePassword  = "password"
	StageQuestions = "questions"
)

// Pages serves the sign-in pages of the portal and the back office.
type Pages struct {
	svc *Service
	web *web.Server
	sms *notify.Service
}

// Routes registers every URL of sign-in, account security and the staff
// back office's customer pages, and their menu items.
func Routes(s *web.Server, svc *Service, sms *notify.Service) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := s.Renderer.AddPages("identity", sub); err != nil {
		return err
	}
	p := &Pages{svc: svc, web: s, sms: sms}
	s.StageHome[KindCustomer+":"+StagePassword] = "/password/first"
	s.StageHome[KindCustomer+":"+StageQuestions] = "/security-questions"
	s.StageHome[KindStaff+":"+StagePassword] = "/staff/password/first"
	s.StageHome[KindCustomer+":"] = "/"
	s.StageHome[KindStaff+":"] = "/staff"
	s.DisplayName = p.displayName
	if s.AccountLinks == nil {
		s.AccountLinks = map[string]web.AccountLinks{}
	}
	s.AccountLinks["portal"] = web.AccountLinks{Password: "/password", SignOut: "/logout"}
	s.AccountLinks["staff"] = web.AccountLinks{Password: "/staff/password", SignOut: "/staff/logout"}

	// Customers.
	s.HandleFunc("GET /login", p.loginForm)
	s.HandleFunc("POST /login", p.login)
	s.HandleFunc("POST /logout", p.logout, web.AnyStage)
	s.HandleFunc("GET /password/first", p.forcedPasswordForm, web.DuringStage(StagePassword))
	s.HandleFunc("POST /password/first", p.forcedPassword, web.DuringStage(StagePassword))
	s.HandleFunc("GET /password", p.customer(p.passwordForm))
	s.HandleFunc("POST /password", p.customer(p.changePassword))
	s.HandleFunc("GET /security-questions", p.questionsForm, web.DuringStage(StageQuestions))
	s.HandleFunc("POST /security-questions", p.setQuestions, web.DuringStage(StageQuestions))
	s.HandleFunc("GET /password/forgot", p.forgotForm)
	s.HandleFunc("POST /password/forgot", p.forgot)
	s.Handle("GET /captcha/", captcha.Server(captcha.StdWidth, captcha.StdHeight))
	s.HandleFunc("GET /profile", p.customer(p.profileForm))
	s.HandleFunc("POST /profile", p.customer(p.updateProfile))
	s.HandleFunc("GET /activity", p.customer(p.activity))
	s.HandleFunc("POST /activity/sign-out-others", p.customer(p.signOutOthers))
	s.HandleFunc("GET /messages", p.customer(p.messages))

	// Staff.
	s.HandleFunc("GET /staff/login", p.staffLoginForm)
	s.HandleFunc("POST /staff/login", p.staffLogin)
	s.HandleFunc("POST /staff/logout", p.logout, web.AnyStage)
	s.HandleFunc("GET /staff/password/first", p.staffForcedPasswordForm, web.DuringStage(StagePassword))
	s.HandleFunc("POST /staff/password/first", p.staffForcedPassword, web.DuringStage(StagePassword))
	s.HandleFunc("GET /staff/password", p.staff(nil, p.staffPasswordForm))
	s.HandleFunc("POST /staff/password", p.staff(nil, p.staffChangePassword))
	s.HandleFunc("GET /staff", p.staff(nil, p.staffHome))
	s.HandleFunc("GET /staff/customers", p.staff(customerDesk, p.staffCustomers))
	s.HandleFunc("GET /staff/customers/new", p.staff(customerDesk, p.staffNewCustomerForm))
	s.HandleFunc("POST /staff/customers/new", p.staff(customerDesk, p.staffNewCustomer))
	s.HandleFunc("GET /staff/customers/{id}", p.staff(customerDesk, p.staffCustomer))
	s.HandleFunc("POST /staff/customers/{id}/edit", p.staff(customerDesk, p.staffEditCustomer))
	s.HandleFunc("POST /staff/customers/{id}/unlock", p.staff(customerDesk, p.staffUnlockCustomer))
	s.HandleFunc("POST /staff/customers/{id}/reset-password", p.staff(customerDesk, p.staffResetPassword))
	s.HandleFunc("POST /staff/customers/{id}/verify-answer", p.staff(customerDesk, p.staffVerifyAnswer))
	s.HandleFunc("POST /staff/unlock-address", p.staff(customerDesk, p.staffUnlockAddress))
	s.HandleFunc("GET /staff/sms", p.staff(customerDesk, p.staffSMS))
	s.HandleFunc("GET /staff/audit", p.staff([]string{RoleAdmin}, p.staffAudit))
	s.HandleFunc("GET /staff/locks", p.staff([]string{RoleAdmin}, p.staffLocks))
	s.HandleFunc("POST /staff/locks/lift", p.staff([]string{RoleAdmin}, p.staffLift))

	// Menu items show to full sessions only: during a forced step every
	// other page would send the person straight back.
	customerOnly := func(r *http.Request) bool {
		sess := s.Session(r)
		return sess != nil && sess.Kind == KindCustomer && sess.Stage == ""
	}
	s.Menu.Add(
		web.MenuItem{Layout: "portal", Label: titleProfile, Href: "/profile", Order: 10, Show: customerOnly},
		web.MenuItem{Layout: "portal", Label: labelPasswordChange, Href: "/password", Order: 80, Show: customerOnly},
		web.MenuItem{Layout: "portal", Label: titleActivity, Href: "/activity", Order: 85, Show: customerOnly},
		web.MenuItem{Layout: "portal", Label: titleMessages, Href: "/messages", Order: 90, Show: customerOnly},
		web.MenuItem{Layout: "portal", Label: titleLogin, Href: "/login", Order: 100, Show: func(r *http.Request) bool { return s.Session(r) == nil }},
		web.MenuItem{Layout: "staff", Label: titleStaffHome, Href: "/staff", Order: 0, Show: p.staffCan(nil)},
		web.MenuItem{Layout: "staff", Label: titleCustomers, Href: "/staff/customers", Order: 10, Show: p.staffCan(customerDesk)},
		web.MenuItem{Layout: "staff", Label: titleNewCustomer, Href: "/staff/customers/new", Order: 11, Show: p.staffCan(customerDesk)},
		web.MenuItem{Layout: "staff", Label: titleSMSLog, Href: "/staff/sms", Order: 80, Show: p.staffCan(customerDesk)},
		web.MenuItem{Layout: "staff", Label: titleAudit, Href: "/staff/audit", Order: 90, Show: p.staffCan([]string{RoleAdmin})},
		web.MenuItem{Layout: "staff", Label: titleLocks, Href: "/staff/locks", Order: 91, Show: p.staffCan([]string{RoleAdmin})},
	)
	return nil
}

// customerDesk: the roles that serve customers at the counter or on the
// phone (admins hold every role).
var customerDesk = []string{RoleSupport}
