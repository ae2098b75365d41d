package welfare

import "pishkhan/internal/identity"

// RoleManager is the region's welfare manager: keeps employees up to date
// and proposes stores. The role is the area's, registered with identity.
const RoleManager = "welfare_manager"

// registerAuditActions names the area's actions for the staff audit log
// and its roles for staff accounts (identity knows no area).
func registerAuditActions() {
	for _, a := range auditActions {
		identity.RegisterAuditAction(a[0], a[1])
	}
	for _, r := range roles {
		identity.RegisterRole(r[0], r[1])
	}
}
