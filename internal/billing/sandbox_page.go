package billing

import (
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"regexp"
	"strconv"

	"github.com/dchest/captcha"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// AddPages registers billing's templates (the bank page, the pre-invoice,
// invoices …) with the web kit once.
func AddPages(s *web.Server) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	return s.Renderer.AddPages("billing", sub)
}

// SandboxRoutes serves the sandbox bank's payment page. The page belongs
// to "the bank", not to the portal: it needs no Pishkhan session, and its
// form carries the same CSRF protection as every other form here.
func (s *Sandbox) SandboxRoutes(w *web.Server) {
	s.web = w
	w.HandleFunc("GET /sandbox-bank/pay/{token}", s.payPage)
	w.HandleFunc("POST /sandbox-bank/pay/{token}", s.pay)
}

type bankPage struct {
	Merchant, Description string
	Amount                int64
	Token                 string
	CaptchaID             string
	Message               string // an issuer's answer (declined, dynamic password sent)
	Error                 string
	Done                  bool   // the payment is no longer open
	Wait                  bool   // no captcha can be drawn for this address now: no card form, only «تلاش دوباره» and «انصراف»
	BackURL               string // for a payment no longer open
	Months                []int
}

var tokenPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (s *Sandbox) openPayment(w http.ResponseWriter, r *http.Request) (*sandboxPayment, bool) {
	token := r.PathValue("token")
	if !tokenPattern.MatchString(token) {
		s.web.NotFound(w, r)
		return nil, false
	}
	p, err := s.payment(r.Context(), token)
	if errors.Is(err, db.ErrNoRows) {
		s.web.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		s.web.ServerError(w, r, err)
		return nil, false
	}
	if p.State == sandboxPending && s.now().Sub(p.CreatedAt) > s.PageTTL {
		if _, err := s.db.Exec(r.Context(), "UPDATE sandbox_payments SET state = $1 WHERE token = $2 AND state = $3", sandboxExpired, token, sandboxPending); err != nil {
			s.web.ServerError(w, r, err)
			return nil, false
		}
		p.State = sandboxExpired
	}
	return p, true
}

func (s *Sandbox) render(w http.ResponseWriter, r *http.Request, status int, p *sandboxPayment, f *web.Form, page bankPage) {
	page.Merchant, page.Description, page.Amount, page.Token = p.Merchant, p.Description, p.Amount, p.Token
	page.Months = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	if p.State != sandboxPending {
		page.Done = true
		page.Error = sandboxStateLabel(p.State)
		page.BackURL = callbackURL(p, p.State == sandboxPaid)
	} else if s.captchas == nil {
		page.CaptchaID = captcha.New()
	} else {
		id, err := s.captchas.NewCaptcha(r.Context(), s.web.ClientIP(r))
		var ie *fa.Error
		if errors.As(err, &ie) {
			// Without a captcha «پرداخت» would only be refused: show the
			// wait and the two ways on instead of a form that cannot pay.
			status, page.Error, page.Wait = http.StatusTooManyRequests, ie.Message, true
		} else if err != nil {
			s.web.ServerError(w, r, err)
			return
		}
		page.CaptchaID = id
	}
	s.web.Render(w, r, status, "billing/sandbox_pay", web.View{Title: titleSandboxPay, Layout: "bare", Form: f, Data: page})
}

func (s *Sandbox) payPage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.openPayment(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, p, nil, bankPage{})
}

