package cards

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/otp"
	"pishkhan/internal/web"
)

// «رمز دوم»: per card, the static and dynamic passwords' state and the
// holder's actions. Every action posts to its own URL and comes back to
// the page with a flash message.

const secondPasswordPath = "/cards/second-password"

// Session keys of a pending authenticator enrolment: the QR image
// (base64 PNG), the otpauth:// URI and the card to add once confirmed.
// They live only until the enrolment is confirmed (or restarted).
const (
	sessEnrolQR   = "cards.enrol.qr"
	sessEnrolURI  = "cards.enrol.uri"
	sessEnrolCard = "cards.enrol.card"
)

type secondPasswordRow struct {
	CardPasswordState
	StatusName string
	Active     bool
}

type secondPasswordPage struct {
	Cards           []secondPasswordRow
	Available       bool // dynamic passwords are wired
	ConfirmedMobile bool
	HasDevice       bool
	Enrolling       bool
	EnrolURI        string
	EnrolCard       string // masked number of the card being added
	StaticCap       int64
}

// secondPassword is GET /cards/second-password.
func (p *Pages) secondPassword(w http.ResponseWriter, r *http.Request, customerID int64) {
	ctx := r.Context()
	states, err := p.svc.SecondPasswordStates(ctx, customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := secondPasswordPage{StaticCap: p.svc.opts.StaticDailyCap}
	for _, st := range states {
		page.Cards = append(page.Cards, secondPasswordRow{CardPasswordState: st, StatusName: StatusName(st.Status), Active: st.Status == StatusActive})
	}
	if dyn := p.svc.opts.Dynamic; dyn != nil {
		page.Available = true
		if _, page.ConfirmedMobile, err = dyn.ConfirmedMobile(ctx, customerID); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		if page.HasDevice, err = dyn.HasDevice(ctx, customerID); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	if sess := p.web.Session(r); sess != nil {
		uri, err := p.web.Sessions.Get(ctx, sess, sessEnrolURI)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		cardID, _ := p.web.Sessions.Get(ctx, sess, sessEnrolCard)
		if uri != "" {
			page.Enrolling, page.EnrolURI = true, uri
			for _, c := range page.Cards {
				if strconv.FormatInt(c.ID, 10) == cardID {
					page.EnrolCard = c.Masked
				}
			}
		}
	}
	p.web.Render(w, r, http.StatusOK, "cards/second_password", web.View{Title: titleSecondPassword, Data: page})
}

// secondPasswordQR serves the pending enrolment's QR code from the
// session; none pending is 404.
func (p *Pages) secondPasswordQR(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.web.ServeSessionPNG(w, r, sessEnrolQR)
}

// cardAction reads the card in the path and the form; another customer's
// card is 404. It returns false when it has answered.
func (p *Pages) cardAction(w http.ResponseWriter, r *http.Request, customerID int64) (*Card, *web.Form, bool) {
	c, ok := p.ownCard(w, r, customerID)
	if !ok || !p.web.ParseForm(w, r) {
		return nil, nil, false
	}
	return c, web.NewForm(r.PostForm), true
}

// done answers an action: success flash, or the domain error's message,
// back on the page; another customer's card is 404.
func (p *Pages) done(w http.ResponseWriter, r *http.Request, err error) {
	var fe *fa.Error
	switch {
	case err == nil:
		p.web.SetFlash(w, "success", web.MsgDone)
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
		return
	case errors.As(err, &fe):
		p.web.SetFlash(w, "error", fe.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, secondPasswordPath)
}

func on(f *web.Form) bool { return f.Get("on") == "1" }

// secondPasswordStatic is «تغییر رمز دوم».
func (p *Pages) secondPasswordStatic(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, f, ok := p.cardAction(w, r, customerID)
	if !ok {
		return
	}
	p.done(w, r, p.svc.ChangeSecondPassword(r.Context(), customerID, c.ID, f.Get("old_password"), f.Get("new_password"), f.Get("repeat_password")))
}

// secondPasswordInternet is «غیر فعال سازی رمز اینترنتی» (and back on).
func (p *Pages) secondPasswordInternet(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, f, ok := p.cardAction(w, r, customerID)
	if !ok {
		return
	}
	p.done(w, r, p.svc.SetInternetPassword(r.Context(), customerID, c.ID, on(f)))
}

// secondPasswordSMS activates or deactivates SMS codes for the card.
func (p *Pages) secondPasswordSMS(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, f, ok := p.cardAction(w, r, customerID)
	if !ok {
		return
	}
	p.done(w, r, p.svc.ActivateSMS(r.Context(), customerID, c.ID, on(f)))
}

// secondPasswordAlways sets "a dynamic password for every amount".
func (p *Pages) secondPasswordAlways(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, f, ok := p.cardAction(w, r, customerID)
	if !ok {
		return
	}
	p.done(w, r, p.svc.SetAlwaysDynamic(r.Context(), customerID, c.ID, on(f)))
}

// secondPasswordBlock blocks the card, once confirmed.
func (p *Pages) secondPasswordBlock(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, f, ok := p.cardAction(w, r, customerID)
	if !ok {
		return
	}
	if f.Get("confirm") != "1" {
		p.web.SetFlash(w, "error", msgConfirmBlock)
		web.Redirect(w, r, secondPasswordPath)
		return
	}
	p.done(w, r, p.svc.BlockByHolder(r.Context(), customerID, c.ID))
}

// secondPasswordApp is «افزودن کارت» (on=1) or removing the card from the
// authenticator (on=0). With no active device it starts an enrolment: the
// QR and URI are kept in the session and the 4-digit activation code goes
// by SMS to the confirmed mobile.
func (p *Pages) secondPasswordApp(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, f, ok := p.cardAction(w, r, customerID)
	if !ok {
		return
	}
	ctx := r.Context()
	if !on(f) {
		p.done(w, r, p.svc.AddCardToApp(ctx, customerID, c.ID, false))
		return
	}
	err := p.svc.AddCardToApp(ctx, customerID, c.ID, true)
	if !errors.Is(err, ErrNoAuthenticator) {
		p.done(w, r, err)
		return
	}
	enr := p.svc.enroller()
	if enr == nil {
		p.done(w, r, ErrDynamicUnavailable)
		return
	}
	mobile, confirmed, err := p.svc.opts.Dynamic.ConfirmedMobile(ctx, customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if !confirmed {
		p.done(w, r, ErrNoConfirmedMobile)
		return
	}
	account := "customer-" + strconv.FormatInt(customerID, 10)
	if cust, err := p.svc.ids.Customer(ctx, customerID); err == nil && cust.NationalCode != "" {
		account = cust.NationalCode
	}
	en, err := enr.StartEnrolment(ctx, customerID, account, mobile)
	if err != nil {
		p.done(w, r, err)
		return
	}
	sess := p.web.Session(r)
	for k, v := range map[string]string{sessEnrolQR: base64.StdEncoding.EncodeToString(en.QRPNG), sessEnrolURI: en.URI,
		sessEnrolCard: strconv.FormatInt(c.ID, 10)} {
		if err := p.web.Sessions.Set(ctx, sess, k, v); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	p.web.SetFlash(w, "info", msgEnrolmentStarted)
	web.Redirect(w, r, secondPasswordPath)
}

// secondPasswordEnrol confirms the pending enrolment with the 4-digit SMS
// activation code and a current authenticator code, then adds the card.
func (p *Pages) secondPasswordEnrol(w http.ResponseWriter, r *http.Request, customerID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	f := web.NewForm(r.PostForm)
	enr := p.svc.enroller()
	sess := p.web.Session(r)
	if enr == nil || sess == nil {
		p.done(w, r, ErrDynamicUnavailable)
		return
	}
	cardID, err := p.web.Sessions.Get(ctx, sess, sessEnrolCard)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if cardID == "" {
		p.done(w, r, otp.ErrNoEnrolment)
		return
	}
	err = enr.ConfirmEnrolment(ctx, customerID, fa.LatinDigits(f.Get("activation_code")), fa.LatinDigits(f.Get("totp_code")))
	if err != nil {
		if errors.Is(err, otp.ErrActivationExpired) || errors.Is(err, otp.ErrNoEnrolment) {
			p.clearEnrolment(w, r)
		}
		p.done(w, r, err)
		return
	}
	p.clearEnrolment(w, r)
	id, _ := strconv.ParseInt(cardID, 10, 64)
	p.done(w, r, p.svc.AddCardToApp(ctx, customerID, id, true))
}

func (p *Pages) clearEnrolment(w http.ResponseWriter, r *http.Request) {
	sess := p.web.Session(r)
	for _, k := range []string{sessEnrolQR, sessEnrolURI, sessEnrolCard} {
		if err := p.web.Sessions.Set(r.Context(), sess, k, ""); err != nil {
			p.svc.log.Error("cards: clear enrolment", "err", err)
		}
	}
}

// secondPasswordRemoveDevice is «حذف برنامک رمزساز».
func (p *Pages) secondPasswordRemoveDevice(w http.ResponseWriter, r *http.Request, customerID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	if web.NewForm(r.PostForm).Get("confirm") != "1" {
		p.web.SetFlash(w, "error", msgConfirmRemoveDevice)
		web.Redirect(w, r, secondPasswordPath)
		return
	}
	p.done(w, r, p.svc.RemoveAuthenticator(r.Context(), customerID))
}
