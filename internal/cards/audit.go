package cards

import (
	"context"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

// Staff actions on accounts, cards and purchases, and the holder's lost
// report, go into identity's audit log, written with the action's own
// transaction so an entry exists exactly when the change does. The target
// is the customer the action concerns; the card, account or purchase is in
// the Persian detail.

type staffKey struct{}

// WithStaff returns ctx carrying the staff member acting, for the audit
// entries of service methods that take no staff ID (IssueAccount,
// IssueCard, SetLimit, Block, Unblock, Replace, a "staff" Purchase). The
// staff pages set it; other callers (the demo seed, tests) leave it and
// the entries show actor 0.
func WithStaff(ctx context.Context, staffID int64) context.Context {
	return context.WithValue(ctx, staffKey{}, staffID)
}

func staffOf(ctx context.Context) int64 {
	id, _ := ctx.Value(staffKey{}).(int64)
	return id
}

// auditStaff writes a staff action on customerID's cards.
func (s *Service) auditStaff(ctx context.Context, q db.Querier, staffID int64, action string, customerID int64, detail string) error {
	return s.ids.Audit(ctx, q, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: staffID, Action: action,
		TargetKind: identity.KindCustomer, TargetID: customerID, Detail: detail})
}
