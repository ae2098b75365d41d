package welfare

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type salesPage struct {
	Merchant *Merchant
	Error    string
	Key      string
	Purchase *Purchase
}

func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// merchantOf is the store the signed-in sales agent sells for.
func (p *Pages) merchantOf(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) (*Merchant, bool) {
	mer, err := p.svc.MerchantOfStaff(r.Context(), m.ID)
	var we *fa.Error
	switch {
	case err == nil:
		return mer, true
	case errors.As(err, &we):
		p.web.Render(w, r, http.StatusForbidden, "welfare/staff_sales", web.View{Title: titleSales, Layout: "staff", Data: salesPage{Error: we.Message}})
	default:
		p.web.ServerError(w, r, err)
	}
	return nil, false
}

// salesForm starts a purchase: the customer (mobile or national code),
// the amount and the installments.
func (p *Pages) salesForm(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	mer, ok := p.merchantOf(w, r, m)
	if !ok {
		return
	}
	p.web.Render(w, r, http.StatusOK, "welfare/staff_sales", web.View{Title: titleSales, Layout: "staff", Data: salesPage{Merchant: mer, Key: newKey()}})
}

func (p *Pages) salesStart(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	mer, ok := p.merchantOf(w, r, m)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	customer := f.Required("customer", labelCustomerKey)
	amount, err := fa.ParseRials(f.Get("amount"))
	if err != nil || amount <= 0 {
		f.Fail("amount", msgPurchaseAmount)
	}
	n, err := strconv.Atoi(f.Get("installments"))
	if err != nil || n <= 0 {
		f.Fail("installments", msgInstallmentsCount)
	}
	key := f.Get("key")
	if key == "" {
		key = newKey()
	}
	render := func(msg string) {
		p.web.Render(w, r, http.StatusUnprocessableEntity, "welfare/staff_sales", web.View{Title: titleSales, Layout: "staff", Form: f,
			Data: salesPage{Merchant: mer, Key: key, Error: msg}})
	}
	if !f.Valid() {
		render("")
		return
	}
	pu, err := p.svc.StartPurchase(r.Context(), mer, PurchaseRequest{Customer: customer, Amount: amount, Installments: n, IdempotencyKey: key})
	if pu != nil {
		if err != nil {
			p.web.SetFlash(w, "error", flashCodeNotSent(web.UserMessage(err)))
		}
		web.Redirect(w, r, "/staff/welfare/sales/"+strconv.FormatInt(pu.ID, 10))
		return
	}
	msg, ok := failForm(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	render(msg)
}

// merchantPurchase is the store's own purchase id, or a 404 page (another
// store's purchase is not found either) or a 500 page; ok is false then.
func (p *Pages) merchantPurchase(w http.ResponseWriter, r *http.Request, mer *Merchant, id int64) (*Purchase, bool) {
	pu, err := p.svc.MerchantPurchase(r.Context(), mer, id)
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, false
	}
	return pu, true
}

// salesConfirmForm asks for the code the customer received (or their
// authenticator's code).
func (p *Pages) salesConfirmForm(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	mer, ok := p.merchantOf(w, r, m)
	if !ok {
		return
	}
	pu, ok := p.merchantPurchase(w, r, mer, web.PathID(r, "id"))
	if !ok {
		return
	}
	p.web.Render(w, r, http.StatusOK, "welfare/staff_sale", web.View{Title: titleSale, Layout: "staff", Data: salesPage{Merchant: mer, Purchase: pu, Key: newKey()}})
}

func (p *Pages) salesConfirm(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	mer, ok := p.merchantOf(w, r, m)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	id := web.PathID(r, "id")
	pu, ok := p.merchantPurchase(w, r, mer, id)
	if !ok {
		return
	}
	f := web.NewForm(r.PostForm)
	if f.Get("resend") == "1" {
		if err := p.svc.ResendCode(r.Context(), mer, id); err != nil {
			p.web.SetFlash(w, "error", web.UserMessage(err))
		} else {
			p.web.SetFlash(w, "success", flashCodeResent)
		}
		web.Redirect(w, r, "/staff/welfare/sales/"+strconv.FormatInt(id, 10))
		return
	}
	method := MethodSMS
	if f.Get("method") == MethodApp {
		method = MethodApp
	}
	done, err := p.svc.ConfirmPurchase(r.Context(), mer, id, method, f.Get("code"))
	if err == nil {
		p.web.SetFlash(w, "success", flashPurchaseDone)
		web.Redirect(w, r, "/staff/welfare/sales/"+strconv.FormatInt(done.ID, 10))
		return
	}
	msg, ok := failForm(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "welfare/staff_sale", web.View{Title: titleSale, Layout: "staff", Form: f,
		Data: salesPage{Merchant: mer, Purchase: pu, Error: msg, Key: newKey()}})
}
