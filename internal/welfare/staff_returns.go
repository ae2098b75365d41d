package welfare

import (
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// salesReturn is the store's «لغو خرید» (kind=cancel) or «برگشت کالا»
// (an amount) on the purchase's page. The form carries a key drawn when
// the page was shown, so a repeated submit does nothing twice.
func (p *Pages) salesReturn(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
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
	var err error
	var amount int64
	if f.Get("kind") != ReturnCancel {
		var perr error
		amount, perr = fa.ParseRials(f.Get("amount"))
		if perr != nil || amount <= 0 {
			f.Fail("amount", msgReturnAmountRials)
		}
	}
	if f.Valid() {
		var ret *Return
		ret, err = p.svc.ReturnPurchase(r.Context(), mer, id, ReturnRequest{Amount: amount, IdempotencyKey: f.Get("key"), StaffID: m.ID})
		if err == nil {
			msg := flashCancelled
			if ret.Kind == ReturnGoods {
				msg = flashReturned(ret.Amount)
			}
			p.web.SetFlash(w, "success", msg)
			web.Redirect(w, r, "/staff/welfare/sales/"+strconv.FormatInt(id, 10))
			return
		}
	}
	msg := ""
	if err != nil {
		var handled bool
		if msg, handled = failForm(f, err); !handled {
			p.web.ServerError(w, r, err)
			return
		}
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "welfare/staff_sale", web.View{Title: titleSale, Layout: "staff", Form: f,
		Data: salesPage{Merchant: mer, Purchase: pu, Error: msg, Key: f.Get("key")}})
}
