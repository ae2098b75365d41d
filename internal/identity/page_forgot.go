package identity

import (
	"net/http"

	"github.com/dchest/captcha"

	"pishkhan/internal/web"
)

type forgotPage struct {
	Error     string
	CaptchaID string
	Questions []Question
}

func (p *Pages) forgotForm(w http.ResponseWriter, r *http.Request) {
	p.renderForgot(w, r, http.StatusOK, nil, "")
}

func (p *Pages) renderForgot(w http.ResponseWriter, r *http.Request, status int, f *web.Form, msg string) {
	// A new captcha each time the form is shown: an answer is good once.
	// Each is a database row written for an anonymous GET, so an address
	// may draw only CaptchaLimit of them in its window (captcha_limit.go).
	page := forgotPage{Error: msg, Questions: Questions}
	if retry, err := p.svc.allowCaptcha(r.Context(), p.web.ClientIP(r)); err != nil {
		p.web.ServerError(w, r, err)
		return
	} else if retry > 0 {
		page.Error = lockedError(ErrTooManyCaptchas, retry, 0).Message
		p.web.Render(w, r, http.StatusTooManyRequests, "identity/forgot", web.View{Title: titleForgot, Form: f, Data: page})
		return
	}
	page.CaptchaID = captcha.New()
	p.web.Render(w, r, status, "identity/forgot", web.View{Title: titleForgot, Form: f, Data: page})
}

func (p *Pages) forgot(w http.ResponseWriter, r *http.Request) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	f.Values.Del("answer")
	identifier := f.Required("username", labelUsername)
	nationalCode := f.Required("national_code", labelNationalCode)
	mobile := f.Required("mobile", labelMobile)
	for _, field := range []string{"username", "national_code", "mobile"} {
		f.MaxLength(field, labelThisValue, 64)
	}
	// The captcha is checked first and alone: a wrong one says nothing
	// about the rest, and costs the server no password hash.
	if !captcha.VerifyString(r.PostFormValue("captcha_id"), f.Get("captcha")) {
		f.Fail("captcha", web.MsgCaptchaWrong)
	}
	if !f.Valid() {
		p.renderForgot(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	qid, _ := web.Int(f.Get("question")) // 0, no question, when not a number an INTEGER holds
	err := p.svc.Recover(p.clientContext(r, nil), RecoveryRequest{
		Identifier: identifier, NationalCode: nationalCode, Mobile: mobile,
		QuestionID: qid, Answer: r.PostFormValue("answer"), IP: p.web.ClientIP(r),
	})
	if err != nil {
		msg, ok := showError(f, err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		p.renderForgot(w, r, http.StatusUnprocessableEntity, f, msg)
		return
	}
	p.web.SetFlash(w, "success", msgRecoverySent)
	web.Redirect(w, r, "/login")
}
