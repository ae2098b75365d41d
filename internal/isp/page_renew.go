package isp

import (
	"net/http"
	"strconv"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// renewTabs are the guide's six tabs, in its order.
var renewTabs = []struct{ Key, Label string }{
	{"service", "خرید سرویس"},
	{"traffic", "خرید ترافیک"},
	{"timed", "خرید ترافیک زماندار"},
	{"change", "تغییر سرویس"},
	{"ip", "تمدید IP استاتیک"},
	{"free", "شارژ رایگان"},
}

type renewPage struct {
	Tab          string
	Tabs         []struct{ Key, Label string }
	Name, Phone  string
	Plans        []*Plan
	Quote        ChangeQuote
	QuoteTraffic string
	Box          box
	IP           struct {
		Address      string
		Active       bool
		Starts, Ends time.Time
		Monthly      int64
		Months       []int
	}
	Free  FreeChargeOffer
	Error string
}

// renew is «تمدید و تغییر سرویس».
func (p *Pages) renew(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.renderRenew(w, r, http.StatusOK, customerID, r.URL.Query().Get("tab"), "")
}

func (p *Pages) renderRenew(w http.ResponseWriter, r *http.Request, status int, customerID int64, tab, msg string) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	c, err := p.ids.Customer(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := renewPage{Tab: tab, Tabs: renewTabs, Name: c.FullName(), Phone: fa.Digits(sub.Phone), Box: p.boxOf(r, sub, c), Error: msg}
	kind := map[string]string{"service": PlanService, "traffic": PlanTraffic, "timed": PlanTimed, "change": PlanService}
	if _, ok := kind[tab]; !ok && tab != "ip" && tab != "free" {
		page.Tab = "service"
	}
	if k, ok := kind[page.Tab]; ok {
		if page.Plans, err = p.svc.Plans(r.Context(), k, false); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	switch page.Tab {
	case "change":
		page.Quote = p.svc.QuoteChange(sub)
		page.QuoteTraffic = GB(page.Quote.TrafficLeft)
		if page.Quote.Unlimited {
			page.QuoteTraffic = "نامحدود"
		}
	case "ip":
		page.IP.Address, page.IP.Starts, page.IP.Ends, page.IP.Monthly = sub.StaticIP, sub.IPStartsAt, sub.IPEndsAt, sub.IPMonthly
		page.IP.Active = sub.IPEndsAt.After(p.svc.now())
		page.IP.Months = StaticIPMonths
	case "free":
		if page.Free, err = p.svc.FreeChargeOffer(r.Context(), sub); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	p.web.Render(w, r, status, "isp/renew", web.View{Title: "تمدید و تغییر سرویس", Data: page})
}

// order turns the chosen service, traffic, change or IP renewal into a
// billing order and shows its pre-invoice («اطلاعات سفارش شما جهت تایید
// و پرداخت آنلاین»), from which the customer goes to the bank.
func (p *Pages) order(w http.ResponseWriter, r *http.Request, customerID int64) {
	what := r.PathValue("what")
	if !p.web.ParseForm(w, r) {
		return
	}
	field := "plan"
	if what == "ip" {
		field = "months"
	}
	n, err := strconv.ParseInt(fa.LatinDigits(r.PostForm.Get(field)), 10, 64)
	if err != nil || n <= 0 {
		msg := "سرویس مورد نظر خود را انتخاب نمایید."
		if what == "ip" {
			msg = ErrMonths.Message
		}
		p.renderRenew(w, r, http.StatusUnprocessableEntity, customerID, what, msg)
		return
	}
	o, err := p.svc.Order(r.Context(), customerID, what, n)
	if err != nil {
		if msg, ok := fa.UserMessage(err); ok {
			p.renderRenew(w, r, http.StatusUnprocessableEntity, customerID, what, msg)
			return
		}
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/orders/"+o.Tracking)
}

// freeCharge is «اعمال شارژ».
func (p *Pages) freeCharge(w http.ResponseWriter, r *http.Request, customerID int64) {
	if !p.web.ParseForm(w, r) {
		return
	}
	if err := p.svc.ApplyFreeCharge(r.Context(), customerID); err != nil {
		if msg, ok := fa.UserMessage(err); ok {
			p.renderRenew(w, r, http.StatusUnprocessableEntity, customerID, "free", msg)
			return
		}
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", "شارژ رایگان اعمال شد.")
	web.Redirect(w, r, "/isp")
}
