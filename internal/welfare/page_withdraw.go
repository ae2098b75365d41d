package welfare

import (
	"errors"
	"net/http"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

type withdrawPage struct {
	Application *applicationRow
}

// withdrawForm asks the applicant to confirm «انصراف از درخواست» (a page
// of its own, so the confirmation works without JavaScript).
func (p *Pages) withdrawForm(w http.ResponseWriter, r *http.Request, customerID int64) {
	list, err := p.svc.Applications(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	id := web.PathID(r, "id")
	for _, a := range list {
		if a.ID != id {
			continue
		}
		if !a.Pending() {
			p.web.SetFlash(w, "error", ErrNotWithdrawable.Message)
			web.Redirect(w, r, "/welfare")
			return
		}
		st := a.State(p.svc.now())
		p.web.Render(w, r, http.StatusOK, "welfare/withdraw", web.View{Title: titleWithdraw,
			Data: withdrawPage{Application: &applicationRow{Application: a, State: st, StateName: statusName(st)}}})
		return
	}
	p.web.NotFound(w, r)
}

func (p *Pages) withdraw(w http.ResponseWriter, r *http.Request, customerID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	err := p.svc.Withdraw(r.Context(), customerID, web.PathID(r, "id"), p.web.ClientIP(r))
	var we *fa.Error
	switch {
	case err == nil:
		p.web.SetFlash(w, "success", flashWithdrawn)
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
		return
	case errors.As(err, &we):
		p.web.SetFlash(w, "error", we.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/welfare")
}
