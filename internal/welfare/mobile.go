package welfare

import (
	"context"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// ChangeMobile records an employee's new mobile number. The guide: the
// employee tells their organisation's welfare unit, which tells Tavana
// support, and only support changes it; then the app's sign-in uses the
// new number. So this is for support staff only, with the welfare unit's
// request (a letter number or note) kept in the audit log. The customer's
// sign-in identifier moves with it (identity.UpdateCustomer, itself
// audited).
func (s *Service) ChangeMobile(ctx context.Context, by *identity.StaffMember, ip string, employeeID int64, mobile, request string) error {
	if by == nil || !by.HasRole(identity.RoleSupport) {
		return errSupportOnly
	}
	m, err := fa.ParseMobile(mobile)
	if err != nil {
		return ErrMobile
	}
	request = strings.TrimSpace(fa.NormalizeInput(request))
	if request == "" || len([]rune(request)) > 200 {
		return errMobileRequest
	}
	e, err := s.Employee(ctx, employeeID)
	if err != nil {
		return err
	}
	if e.Mobile == m {
		return errSameMobile
	}
	c, err := s.ids.Customer(ctx, e.CustomerID)
	if err != nil {
		return err
	}
	if _, err := s.ids.UpdateCustomer(ctx, identity.Actor{StaffID: by.ID, IP: ip}, c.ID, identity.StaffCustomerUpdate{
		NationalCode: c.NationalCode, FirstName: c.FirstName, LastName: c.LastName, FatherName: c.FatherName,
		Gender: c.Gender, Mobile: m, Username: c.Username,
	}); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE welfare_employees SET mobile = $1, updated_at = $2 WHERE id = $3", m, s.now(), e.ID); err != nil {
			return wrap("change mobile", err)
		}
		return s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: by.ID, IP: ip, Action: ActionMobileChange,
			TargetKind: identity.KindCustomer, TargetID: e.CustomerID,
			Detail: auditMobileChanged(fa.MaskMobile(e.Mobile), fa.MaskMobile(m), request)})
	})
}
