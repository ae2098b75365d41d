package isp

import (
	"errors"
	"html/template"
	"net/http"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

type usageRow struct {
	N                          int
	StartedAt, EndedAt         time.Time
	Download, Upload, Deducted string
	IP                         string
}

type accountPage struct {
	Tab      string
	Box      box
	Password string // revealed on request
	// usage tab
	From, To                          string
	Search                            string
	Rows                              []usageRow
	Pager                             web.Pager
	Upload, Download, Total, Deducted string
	Daily                             template.HTML // traffic per day, last 30 days
}

// account is «میزان روز و ترافیک باقیمانده»: the tabs «حساب کاربری» and
// «ریز مصرف».
func (p *Pages) account(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.renderAccount(w, r, customerID, "")
}

// reveal is «نمایش کلمه عبور»: a POST (with the CSRF token), so the
// password never sits in a URL, a cache or a prefetch.
func (p *Pages) reveal(w http.ResponseWriter, r *http.Request, customerID int64) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	pw, err := p.svc.InternetPassword(r.Context(), sub.ID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	p.renderAccount(w, r, customerID, pw)
}

func (p *Pages) renderAccount(w http.ResponseWriter, r *http.Request, customerID int64, password string) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	c, err := p.ids.Customer(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := accountPage{Tab: "account", Box: p.boxOf(r, sub, c), Password: password}
	var form *web.Form
	if r.URL.Query().Get("tab") == "usage" {
		page.Tab = "usage"
		form = web.NewForm(r.URL.Query())
		today := fa.JalaliOf(p.svc.now())
		from, to := today, today
		if v := form.Get("from"); v != "" {
			if d, err := fa.ParseDate(v); err == nil {
				from = d
			} else {
				form.Fail("from", msgFromDate)
			}
		}
		if v := form.Get("to"); v != "" {
			if d, err := fa.ParseDate(v); err == nil {
				to = d
			} else {
				form.Fail("to", msgToDate)
			}
		}
		if form.Valid() && to.Time(fa.Tehran).Before(from.Time(fa.Tehran)) {
			form.Fail("to", msgToBeforeFrom)
		}
		page.From, page.To = fa.Digits(from.String()), fa.Digits(to.String())
		page.Search = fa.Clip(form.Get("q"), 45)
		if page.Daily, err = p.dailyChart(r.Context(), sub.ID); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		if form.Valid() {
			f := UsageFilter{SubscriberID: sub.ID, From: from.Time(fa.Tehran), To: to.Time(fa.Tehran).AddDate(0, 0, 1), Search: page.Search}
			tot, err := p.svc.UsageTotals(r.Context(), f)
			if err != nil {
				p.web.ServerError(w, r, err)
				return
			}
			page.Pager = web.NewPager(r, tot.Count)
			f.Offset, f.Limit = page.Pager.Offset(), page.Pager.PerPage
			rows, err := p.svc.UsageRows(r.Context(), f)
			if err != nil {
				p.web.ServerError(w, r, err)
				return
			}
			for i, x := range rows {
				page.Rows = append(page.Rows, usageRow{N: f.Offset + i, StartedAt: x.StartedAt, EndedAt: x.EndedAt,
					Download: MBs(x.Download), Upload: MBs(x.Upload), Deducted: MBs(x.Deducted), IP: x.IP})
			}
			page.Upload, page.Download, page.Total, page.Deducted = MBs(tot.Upload), MBs(tot.Download), MBs(tot.Total()), MBs(tot.Deducted)
		}
	}
	p.web.Render(w, r, http.StatusOK, "isp/account", web.View{Title: titleAccount, Form: form, Data: page})
}

// passwordForm is «تغییر کلمه عبور اینترنت» with the guide's warning.
func (p *Pages) passwordForm(w http.ResponseWriter, r *http.Request, customerID int64) {
	if _, ok := p.line(w, r, customerID); !ok {
		return
	}
	p.web.Render(w, r, http.StatusOK, "isp/internet_password", web.View{Title: titlePassword})
}

func (p *Pages) changePassword(w http.ResponseWriter, r *http.Request, customerID int64) {
	sub, ok := p.line(w, r, customerID)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	old, nw, rep := r.PostForm.Get("old"), r.PostForm.Get("new"), r.PostForm.Get("repeat")
	if old == "" {
		f.Fail("old", web.MsgRequired(labelOldPassword))
	}
	if nw == "" {
		f.Fail("new", web.MsgRequired(labelNewPassword))
	}
	if f.Valid() {
		err := p.svc.ChangeInternetPassword(r.Context(), sub.ID, old, nw, rep)
		if err == nil {
			p.web.SetFlash(w, "success", msgPasswordChanged)
			web.Redirect(w, r, "/isp/internet-password")
			return
		}
		msg, known := fa.UserMessage(err)
		if !known {
			p.web.ServerError(w, r, err)
			return
		}
		field := "new"
		switch {
		case errors.Is(err, ErrWrongOldPassword):
			field = "old"
		case errors.Is(err, ErrPasswordRepeat):
			field = "repeat"
		}
		f.Fail(field, msg)
	}
	// Passwords are never echoed back into the form.
	for _, k := range []string{"old", "new", "repeat"} {
		f.Values.Del(k)
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "isp/internet_password", web.View{Title: titlePassword, Form: f})
}
