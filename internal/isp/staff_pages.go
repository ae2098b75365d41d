package isp

import (
	"cmp"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

func (p *Pages) audit(r *http.Request, m *identity.StaffMember, action string, subID int64, detail string) func(tx *db.Tx) error {
	return func(tx *db.Tx) error {
		return p.ids.Audit(r.Context(), tx, identity.AuditRecord{ActorKind: "staff", ActorID: m.ID, Action: action,
			TargetKind: "isp_subscriber", TargetID: subID, Detail: detail})
	}
}

func isAdmin(m *identity.StaffMember) bool {
	for _, r := range m.Roles {
		if r == identity.RoleAdmin {
			return true
		}
	}
	return false
}

type staffHomePage struct {
	Query       string
	Subscribers []SubscriberRow
	Pending     []docRow
	PendingAges template.HTML // the documents awaiting review by how long
	Free        FreeCharge
	Admin       bool
	StatusNames map[string]string
}

// staffHome is the ISP desk: subscribers, documents waiting for review,
// a new line, and (admins) the free-charge setting.
func (p *Pages) staffHome(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	p.renderStaffHome(w, r, http.StatusOK, m, nil)
}

func (p *Pages) renderStaffHome(w http.ResponseWriter, r *http.Request, status int, m *identity.StaffMember, f *web.Form) {
	page := staffHomePage{Query: fa.Clip(r.URL.Query().Get("q"), 50), Admin: isAdmin(m), StatusNames: LineStatusNames}
	var err error
	if page.Subscribers, err = p.svc.SearchSubscribers(r.Context(), page.Query, 50); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	docs, err := p.svc.PendingDocuments(r.Context(), 50)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.Pending = docRows(docs)
	ages, err := p.svc.PendingByAge(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.PendingAges = pendingChart(ages)
	if page.Free, err = p.svc.FreeChargeSetting(r.Context()); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, status, "isp/staff_home", web.View{Title: titleStaffDesk, Layout: "staff", Form: f, Data: page})
}

// staffCreate registers a line for an existing customer.
func (p *Pages) staffCreate(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	code := f.Check("national_code", fa.ParseNationalCode)
	if !f.Valid() {
		p.renderStaffHome(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	cs, _, err := p.ids.SearchCustomers(r.Context(), identity.CustomerFilter{NationalCode: code, Limit: 1})
	if err != nil || len(cs) == 0 {
		f.Fail("national_code", msgNoSuchCustomer)
		p.renderStaffHome(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	n := NewSubscriber{CustomerID: cs[0].ID, Phone: f.Get("phone"), City: fa.Clip(f.Get("city"), 100), Centre: fa.Clip(f.Get("centre"), 100),
		Username: f.Get("username"), Password: r.PostForm.Get("password"), Note: noteCreatedBy(m.FullName)}
	var sub *Subscriber
	err = p.svc.db.InTx(r.Context(), func(tx *db.Tx) error {
		var err error
		if sub, err = p.svc.createSubscriber(r.Context(), tx, n); err != nil {
			return err
		}
		return p.audit(r, m, "isp_line_created", sub.ID, sub.Username)(tx)
	})
	if err != nil {
		if msg, ok := fa.UserMessage(err); ok {
			field := map[error]string{ErrUsername: "username", ErrUsernameTaken: "username", ErrPhone: "phone", ErrPhoneTaken: "phone", ErrPasswordFormat: "password"}
			name := "national_code"
			for e, fld := range field {
				if errors.Is(err, e) {
					name = fld
				}
			}
			f.Fail(name, msg)
			f.Values.Del("password")
			p.renderStaffHome(w, r, http.StatusUnprocessableEntity, m, f)
			return
		}
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/staff/isp/subscribers/"+strconv.FormatInt(sub.ID, 10))
}

type staffSubscriberPage struct {
	Sub         *Subscriber
	Box         box
	Customer    *identity.Customer
	Statuses    []lineRow
	Purchases   []Purchase
	Docs        []docRow
	Services    []*Plan
	Traffic     []*Plan
	Timed       []*Plan
	StatusNames map[string]string
	Radius      radiusDesk
}

func (p *Pages) staffSubscriber(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	p.renderStaffSubscriber(w, r, http.StatusOK, m, nil)
}

func (p *Pages) renderStaffSubscriber(w http.ResponseWriter, r *http.Request, status int, m *identity.StaffMember, f *web.Form) {
	id := web.PathID(r, "id")
	if id == 0 {
		p.web.NotFound(w, r)
		return
	}
	sub, err := p.svc.Subscriber(r.Context(), id)
	if errors.Is(err, ErrNotSubscriber) {
		p.web.NotFound(w, r)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	c, err := p.ids.Customer(r.Context(), sub.CustomerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := staffSubscriberPage{Sub: sub, Box: p.boxOf(r, sub, c), Customer: c, StatusNames: LineStatusNames}
	ls, err1 := p.svc.LineStatuses(r.Context(), sub.ID)
	for _, l := range ls {
		page.Statuses = append(page.Statuses, lineRow{l, LineStatusNames[l.Status]})
	}
	var err2, err3, err4, err5, err6 error
	page.Purchases, err2 = p.svc.Purchases(r.Context(), sub.ID)
	docs, err3 := p.svc.Documents(r.Context(), sub.ID)
	page.Docs = docRows(docs)
	page.Services, err4 = p.svc.Plans(r.Context(), PlanService, false)
	page.Traffic, err5 = p.svc.Plans(r.Context(), PlanTraffic, false)
	page.Timed, err6 = p.svc.Plans(r.Context(), PlanTimed, false)
	var err7 error
	page.Radius, err7 = p.radiusDesk(r.Context(), sub.ID)
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, status, "isp/staff_subscriber", web.View{Title: titleSubscriber(c.FullName()), Layout: "staff", Form: f, Data: page})
}

// staffStatus changes the line's status, with a note, audited.
func (p *Pages) staffStatus(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 || !p.web.ParseForm(w, r) {
		p.web.NotFound(w, r)
		return
	}
	f := web.NewForm(r.PostForm)
	status, note := f.Get("status"), fa.Clip(f.Get("note"), 500)
	err := p.svc.SetLineStatus(r.Context(), id, status, note, p.audit(r, m, "isp_line_status", id, status+" "+note))
	if msg, known := fa.UserMessage(err); known {
		f.Fail("status", msg)
		p.renderStaffSubscriber(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgLineStatusSet)
	web.Redirect(w, r, "/staff/isp/subscribers/"+strconv.FormatInt(id, 10))
}

// staffSell is a purchase on the customer's behalf («حضور نماینده فروش»).
func (p *Pages) staffSell(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 || !p.web.ParseForm(w, r) {
		p.web.NotFound(w, r)
		return
	}
	f := web.NewForm(r.PostForm)
	what, planStr, _ := strings.Cut(f.Get("plan"), ":")
	planID, _ := strconv.ParseInt(planStr, 10, 64)
	err := p.svc.SellInPerson(r.Context(), m.ID, id, what, planID, fa.Clip(f.Get("note"), 500),
		p.audit(r, m, "isp_sale_in_person", id, f.Get("plan")))
	if msg, known := fa.UserMessage(err); known {
		f.Fail("plan", msg)
		p.renderStaffSubscriber(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgSoldInPerson)
	web.Redirect(w, r, "/staff/isp/subscribers/"+strconv.FormatInt(id, 10))
}

func (p *Pages) staffDocumentImage(w http.ResponseWriter, r *http.Request, _ *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 {
		p.web.NotFound(w, r)
		return
	}
	data, err := p.svc.DocumentImage(r.Context(), id, 0)
	if err != nil {
		p.web.NotFound(w, r)
		return
	}
	writeJPEG(w, data)
}

// staffReview approves or rejects (with a reason) one document.
func (p *Pages) staffReview(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 || !p.web.ParseForm(w, r) {
		p.web.NotFound(w, r)
		return
	}
	approve := r.PostForm.Get("decision") == "approve"
	reason := fa.Clip(fa.NormalizeInput(r.PostForm.Get("reason")), 500)
	err := p.svc.ReviewDocument(r.Context(), id, m.ID, approve, reason, func(tx *db.Tx) error {
		return p.ids.Audit(r.Context(), tx, identity.AuditRecord{ActorKind: "staff", ActorID: m.ID, Action: "isp_document_review",
			TargetKind: "isp_document", TargetID: id, Detail: map[bool]string{true: "approve", false: "reject: " + reason}[approve]})
	})
	if msg, known := fa.UserMessage(err); known {
		p.web.SetFlash(w, "error", msg)
		web.Redirect(w, r, "/staff/isp")
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", map[bool]string{true: msgDocumentApproved, false: msgDocumentRejected}[approve])
	web.Redirect(w, r, cmp.Or(safeBack(r.PostForm.Get("back")), "/staff/isp"))
}

func safeBack(s string) string {
	if strings.HasPrefix(s, "/staff/isp") && !strings.HasPrefix(s, "//") && !strings.ContainsAny(s, "\\\r\n") {
		return s
	}
	return ""
}

// staffFreeCharge sets the free charge (admin).
func (p *Pages) staffFreeCharge(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	days, err1 := strconv.Atoi(f.Get("free_days"))
	mb, err2 := strconv.ParseInt(f.Get("free_mb"), 10, 64)
	err := p.svc.setFreeCharge(r.Context(), FreeCharge{Days: days, MB: mb}, func(tx *db.Tx) error {
		return p.ids.Audit(r.Context(), tx, identity.AuditRecord{ActorKind: "staff", ActorID: m.ID, Action: "isp_free_charge_set",
			Detail: f.Get("free_days") + " days " + f.Get("free_mb") + " MB"})
	})
	if err1 != nil || err2 != nil || err != nil {
		msg, known := fa.UserMessage(err)
		if err != nil && !known {
			p.web.ServerError(w, r, err)
			return
		}
		f.Fail("free_days", cmp.Or(msg, msgNumbers))
		p.renderStaffHome(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	p.web.SetFlash(w, "success", msgFreeChargeSet)
	web.Redirect(w, r, "/staff/isp")
}

type plansPage struct {
	Plans    []*Plan
	Kinds    map[string]string
	Sessions map[int64]int // simultaneous-use limit by plan (radius_sessions.go)
}

func (p *Pages) staffPlans(w http.ResponseWriter, r *http.Request, _ *identity.StaffMember) {
	p.renderPlans(w, r, http.StatusOK, nil)
}

func (p *Pages) renderPlans(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	var all []*Plan
	for _, k := range []string{PlanService, PlanTraffic, PlanTimed} {
		ps, err := p.svc.Plans(r.Context(), k, true)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		all = append(all, ps...)
	}
	sessions, err := p.svc.AllPlanSessions(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, status, "isp/staff_plans", web.View{Title: titleStaffPlans, Layout: "staff", Form: f, Data: plansPage{Plans: all, Kinds: planKindNames, Sessions: sessions}})
}

// staffSavePlan adds a plan (admin): speed, volume, duration, pre- or
// post-paid, price.
func (p *Pages) staffSavePlan(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	num := func(field string) int64 {
		v, err := strconv.ParseInt(strings.ReplaceAll(f.Get(field), ",", ""), 10, 64)
		if err != nil && f.Get(field) != "" {
			f.Fail(field, msgNumber)
		}
		return v
	}
	pl := &Plan{Kind: f.Get("kind"), Name: f.Get("name"), Description: f.Get("description"), Price: num("price"), Days: int(num("days")),
		TrafficMB: num("traffic_mb"), SpeedKbps: int(num("speed_kbps")), Postpaid: f.Get("postpaid") == "1", Active: true, Position: int(num("position"))}
	if f.Valid() {
		audit := func(tx *db.Tx) error { // reads pl.ID once the insert has set it
			return p.ids.Audit(r.Context(), tx, identity.AuditRecord{ActorKind: "staff", ActorID: m.ID, Action: "isp_plan_added", TargetKind: "isp_plan", TargetID: pl.ID, Detail: pl.Name})
		}
		if err := p.svc.savePlan(r.Context(), pl, audit); err != nil {
			msg, known := fa.UserMessage(err)
			if !known {
				p.web.ServerError(w, r, err)
				return
			}
			f.Fail("name", msg)
		}
	}
	if !f.Valid() {
		p.renderPlans(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	p.web.SetFlash(w, "success", msgPlanSaved)
	web.Redirect(w, r, "/staff/isp/plans")
}

// KindName is a plan kind in Persian.
func (p *Plan) KindName() string { return planKindNames[p.Kind] }

// staffStaticIP assigns a static IP.
func (p *Pages) staffStaticIP(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 || !p.web.ParseForm(w, r) {
		p.web.NotFound(w, r)
		return
	}
	f := web.NewForm(r.PostForm)
	monthly, _ := strconv.ParseInt(strings.ReplaceAll(f.Get("ip_monthly"), ",", ""), 10, 64)
	months, _ := strconv.Atoi(f.Get("ip_months"))
	err := p.svc.AssignStaticIP(r.Context(), id, f.Get("ip"), monthly, months, p.audit(r, m, "isp_static_ip", id, f.Get("ip")))
	if msg, known := fa.UserMessage(err); known {
		f.Fail("ip", msg)
		p.renderStaffSubscriber(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgStaticIPSet)
	web.Redirect(w, r, "/staff/isp/subscribers/"+strconv.FormatInt(id, 10))
}

// staffUpdateLine corrects a line's details or resets its internet
// password.
func (p *Pages) staffUpdateLine(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 || !p.web.ParseForm(w, r) {
		p.web.NotFound(w, r)
		return
	}
	f := web.NewForm(r.PostForm)
	d := LineDetails{Phone: f.Get("phone"), City: f.Get("city"), Centre: f.Get("centre"), RouteIP: f.Get("route_ip"), Password: r.PostForm.Get("password")}
	detail := "details"
	if d.Password != "" {
		detail = "details and internet password"
	}
	err := p.svc.UpdateLine(r.Context(), id, d, p.audit(r, m, "isp_line_updated", id, detail))
	if msg, known := fa.UserMessage(err); known {
		field := "phone"
		switch {
		case errors.Is(err, ErrPasswordFormat):
			field = "password"
		case errors.Is(err, errRouteIP):
			field = "route_ip"
		}
		f.Fail(field, msg)
		f.Values.Del("password")
		p.renderStaffSubscriber(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgLineDetailsSet)
	web.Redirect(w, r, "/staff/isp/subscribers/"+strconv.FormatInt(id, 10))
}

// staffRunCampaigns bills last month and charges this month's campaign
// traffic now, instead of waiting for the hourly sweep (idempotent).
func (p *Pages) staffRunCampaigns(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	n, err := p.svc.BillAndCharge(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	// The run is many transactions (a line each) and idempotent: its
	// record comes after, and if it cannot be written the admin is told
	// and may run it again, which charges nothing twice and records it.
	if err := p.ids.Audit(r.Context(), p.svc.db, identity.AuditRecord{ActorKind: "staff", ActorID: m.ID, Action: "isp_campaigns_run", Detail: strconv.Itoa(n) + " lines charged"}); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgCampaignsRun(n))
	web.Redirect(w, r, "/staff/isp/plans")
}
