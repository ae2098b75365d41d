package welfare

import (
	"context"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// ErrNotWithdrawable: only a pending application may be withdrawn.
var ErrNotWithdrawable = fa.Refusal(domain, "not_withdrawable", msgNotWithdrawable)

// ErrWithdrawn is what the guarantor or finance are told when they
// decide on an application its applicant has withdrawn.
var ErrWithdrawn = fa.Refusal(domain, "withdrawn", msgWithdrawn)

// Withdraw is the applicant's «انصراف از درخواست»: a pending application
// (waiting for the guarantor or the region's finance) is closed, the
// guarantee it took is freed, the applicant and the guarantor are told by
// SMS and the withdrawal is audited. The applicant may apply again. The
// update is conditional on the pending status, so a decision taken at the
// same moment wins or loses whole.
func (s *Service) Withdraw(ctx context.Context, customerID, applicationID int64, ip string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.application(ctx, tx, applicationID)
		if err != nil {
			return err
		}
		if a.CustomerID != customerID {
			return ErrNotFound
		}
		now := s.now()
		res, err := tx.Exec(ctx, `UPDATE welfare_applications SET status = $1, is_open = 0, updated_at = $2
			WHERE id = $3 AND status IN ($4, $5)`, StatusWithdrawn, now, a.ID, StatusGuarantorPending, StatusFinancePending)
		if err != nil {
			return wrap("withdraw", err)
		}
		if res.RowsAffected != 1 {
			return ErrNotWithdrawable
		}
		if err := s.releaseGuarantee(ctx, tx, a.GuarantorID); err != nil {
			return err
		}
		if err := s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindCustomer, ActorID: customerID, IP: ip, Action: ActionWithdraw,
			TargetKind: "welfare_application", TargetID: a.ID,
			Detail: auditWithdrawal(a.ID, statusName(a.Status), a.Guarantor.FullName())}); err != nil {
			return err
		}
		if err := s.tell(ctx, tx, &a.Applicant, smsWithdrawn, textWithdrawn); err != nil {
			return err
		}
		return s.tell(ctx, tx, &a.Guarantor, msgApplicantWithdrew, textGuarantorWithdrawn(a.Applicant.FullName()))
	})
}

// withdrawnOr is ErrWithdrawn for a decision on a withdrawn application,
// otherwise err.
func withdrawnOr(a *Application, err error) error {
	if a.Status == StatusWithdrawn {
		return ErrWithdrawn
	}
	return err
}

// RecentlyWithdrawn lists the applications withdrawn in the given regions
// (nil: every region), newest first, so finance sees why one left its
// desk.
func (s *Service) RecentlyWithdrawn(ctx context.Context, regions []int64) ([]Application, error) {
	list, err := s.applications(ctx, s.db, "a.status = $1 ORDER BY a.updated_at DESC, a.id DESC LIMIT 200", StatusWithdrawn)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, a := range list {
		if inRegions(regions, a.Applicant.RegionID) && len(out) < 20 {
			out = append(out, a)
		}
	}
	return out, nil
}
