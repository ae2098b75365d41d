package identity

import (
	"net/http"

	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

type activityPage struct {
	Events    []SignInEvent
	Sessions  []*web.Session
	CurrentID int64
}

func (p *Pages) activity(w http.ResponseWriter, r *http.Request, personID int64) {
	events, _, err := p.svc.SignInEvents(r.Context(), KindCustomer, personID, 0, 20)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	sessions, err := p.web.Sessions.List(r.Context(), KindCustomer, personID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "identity/activity", web.View{Title: titleActivity,
		Data: activityPage{Events: events, Sessions: sessions, CurrentID: p.web.Session(r).ID}})
}

func (p *Pages) signOutOthers(w http.ResponseWriter, r *http.Request, personID int64) {
	if err := p.svc.EndOtherSessions(r.Context(), KindCustomer, personID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgSignedOutOthers)
	web.Redirect(w, r, "/activity")
}

type messagesPage struct {
	Messages []notify.OutboxMessage
	Offset   int
	Pager    web.Pager
}

// messages is «صندوق پیام ها»: the SMS sent to this customer.
func (p *Pages) messages(w http.ResponseWriter, r *http.Request, personID int64) {
	msgs, pager, err := web.PageOf(r, func(offset, limit int) ([]notify.OutboxMessage, int, error) {
		return p.sms.List(r.Context(), notify.Filter{PersonID: personID, Offset: offset, Limit: limit})
	})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "identity/messages", web.View{Title: titleMessages,
		Data: messagesPage{Messages: msgs, Offset: pager.Offset(), Pager: pager}})
}
