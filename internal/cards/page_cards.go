package cards

import (
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// StatusName is a card status in Persian («فعال»، «مفقود شده» …).
func StatusName(status string) string {
	if n, ok := StatusNames[status]; ok {
		return n
	}
	return status
}

// accounts is «وضعیت حساب اعتباری»: the guide's table and its two totals.
func (p *Pages) accounts(w http.ResponseWriter, r *http.Request, customerID int64) {
	sum, err := p.svc.Accounts(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := accountsPage{AccountSummary: *sum, Credit: creditChart(*sum)}
	if page.Due, err = p.dueChart(r.Context(), customerID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "cards/accounts", web.View{Title: titleAccounts, Data: page})
}

type cardRow struct {
	Card
	StatusName string
	Active     bool
}

func cardRows(list []Card) []cardRow {
	rows := make([]cardRow, 0, len(list))
	for _, c := range list {
		rows = append(rows, cardRow{Card: c, StatusName: StatusName(c.Status), Active: c.Status == StatusActive})
	}
	return rows
}

// cards is «وضعیت کارت».
func (p *Pages) cards(w http.ResponseWriter, r *http.Request, customerID int64) {
	list, err := p.svc.Cards(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "cards/cards", web.View{Title: titleCards, Data: cardRows(list)})
}

// ownCard reads the card in the path; another customer's card looks the
// same as no card at all (404).
func (p *Pages) ownCard(w http.ResponseWriter, r *http.Request, customerID int64) (*Card, bool) {
	id := web.PathID(r, "id")
	if id == 0 {
		p.web.NotFound(w, r)
		return nil, false
	}
	c, err := p.svc.card(r.Context(), p.svc.db, id)
	if errors.Is(err, ErrNotFound) || (err == nil && c.CustomerID != customerID) {
		p.web.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, false
	}
	return c, true
}

type pinPage struct {
	Card       cardRow
	Error      string // for the whole form (card not active, blocked)
	Blocked    bool
	Years      []int
	Months     []int
	Selectable bool
}

func (p *Pages) renderPIN(w http.ResponseWriter, r *http.Request, status int, c *Card, f *web.Form, msg string) {
	page := pinPage{Card: cardRows([]Card{*c})[0], Error: msg, Blocked: c.Status == StatusBlocked}
	page.Selectable = c.Status == StatusActive
	if !page.Selectable && msg == "" {
		page.Error = msgPINNotChangeable(StatusName(c.Status))
		if page.Blocked {
			page.Error = ErrCardBlocked.Message
		}
	}
	for m := 1; m <= 12; m++ {
		page.Months = append(page.Months, m)
	}
	y := p.svc.today().Year % 100
	for i := 0; i <= 10; i++ {
		page.Years = append(page.Years, (y+i)%100)
	}
	p.web.Render(w, r, status, "cards/pin", web.View{Title: titlePIN, Form: f, Data: page})
}

// pinForm is «تغییر رمز کارت».
func (p *Pages) pinForm(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, ok := p.ownCard(w, r, customerID)
	if !ok {
		return
	}
	p.renderPIN(w, r, http.StatusOK, c, nil, "")
}

// pinChange checks the card's details and sets the new PIN. Every wrong
// attempt is counted by the service; the third blocks the card.
func (p *Pages) pinChange(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, ok := p.ownCard(w, r, customerID)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	oldPIN := f.Required("old_pin", labelOldPIN)
	secondID := f.Required("second_id", labelSecondID)
	year, err := strconv.Atoi(f.Get("exp_year"))
	if err != nil || year < 0 || year > 99 {
		f.Fail("exp_year", msgChooseExpYear)
	}
	month, err := strconv.Atoi(f.Get("exp_month"))
	if err != nil || month < 1 || month > 12 {
		f.Fail("exp_month", msgChooseExpMonth)
	}
	newPIN := f.Required("new_pin", labelNewPIN)
	repeat := f.Required("repeat_pin", labelRepeatPIN)
	if !f.Valid() {
		p.renderPIN(w, r, http.StatusUnprocessableEntity, c, f, "")
		return
	}
	err = p.svc.ChangePIN(r.Context(), customerID, c.ID, oldPIN, secondID, year, month, newPIN, repeat)
	var ce *fa.Error
	switch {
	case err == nil:
		p.web.SetFlash(w, "success", web.MsgDone)
		web.Redirect(w, r, "/cards")
		return
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
		return
	case !errors.As(err, &ce):
		p.web.ServerError(w, r, err)
		return
	case errors.Is(ce, ErrPINFormat) || errors.Is(ce, ErrPINSame):
		f.Fail("new_pin", ce.Message)
	case errors.Is(ce, ErrPINRepeat):
		f.Fail("repeat_pin", ce.Message)
	case errors.Is(ce, ErrWrongDetails):
		f.Fail("old_pin", ce.Message)
	}
	// Re-read the card: a wrong attempt may have blocked it.
	if c2, err := p.svc.card(r.Context(), p.svc.db, c.ID); err == nil {
		c = c2
	}
	msg := ""
	if errors.Is(ce, ErrCardBlocked) || errors.Is(ce, ErrNotActive) {
		msg = ce.Message
	}
	p.renderPIN(w, r, http.StatusUnprocessableEntity, c, f, msg)
}

// lostForm is «اعلام مفقودی کارت»: the card and the confirmation.
func (p *Pages) lostForm(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, ok := p.ownCard(w, r, customerID)
	if !ok {
		return
	}
	p.renderLost(w, r, http.StatusOK, c, nil, "")
}

func (p *Pages) renderLost(w http.ResponseWriter, r *http.Request, status int, c *Card, f *web.Form, msg string) {
	row := cardRows([]Card{*c})[0]
	if msg == "" && !row.Active {
		msg = msgLostNotPossible(row.StatusName)
	}
	p.web.Render(w, r, status, "cards/lost", web.View{Title: titleLost, Form: f,
		Data: struct {
			Card  cardRow
			Error string
		}{row, msg}})
}

// lostReport turns an active card into a lost one, once confirmed.
func (p *Pages) lostReport(w http.ResponseWriter, r *http.Request, customerID int64) {
	c, ok := p.ownCard(w, r, customerID)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	if f.Get("status") != StatusLost {
		f.Fail("status", msgChooseLost)
	}
	if f.Get("confirm") != "1" {
		f.Fail("confirm", msgConfirmLost)
	}
	if !f.Valid() {
		p.renderLost(w, r, http.StatusUnprocessableEntity, c, f, "")
		return
	}
	err := p.svc.ReportLost(r.Context(), customerID, c.ID)
	var ce *fa.Error
	switch {
	case err == nil:
		p.web.SetFlash(w, "success", web.MsgDone)
		web.Redirect(w, r, "/cards")
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
	case errors.As(err, &ce):
		p.renderLost(w, r, http.StatusUnprocessableEntity, c, f, ce.Message)
	default:
		p.web.ServerError(w, r, err)
	}
}
