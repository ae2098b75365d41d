package identity

import (
	"errors"
	"net/http"

	"pishkhan/internal/fa"

	"pishkhan/internal/web"
)

type passwordPage struct {
	Forced   bool
	Action   string
	Rules    []string
	Problems []string
}

func (p *Pages) renderPassword(w http.ResponseWriter, r *http.Request, status int, layout string, page passwordPage, f *web.Form) {
	p.web.Render(w, r, status, "identity/password_change", web.View{Title: titlePassword, Layout: layout, Form: f, Data: page})
}

// changeFromForm runs a password change from a submitted form and renders
// the form again with every problem when it fails. It reports success.
func (p *Pages) changeFromForm(w http.ResponseWriter, r *http.Request, layout string, page passwordPage, change func(old, new, repeat string) error) bool {
	if !p.web.ParseForm(w, r) {
		return false
	}
	f := web.NewForm(nil)
	err := change(r.PostFormValue("old_password"), r.PostFormValue("new_password"), r.PostFormValue("repeat_password"))
	if err == nil {
		return true
	}
	var e *fa.Error
	if !errors.As(err, &e) {
		p.web.ServerError(w, r, err)
		return false
	}
	switch {
	case len(e.Problems) > 0:
		for _, problem := range e.Problems {
			page.Problems = append(page.Problems, fa.Digits(problem)) // on screen, digits are Persian
		}
	case e.Field == "old_password" || e.Field == "repeat_password":
		f.Fail(e.Field, e.Message)
	default:
		page.Problems = []string{e.Message}
	}
	p.renderPassword(w, r, http.StatusUnprocessableEntity, layout, page, f)
	return false
}

// --- customers ---

func (p *Pages) forcedPasswordForm(w http.ResponseWriter, r *http.Request) {
	if !p.isCustomer(r) {
		web.Redirect(w, r, "/login")
		return
	}
	p.renderPassword(w, r, http.StatusOK, "portal", passwordPage{Forced: true, Action: "/password/first", Rules: passwordRules(false)}, nil)
}

func (p *Pages) forcedPassword(w http.ResponseWriter, r *http.Request) {
	sess := p.web.Session(r)
	if sess == nil || sess.Kind != KindCustomer || sess.Stage != StagePassword {
		web.Redirect(w, r, "/login")
		return
	}
	ctx := p.clientContext(r, sess)
	page := passwordPage{Forced: true, Action: "/password/first", Rules: passwordRules(false)}
	if !p.changeFromForm(w, r, "portal", page, func(_, n, rep string) error { return p.svc.ChangePassword(ctx, sess.SubjectID, "", n, rep) }) {
		return
	}
	answered, err := p.svc.AnsweredQuestions(ctx, sess.SubjectID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	next, stage := "/", ""
	if len(answered) < len(questionSlots) {
		next, stage = "/security-questions", StageQuestions
	}
	if err := p.web.SetStage(w, r, stage); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgPasswordChanged)
	web.Redirect(w, r, next)
}

func (p *Pages) passwordForm(w http.ResponseWriter, r *http.Request, _ int64) {
	p.renderPassword(w, r, http.StatusOK, "portal", passwordPage{Action: "/password", Rules: passwordRules(false)}, nil)
}

func (p *Pages) changePassword(w http.ResponseWriter, r *http.Request, personID int64) {
	page := passwordPage{Action: "/password", Rules: passwordRules(false)}
	if !p.changeFromForm(w, r, "portal", page, func(o, n, rep string) error {
		if o == "" {
			return ErrWrongOldPassword
		}
		return p.svc.ChangePassword(r.Context(), personID, o, n, rep)
	}) {
		return
	}
	p.web.SetFlash(w, "success", web.MsgDone)
	web.Redirect(w, r, "/password")
}

func (p *Pages) isCustomer(r *http.Request) bool {
	sess := p.web.Session(r)
	return sess != nil && sess.Kind == KindCustomer
}

// --- staff ---

func (p *Pages) staffForcedPasswordForm(w http.ResponseWriter, r *http.Request) {
	sess := p.web.Session(r)
	if sess == nil || sess.Kind != KindStaff {
		web.Redirect(w, r, "/staff/login")
		return
	}
	p.renderPassword(w, r, http.StatusOK, "staff", passwordPage{Forced: true, Action: "/staff/password/first", Rules: passwordRules(true)}, nil)
}

func (p *Pages) staffForcedPassword(w http.ResponseWriter, r *http.Request) {
	sess := p.web.Session(r)
	if sess == nil || sess.Kind != KindStaff || sess.Stage != StagePassword {
		web.Redirect(w, r, "/staff/login")
		return
	}
	ctx := p.clientContext(r, sess)
	page := passwordPage{Forced: true, Action: "/staff/password/first", Rules: passwordRules(true)}
	if !p.changeFromForm(w, r, "staff", page, func(_, n, rep string) error { return p.svc.ChangeStaffPassword(ctx, sess.SubjectID, "", n, rep) }) {
		return
	}
	next, err := p.svc.staffStageAfterPassword(r.Context(), sess.SubjectID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if err := p.web.SetStage(w, r, next); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgPasswordChanged)
	web.Redirect(w, r, p.web.StageHome[KindStaff+":"+next])
}

func (p *Pages) staffPasswordForm(w http.ResponseWriter, r *http.Request, _ *StaffMember) {
	p.renderPassword(w, r, http.StatusOK, "staff", passwordPage{Action: "/staff/password", Rules: passwordRules(true)}, nil)
}

func (p *Pages) staffChangePassword(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	page := passwordPage{Action: "/staff/password", Rules: passwordRules(true)}
	if !p.changeFromForm(w, r, "staff", page, func(o, n, rep string) error {
		if o == "" {
			return ErrWrongOldPassword
		}
		return p.svc.ChangeStaffPassword(r.Context(), m.ID, o, n, rep)
	}) {
		return
	}
	p.web.SetFlash(w, "success", web.MsgDone)
	web.Redirect(w, r, "/staff")
}