func (s *Sandbox) pay(w http.ResponseWriter, r *http.Request) {
	p, ok := s.openPayment(w, r)
	if !ok || !s.web.ParseForm(w, r) {
		return
	}
	if p.State != sandboxPending {
		s.render(w, r, http.StatusConflict, p, nil, bankPage{})
		return
	}
	f := web.NewForm(r.PostForm)
	// Secrets are never sent back into the page.
	for _, secret := range []string{"password", "cvv2", "captcha"} {
		f.Values.Del(secret)
	}
	if r.PostFormValue("action") == "cancel" {
		if _, err := s.db.Exec(r.Context(), "UPDATE sandbox_payments SET state = $1 WHERE token = $2 AND state = $3", sandboxCancelled, p.Token, sandboxPending); err != nil {
			s.web.ServerError(w, r, err)
			return
		}
		p.State = sandboxCancelled
		http.Redirect(w, r, callbackURL(p, false), http.StatusSeeOther)
		return
	}

	if r.PostFormValue("action") == "dynamic" {
		card, err := fa.ParseCardNumber(f.Get("card"))
		if err != nil {
			f.Fail("card", msgCardForDynamicPassword)
			s.render(w, r, http.StatusUnprocessableEntity, p, f, bankPage{})
			return
		}
		a := Authorization{Card: card, Amount: p.Amount, Merchant: p.Merchant}
		msg, err := s.issuerFor(a.Card).RequestDynamicPassword(r.Context(), a)
		if err != nil {
			page := bankPage{Error: web.UserMessage(err)}
			s.render(w, r, http.StatusUnprocessableEntity, p, f, page)
			return
		}
		s.render(w, r, http.StatusOK, p, f, bankPage{Message: msg})
		return
	}
	a, valid := s.readCard(f, r)
	if !captcha.VerifyString(r.PostFormValue("captcha_id"), fa.LatinDigits(r.PostFormValue("captcha"))) {
		f.Fail("captcha", web.MsgCaptchaWrong)
		valid = false
	}
	if !valid {
		s.render(w, r, http.StatusUnprocessableEntity, p, f, bankPage{})
		return
	}
	a.Amount, a.Merchant, a.Reference = p.Amount, p.Merchant, p.Token
	decision, err := s.issuerFor(a.Card).Authorize(r.Context(), a)
	if err != nil {
		s.web.ServerError(w, r, err)
		return
	}
	if !decision.Approved {
		if _, err := s.db.Exec(r.Context(), "UPDATE sandbox_payments SET result_code = $1 WHERE token = $2", decision.Code, p.Token); err != nil {
			s.web.ServerError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, p, f, bankPage{Error: msgIssuerRefused(decision.Message, fa.Digits(decision.Code))})
		return
	}
	// Paid: the bank records it once (a double submit finds it paid) and
	// sends the customer back to the merchant, who must verify.
	res, err := s.db.Exec(r.Context(), `UPDATE sandbox_payments SET state = $1, card_mask = $2, ref_id = $3, result_code = $4, paid_at = $5
		WHERE token = $6 AND state = $7`, sandboxPaid, fa.MaskCard(a.Card), refID(), decision.Code, s.now(), p.Token, sandboxPending)
	if err != nil {
		s.web.ServerError(w, r, err)
		return
	}
	if res.RowsAffected == 0 {
		p, _ = s.payment(r.Context(), p.Token)
		s.render(w, r, http.StatusConflict, p, nil, bankPage{})
		return
	}
	p.State = sandboxPaid
	http.Redirect(w, r, callbackURL(p, true), http.StatusSeeOther)
}

// readCard checks the card fields and reports every problem next to its
// field, in Persian.
func (s *Sandbox) readCard(f *web.Form, r *http.Request) (Authorization, bool) {
	var a Authorization
	card, err := fa.ParseCardNumber(f.Get("card"))
	if err != nil {
		f.Fail("card", fa.MsgCard)
	}
	a.Card = card
	cvv2 := fa.LatinDigits(r.PostFormValue("cvv2"))
	if len(cvv2) < 3 || len(cvv2) > 4 || !fa.AllDigits(cvv2) {
		f.Fail("cvv2", msgCVV2)
	}
	a.CVV2 = cvv2
	month, err1 := strconv.Atoi(f.Get("exp_month"))
	year, err2 := strconv.Atoi(f.Get("exp_year"))
	switch {
	case err1 != nil || month < 1 || month > 12:
		f.Fail("exp_month", msgExpMonth)
	case err2 != nil || year < 0 || year > 99:
		f.Fail("exp_year", msgExpYear)
	case cardExpired(s.now(), year, month):
		f.Fail("exp_year", msgCardExpired)
	}
	a.ExpMonth, a.ExpYear = month, year
	a.Password = fa.LatinDigits(r.PostFormValue("password"))
	if a.Password == "" || len(a.Password) > 12 || !fa.AllDigits(a.Password) {
		f.Fail("password", msgPasswordRequired)
	}
	return a, f.Valid()
}
