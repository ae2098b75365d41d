package identity

import (
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

// --- sign-in ---

func (p *Pages) staffLoginForm(w http.ResponseWriter, r *http.Request) {
	if sess := p.web.Session(r); sess != nil && sess.Kind == KindStaff {
		web.Redirect(w, r, "/staff")
		return
	}
	p.web.Render(w, r, http.StatusOK, "identity/staff_login", web.View{Title: titleStaffLogin, Layout: "staff",
		Data: loginPage{Next: staffPath(r.URL.Query().Get("next"))}})
}

func (p *Pages) staffLogin(w http.ResponseWriter, r *http.Request) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	f.Values.Del("password")
	password := r.PostFormValue("password")
	page := loginPage{Next: staffPath(f.Get("next"))}
	res, err := p.svc.SignInStaff(r.Context(), f.MaxLength("username", labelUsername, 64), password, p.web.ClientIP(r), r.UserAgent())
	if err != nil {
		msg, ok := showError(f, err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		page.Error = msg
		status := http.StatusUnauthorized
		if errors.Is(err, ErrAddressLocked) || errors.Is(err, ErrAccountLocked) {
			status = http.StatusTooManyRequests
		}
		p.web.Render(w, r, status, "identity/staff_login", web.View{Title: titleStaffLogin, Layout: "staff", Form: f, Data: page})
		return
	}
	stage := StagePassword
	if !res.MustChangePassword {
		if stage, err = p.svc.staffStageAfterPassword(r.Context(), res.SubjectID); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	if _, err := p.web.SignIn(w, r, KindStaff, res.SubjectID, stage); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if stage != "" {
		web.Redirect(w, r, p.web.StageHome[KindStaff+":"+stage])
		return
	}
	web.Redirect(w, r, staffPath(page.Next))
}

// staffPath accepts only a back-office path for ?next= after staff sign-in.
func staffPath(next string) string {
	if p := localPath(next, ""); p == "/staff" || strings.HasPrefix(p, "/staff/") {
		return p
	}
	return "/staff"
}

// --- home ---

type staffHomePage struct {
	Roles []string
	Links []web.MenuItem
}

func (p *Pages) staffHome(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	roles := make([]string, len(m.Roles))
	for i, role := range m.Roles {
		roles[i] = RoleLabel(role)
	}
	p.web.Render(w, r, http.StatusOK, "identity/staff_home", web.View{Title: titleStaffHome, Layout: "staff",
		Data: staffHomePage{Roles: roles, Links: p.web.Menu.For(r, "staff")}})
}

// --- customers ---

type customersPage struct {
	Query                string
	Searched             bool
	Results              []*Customer
	CanCreate, CanUnlock bool
}

// staffCustomers searches by whatever was typed: a national code, a
// mobile number, a card customer ID or a name.
func (p *Pages) staffCustomers(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	q := fa.NormalizeInput(r.URL.Query().Get("q"))
	if len([]rune(q)) > 64 {
		q = string([]rune(q)[:64])
	}
	page := customersPage{Query: q, CanCreate: true, CanUnlock: true}
	if q != "" {
		page.Searched = true
		var filter CustomerFilter
		switch {
		case isNationalCode(q):
			filter.NationalCode = q
		case isMobile(q):
			filter.Mobile = q
		case isAreaIdentifier(q):
			filter.Identifier = q
		default:
			filter.Name = q
		}
		filter.Limit = 50
		results, _, err := p.svc.SearchCustomers(r.Context(), filter)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		page.Results = results
	}
	p.web.Render(w, r, http.StatusOK, "identity/staff_customers", web.View{Title: titleCustomers, Layout: "staff", Data: page})
}

func isNationalCode(s string) bool {
	_, err := fa.ParseNationalCode(s)
	return err == nil && len(s) == 10
}
func isMobile(s string) bool { _, err := fa.ParseMobile(s); return err == nil }
func isAreaIdentifier(s string) bool {
	for _, k := range identifierKinds() {
		if _, err := k.Parse(s); err == nil {
			return true
		}
	}
	return false
}

type newCustomerField struct {
	Name, Label   string
	Max           int
	LTR, Required bool
}

var newCustomerFields = []newCustomerField{
	{"national_code", labelNationalCode, 20, true, true},
	{"first_name", labelFirstName, 60, false, true},
	{"last_name", labelLastName, 60, false, true},
	{"father_name", labelFatherName, 60, false, false},
	{"birth_date", labelBirthDateExample, 12, true, false},
	{"mobile", labelMobile, 20, true, false},
	{"username", labelUsernameOptional, 32, true, false},
}

func (p *Pages) staffNewCustomerForm(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	p.web.Render(w, r, http.StatusOK, "identity/staff_customer_new", web.View{Title: titleNewCustomer, Layout: "staff",
		Data: struct{ Fields []newCustomerField }{newCustomerFields}})
}

func (p *Pages) staffNewCustomer(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	for _, fld := range newCustomerFields {
		if fld.Required {
			f.Required(fld.Name, fld.Label)
		}
		f.MaxLength(fld.Name, fld.Label, fld.Max)
	}
	if f.Valid() {
		c, err := p.svc.CreateCustomer(r.Context(), p.actor(r, m), NewCustomer{
			NationalCode: f.Get("national_code"), FirstName: f.Get("first_name"), LastName: f.Get("last_name"),
			FatherName: f.Get("father_name"), BirthDate: f.Get("birth_date"), Mobile: f.Get("mobile"), Username: f.Get("username"),
			RandomPassword: f.Get("random_password") == "1" || p.svc.opts.RandomInitialPasswords,
		})
		if err == nil {
			msg := msgCustomerCreated
			if f.Get("random_password") == "1" || p.svc.opts.RandomInitialPasswords {
				msg = msgCustomerCreatedSMS
			}
			p.web.SetFlash(w, "success", msg)
			web.Redirect(w, r, "/staff/customers/"+strconv.FormatInt(c.ID, 10))
			return
		}
		msg, ok := showError(f, err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		if msg != "" {
			f.Fail("national_code", msg)
		}
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "identity/staff_customer_new", web.View{Title: titleNewCustomer, Layout: "staff", Form: f,
		Data: struct{ Fields []newCustomerField }{newCustomerFields}})
}

type identifierRow struct{ Label, Value string }

type customerPage struct {
	EditFields    []newCustomerField
	Customer      *Customer
	Identifiers   []identifierRow
	PasswordState string
	Locked        string
	Events        []SignInEvent
	Questions     []Question
}

// identifierLabel names an identifier kind, an area's by its registration.
func identifierLabel(kind string) string {
	if l, ok := identifierLabels[kind]; ok {
		return l
	}
	if k, ok := areaIdentifier(kind); ok {
		return k.Label
	}
	return ""
}

func (p *Pages) customerFromPath(w http.ResponseWriter, r *http.Request) (*Customer, bool) {
	id := web.PathID(r, "id")
	if id == 0 {
		p.web.NotFound(w, r)
		return nil, false
	}
	c, err := p.svc.Customer(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, false
	}
	return c, true
}

func (p *Pages) staffCustomer(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	c, ok := p.customerFromPath(w, r)
	if !ok {
		return
	}
	p.renderStaffCustomer(w, r, http.StatusOK, c, web.NewForm(url.Values{
		"national_code": {c.NationalCode}, "first_name": {c.FirstName}, "last_name": {c.LastName}, "father_name": {c.FatherName},
		"birth_date": {c.BirthDate}, "mobile": {c.Mobile}, "username": {c.Username},
	}))
}

// staffEditCustomer changes what only staff may change: name, national
// code, mobile, username (each change audited by the service).
func (p *Pages) staffEditCustomer(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	c, ok := p.customerFromPath(w, r)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	for _, fld := range newCustomerFields {
		if fld.Required {
			f.Required(fld.Name, fld.Label)
		}
		f.MaxLength(fld.Name, fld.Label, fld.Max)
	}
	if f.Valid() {
		_, err := p.svc.UpdateCustomer(r.Context(), p.actor(r, m), c.ID, StaffCustomerUpdate{
			NationalCode: f.Get("national_code"), FirstName: f.Get("first_name"), LastName: f.Get("last_name"),
			FatherName: f.Get("father_name"), Gender: c.Gender, Mobile: f.Get("mobile"), Username: f.Get("username"), BirthDate: f.Get("birth_date"),
		})
		if err == nil {
			p.web.SetFlash(w, "success", web.MsgDone)
			web.Redirect(w, r, "/staff/customers/"+strconv.FormatInt(c.ID, 10))
			return
		}
		msg, ok := showError(f, err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		if msg != "" {
			f.Fail("national_code", msg)
		}
	}
	p.renderStaffCustomer(w, r, http.StatusUnprocessableEntity, c, f)
}

func (p *Pages) renderStaffCustomer(w http.ResponseWriter, r *http.Request, status int, c *Customer, f *web.Form) {
	page := customerPage{Customer: c, EditFields: newCustomerFields}
	// Staff verify a caller against the questions this customer answered.
	answered, err := p.svc.AnsweredQuestions(r.Context(), c.ID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	for _, id := range answered {
		page.Questions = append(page.Questions, Question{ID: id, Text: QuestionText(id)})
	}
	ids, err := p.svc.Identifiers(r.Context(), c.ID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	for _, id := range ids {
		label := identifierLabel(id[0])
		if label == "" {
			label = id[0]
		}
		page.Identifiers = append(page.Identifiers, identifierRow{label, id[1]})
	}
	state, err := p.svc.CustomerPasswordState(r.Context(), c.ID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	switch {
	case state.MustChange && state.ExpiresAt != nil && !p.web.Now().Before(*state.ExpiresAt):
		page.PasswordState = msgInitialPasswordGone
	case state.MustChange:
		page.PasswordState = msgInitialPasswordState
	default:
		page.PasswordState = msgPasswordChangedAt(fa.FormatDateTime(state.ChangedAt))
	}
	if state.Locked != nil && p.web.Now().Before(*state.Locked) {
		page.Locked = msgLockedUntil(fa.FormatDateTime(*state.Locked))
	}
	if page.Events, _, err = p.svc.SignInEvents(r.Context(), KindCustomer, c.ID, 0, 30); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, status, "identity/staff_customer", web.View{Title: c.FullName(), Layout: "staff", Form: f, Data: page})
}

func (p *Pages) staffUnlockCustomer(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	c, ok := p.customerFromPath(w, r)
	if !ok {
		return
	}
	if err := p.svc.UnlockCustomer(r.Context(), p.actor(r, m), c.ID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgAccountUnlocked)
	web.Redirect(w, r, "/staff/customers/"+strconv.FormatInt(c.ID, 10))
}

func (p *Pages) staffResetPassword(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	c, ok := p.customerFromPath(w, r)
	if !ok {
		return
	}
	if err := p.svc.ResetPassword(r.Context(), p.actor(r, m), c.ID); err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgResetToNationalCode)
	web.Redirect(w, r, "/staff/customers/"+strconv.FormatInt(c.ID, 10))
}

func (p *Pages) staffVerifyAnswer(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	c, ok := p.customerFromPath(w, r)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	qid, ok := web.Int(r.PostFormValue("question"))
	if !ok {
		p.web.SetFlash(w, "error", msgPickSecurityQuestion)
		web.Redirect(w, r, "/staff/customers/"+strconv.FormatInt(c.ID, 10))
		return
	}
	right, err := p.svc.VerifySecurityAnswer(r.Context(), p.actor(r, m), c.ID, qid, r.PostFormValue("answer"))
	switch {
	case err != nil:
		msg, ok := showError(web.NewForm(nil), err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		p.web.SetFlash(w, "error", msg)
	case right:
		p.web.SetFlash(w, "success", msgAnswerRight)
	default:
		p.web.SetFlash(w, "error", msgAnswerWrong)
	}
	web.Redirect(w, r, "/staff/customers/"+strconv.FormatInt(c.ID, 10))
}

func (p *Pages) staffUnlockAddress(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	ip := strings.TrimSpace(fa.LatinDigits(r.PostFormValue("address")))
	addr, perr := netip.ParseAddr(ip)
	if perr != nil {
		p.web.SetFlash(w, "error", msgBadIP)
		web.Redirect(w, r, "/staff/customers")
		return
	}
	ip = addr.Unmap().String()
	left, err := p.svc.AddressLocked(r.Context(), ip)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	staffLeft, err := p.svc.StaffAddressLocked(r.Context(), ip)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if left <= 0 && staffLeft <= 0 {
		p.web.SetFlash(w, "info", msgAddressNotLocked(ip))
		web.Redirect(w, r, "/staff/customers")
		return
	}
	if err := p.svc.UnlockAddress(r.Context(), p.actor(r, m), ip); err != nil {
		msg, ok := showError(web.NewForm(nil), err)
		if !ok {
			p.web.ServerError(w, r, err)
			return
		}
		p.web.SetFlash(w, "error", msg)
	} else {
		p.web.SetFlash(w, "success", msgAddressUnlocked(ip))
	}
	web.Redirect(w, r, "/staff/customers")
}

// --- SMS log and audit log ---

type labelled struct{ Value, Label string }

type smsRow struct {
	notify.OutboxMessage
	StatusLabel string
}

type smsPage struct {
	Mobile, Status, Error string
	Statuses              []labelled
	Messages              []smsRow
	Pager                 web.Pager
}

func (p *Pages) staffSMS(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	q := r.URL.Query()
	page := smsPage{Mobile: fa.NormalizeInput(q.Get("mobile")), Status: q.Get("status")}
	for _, st := range []string{notify.StatusQueued, notify.StatusSent, notify.StatusKept, notify.StatusFailed} {
		page.Statuses = append(page.Statuses, labelled{st, notify.StatusLabel(st)})
	}
	filter := notify.Filter{}
	if page.Mobile != "" {
		mobile, err := fa.ParseMobile(page.Mobile)
		if err != nil {
			page.Error = msgMobileInvalid
		}
		filter.Mobile = mobile
	}
	for _, st := range page.Statuses {
		if st.Value == page.Status {
			filter.Status = page.Status
		}
	}
	msgs, pager, err := web.PageOf(r, func(offset, limit int) ([]notify.OutboxMessage, int, error) {
		filter.Offset, filter.Limit = offset, limit
		return p.sms.List(r.Context(), filter)
	})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.Pager = pager
	for _, msg := range msgs {
		page.Messages = append(page.Messages, smsRow{msg, notify.StatusLabel(msg.Status)})
	}
	p.web.Render(w, r, http.StatusOK, "identity/staff_sms", web.View{Title: titleSMSLog, Layout: "staff", Data: page})
}

type auditRow struct {
	AuditEntry
	Actor, ActionLabel, Target string
}

type auditPage struct {
	Action, IP string
	Actions    []labelled
	Entries    []auditRow
	Pager      web.Pager
}

func (p *Pages) staffAudit(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	q := r.URL.Query()
	page := auditPage{Action: q.Get("action"), IP: strings.TrimSpace(fa.LatinDigits(q.Get("ip")))}
	for _, a := range allAuditActions() {
		page.Actions = append(page.Actions, labelled{a, ActionLabel(a)})
	}
	filter := AuditFilter{IP: page.IP}
	for _, a := range allAuditActions() {
		if a == page.Action {
			filter.Action = a
		}
	}
	entries, pager, err := web.PageOf(r, func(offset, limit int) ([]AuditEntry, int, error) {
		filter.Offset, filter.Limit = offset, limit
		return p.svc.AuditLog(r.Context(), filter)
	})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.Pager = pager
	for _, e := range entries {
		page.Entries = append(page.Entries, auditRow{AuditEntry: e, Actor: describeParty(e.ActorKind, e.ActorID), ActionLabel: ActionLabel(e.Action), Target: describeParty(e.TargetKind, e.TargetID)})
	}
	p.web.Render(w, r, http.StatusOK, "identity/staff_audit", web.View{Title: titleAudit, Layout: "staff", Data: page})
}

func describeParty(kind string, id int64) string {
	switch kind {
	case KindCustomer:
		return partyCustomer + " " + fa.Digits(strconv.FormatInt(id, 10))
	case KindStaff:
		return partyStaff + " " + fa.Digits(strconv.FormatInt(id, 10))
	case "", "anonymous":
		if id == 0 {
			return partyAnonymous
		}
	case "system":
		return partySystem
	}
	return kind + " " + fa.Digits(strconv.FormatInt(id, 10))
}
