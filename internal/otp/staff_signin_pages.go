package otp

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// The two stages that finish a staff sign-in (staff_devices.go): enrolling
// an authenticator at the first sign-in, and the code at every sign-in.

const (
	staffEnrolPath = "/staff/two-factor/enrol"
	staffCodePath  = "/staff/two-factor"
	// Session keys of a pending staff enrolment: reloading the page shows
	// the same QR instead of voiding the one already scanned.
	sessStaffQR     = "otp.staff.qr"
	sessStaffURI    = "otp.staff.uri"
	sessStaffSecret = "otp.staff.secret"
)

type staffEnrolPage struct {
	URI    string
	Secret string // in groups of four, for typing by hand
}

func (p *Pages) staffRoutes(s *web.Server) {
	s.StageHome[identity.KindStaff+":"+identity.StageStaffEnrol] = staffEnrolPath
	s.StageHome[identity.KindStaff+":"+identity.StageStaffCode] = staffCodePath
	enrol, code := web.DuringStage(identity.StageStaffEnrol), web.DuringStage(identity.StageStaffCode)
	s.HandleFunc("GET "+staffEnrolPath, p.staffEnrolForm, enrol)
	s.HandleFunc("GET "+staffEnrolPath+"/qr.png", p.staffEnrolQR, enrol)
	s.HandleFunc("POST "+staffEnrolPath, p.staffEnrol, enrol)
	s.HandleFunc("GET "+staffCodePath, p.staffCodeForm, code)
	s.HandleFunc("POST "+staffCodePath, p.staffCode, code)
}

// stagedStaff is the session's staff member if the session is in stage.
func (p *Pages) stagedStaff(w http.ResponseWriter, r *http.Request, stage string) (*web.Session, *identity.StaffMember, bool) {
	sess := p.web.Session(r)
	if sess == nil || sess.Kind != identity.KindStaff || sess.Stage != stage {
		web.Redirect(w, r, "/staff/login")
		return nil, nil, false
	}
	m, err := p.ids.Staff(r.Context(), sess.SubjectID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, nil, false
	}
	return sess, m, true
}

func (p *Pages) staffEnrolForm(w http.ResponseWriter, r *http.Request) {
	p.renderStaffEnrol(w, r, http.StatusOK, nil)
}

// renderStaffEnrol shows the pending enrolment, starting one if the
// session has none.
func (p *Pages) renderStaffEnrol(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	sess, m, ok := p.stagedStaff(w, r, identity.StageStaffEnrol)
	if !ok {
		return
	}
	ctx := r.Context()
	uri, err := p.web.Sessions.Get(ctx, sess, sessStaffURI)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	secret, _ := p.web.Sessions.Get(ctx, sess, sessStaffSecret)
	if uri == "" || secret == "" {
		e, err := p.svc.StartStaffEnrolment(ctx, m.ID, m.Username)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		uri, secret = e.URI, e.Secret
		for k, v := range map[string]string{sessStaffQR: base64.StdEncoding.EncodeToString(e.QRPNG), sessStaffURI: uri, sessStaffSecret: secret} {
			if err := p.web.Sessions.Set(ctx, sess, k, v); err != nil {
				p.web.ServerError(w, r, err)
				return
			}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	p.web.Render(w, r, status, "otp/staff_enrol", web.View{Title: labelActivation, Layout: "staff", Form: f,
		Data: staffEnrolPage{URI: uri, Secret: groupsOfFour(secret)}})
}

func groupsOfFour(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (p *Pages) staffEnrolQR(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := p.stagedStaff(w, r, identity.StageStaffEnrol); ok {
		p.web.ServeSessionPNG(w, r, sessStaffQR)
	}
}

func (p *Pages) staffEnrol(w http.ResponseWriter, r *http.Request) {
	sess, m, ok := p.stagedStaff(w, r, identity.StageStaffEnrol)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	code := f.Required("code", labelStaffCode)
	if f.Valid() {
		err := p.svc.ConfirmStaffEnrolment(r.Context(), m.ID, code)
		var oe *fa.Error
		switch {
		case err == nil:
		case errors.Is(err, ErrNoStaffEnrolment):
			// The pending device is gone (another tab started a new one):
			// show a fresh QR.
			for _, k := range []string{sessStaffQR, sessStaffURI, sessStaffSecret} {
				_ = p.web.Sessions.Set(r.Context(), sess, k, "")
			}
			f.Fail("code", ErrNoStaffEnrolment.Message)
		case errors.As(err, &oe):
			f.Fail("code", oe.Message)
		default:
			p.web.ServerError(w, r, err)
			return
		}
	}
	if !f.Valid() {
		p.renderStaffEnrol(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	for _, k := range []string{sessStaffQR, sessStaffURI, sessStaffSecret} {
		if err := p.web.Sessions.Set(r.Context(), sess, k, ""); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	if err := p.web.SetStage(w, r, ""); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgStaffEnrolled)
	web.Redirect(w, r, "/staff")
}

func (p *Pages) staffCodeForm(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := p.stagedStaff(w, r, identity.StageStaffCode); !ok {
		return
	}
	p.web.Render(w, r, http.StatusOK, "otp/staff_code", web.View{Title: labelStaffCode, Layout: "staff"})
}

// staffCode checks the code. When the wrong-code window fills, the
// half-made session is ended: the next try starts again from the
// password, which is under identity's lockout.
func (p *Pages) staffCode(w http.ResponseWriter, r *http.Request) {
	_, m, ok := p.stagedStaff(w, r, identity.StageStaffCode)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	code := f.Required("code", labelStaffCode)
	if f.Valid() {
		err := p.svc.VerifyStaffCode(r.Context(), m.ID, code)
		var oe *fa.Error
		switch {
		case err == nil:
		case errors.Is(err, ErrTooManyTries), errors.Is(err, ErrFactorLocked):
			msg := ErrTooManyTries.Message
			if errors.As(err, &oe) {
				msg = oe.Message
			}
			if err := p.web.SignOut(w, r); err != nil {
				p.web.ServerError(w, r, err)
				return
			}
			p.web.SetFlash(w, "error", msg)
			web.Redirect(w, r, "/staff/login")
			return
		case errors.As(err, &oe):
			f.Fail("code", oe.Message)
		default:
			p.web.ServerError(w, r, err)
			return
		}
	}
	if !f.Valid() {
		p.web.Render(w, r, http.StatusUnprocessableEntity, "otp/staff_code", web.View{Title: labelStaffCode, Layout: "staff", Form: f})
		return
	}
	if err := p.web.SetStage(w, r, ""); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/staff")
}
