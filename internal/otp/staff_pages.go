package otp

import (
	"errors"
	"net/http"
	"net/url"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type staffPage struct {
	Query        string
	Error        string
	Customer     *identity.Customer
	Confirmation *MobileConfirmation
	HasDevice    bool
	// StaffDevices: for admins, every staff member's two-factor state.
	StaffDevices []staffDeviceRow
}

type staffDeviceRow struct {
	*identity.StaffMember
	Enrolled bool
}

// staffDesk finds a customer by national code and shows their confirmed
// mobile, their authenticator and the forms to act on them.
func (p *Pages) staffDesk(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	p.render(w, r, http.StatusOK, fa.NormalizeInput(r.URL.Query().Get("q")), nil, nil)
}

func (p *Pages) render(w http.ResponseWriter, r *http.Request, status int, q string, c *identity.Customer, f *web.Form) {
	ctx := r.Context()
	page := staffPage{Query: q}
	if c == nil && q != "" {
		found, _, err := p.ids.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: q, Limit: 1})
		switch {
		case err != nil:
			page.Error = web.UserMessage(err)
		case len(found) == 0:
			page.Error = web.MsgNoCustomerWithCode
		default:
			c = found[0]
		}
	}
	if c != nil {
		page.Customer, page.Query = c, c.NationalCode
		conf, err := p.svc.MobileConfirmation(ctx, c.ID)
		if err != nil && !errors.Is(err, ErrNoMobile) {
			p.web.ServerError(w, r, err)
			return
		}
		page.Confirmation = conf
		if page.HasDevice, err = p.svc.HasDevice(ctx, c.ID); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	if m := identity.CurrentStaff(p.web, p.ids, r); m != nil && m.HasRole(identity.RoleAdmin) {
		list, err := p.ids.ListStaff(ctx)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		for _, st := range list {
			enrolled, err := p.svc.StaffEnrolled(ctx, st.ID)
			if err != nil {
				p.web.ServerError(w, r, err)
				return
			}
			page.StaffDevices = append(page.StaffDevices, staffDeviceRow{StaffMember: st, Enrolled: enrolled})
		}
	}
	p.web.Render(w, r, status, "otp/staff_otp", web.View{Title: titleArea, Layout: "staff", Form: f, Data: page})
}

// pathCustomer is the customer named by the path, or nil.
func (p *Pages) pathCustomer(r *http.Request) *identity.Customer {
	id := web.PathID(r, "personID")
	if id == 0 {
		return nil
	}
	c, err := p.ids.Customer(r.Context(), id)
	if err != nil {
		return nil
	}
	return c
}

func (p *Pages) back(w http.ResponseWriter, r *http.Request, c *identity.Customer) {
	web.Redirect(w, r, "/staff/otp?q="+url.QueryEscape(c.NationalCode))
}

// staffConfirmMobile is the «فرم تایید شماره تلفن همراه»: the number, the
// identity check performed and the box that says it was done in person.
func (p *Pages) staffConfirmMobile(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	c := p.pathCustomer(r)
	if c == nil {
		p.web.NotFound(w, r)
		return
	}
	f := web.NewForm(r.PostForm)
	mobile := f.Required("mobile", web.MsgMobileLabel)
	check := f.Required("identity_check", labelIdentityCheck)
	if f.Get("in_person") != "1" {
		f.Fail("in_person", msgConfirmInPerson)
	}
	if f.Valid() {
		err := p.svc.ConfirmMobile(r.Context(), c.ID, mobile, m.ID, check)
		var oe *fa.Error
		switch {
		case err == nil:
			p.web.SetFlash(w, "success", msgMobileConfirmed(mobile))
			p.back(w, r, c)
			return
		case errors.Is(err, ErrMobileInvalid):
			f.Fail("mobile", ErrMobileInvalid.Message)
		case errors.Is(err, ErrCheckRequired) && errors.As(err, &oe):
			f.Fail("identity_check", oe.Message)
		case errors.As(err, &oe):
			f.Fail("mobile", oe.Message)
		default:
			p.web.ServerError(w, r, err)
			return
		}
	}
	p.render(w, r, http.StatusUnprocessableEntity, "", c, f)
}

// staffDisableDevice disables a lost phone's authenticator («غیرفعال کردن
// برنامک رمزساز»), with a reason.
func (p *Pages) staffDisableDevice(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	c := p.pathCustomer(r)
	if c == nil {
		p.web.NotFound(w, r)
		return
	}
	err := p.svc.StaffDisableDevice(r.Context(), c.ID, m.ID, r.PostForm.Get("reason"))
	var oe *fa.Error
	switch {
	case err == nil:
		p.web.SetFlash(w, "success", msgCustomerDeviceOff)
	case errors.As(err, &oe):
		p.web.SetFlash(w, "error", oe.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	p.back(w, r, c)
}

// staffResetDevice is an admin resetting a colleague's authenticator
// (lost phone): their next sign-in enrols a new one. An admin who lost
// their own phone is reset by another admin or the command line
// («pishkhan staff reset-authenticator»).
func (p *Pages) staffResetDevice(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	id := web.PathID(r, "staffID")
	if id == 0 {
		p.web.NotFound(w, r)
		return
	}
	target, err := p.ids.Staff(r.Context(), id)
	if err != nil {
		p.web.NotFound(w, r)
		return
	}
	var oe *fa.Error
	switch err := p.svc.ResetStaffDevice(r.Context(), target.ID, m.ID, r.PostForm.Get("reason")); {
	case err == nil:
		p.web.SetFlash(w, "success", msgStaffDeviceReset(target.FullName))
	case errors.As(err, &oe):
		p.web.SetFlash(w, "error", oe.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/staff/otp#staff-devices")
}
