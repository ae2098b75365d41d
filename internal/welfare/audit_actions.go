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

// registerAuditActions names the area's actions for the staff audit log
// (identity knows no area).
func registerAuditActions() {
	for _, a := range auditActions {
		identity.RegisterAuditAction(a[0], a[1])
	}
}
