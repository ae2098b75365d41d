package welfare

import "pishkhan/internal/identity"

// auditActions are this area's audit actions and their Persian labels,
// in the order the staff audit log's filter offers them.
var auditActions = [][2]string{
	{ActionFinanceDecision, "تصمیم امور مالی منطقه درباره درخواست توانا کارت"},
	{ActionWithdraw, "انصراف متقاضی از درخواست توانا کارت"},
	{ActionEmployeesImport, "ورود فایل کارکنان مناطق"},
	{ActionSettlement, "ثبت فایل تسویه کسورات"},
	{ActionUnmatchedResolve, "بررسی ردیف نامنطبق تسویه"},
	{ActionMobileChange, "تغییر موبایل کارمند"},
	{ActionMerchantPropose, "معرفی فروشگاه توانا"},
	{ActionMerchantDecide, "تصمیم درباره قرارداد فروشگاه توانا"},
}

// RoleManager is the region's welfare manager: keeps employees up to date
// and proposes stores. The role is the area's, registered with identity.
const RoleManager = "welfare_manager"

// roles are the area's staff roles and their Persian labels.
var roles = [][2]string{{RoleManager, "مدیر رفاهی"}}

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
