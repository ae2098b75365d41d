package cards

import "pishkhan/internal/identity"

// The area's audit actions: staff actions on accounts, cards and
// purchases, and the holder's own (a lost report, «رمز دوم» changes).
const (
	ActionAccountIssue   = "card_account_issue"
	ActionIssue          = "card_issue"
	ActionBlock          = "card_block"
	ActionUnblock        = "card_unblock"
	ActionReplace        = "card_replace"
	ActionLimit          = "card_limit"
	ActionPurchase       = "card_purchase"
	ActionReverse        = "card_reverse"
	ActionLost           = "card_lost"
	ActionSecondPassword = "card_second_password"
	// ActionPasswordSetting: the holder's second-password settings
	// (issue 7).
	ActionPasswordSetting = "card_password_setting"
)

// auditActions are the area's actions and their Persian labels, in the
// order the staff audit log's filter offers them.
var auditActions = [][2]string{
	{ActionAccountIssue, "افتتاح حساب کارت"},
	{ActionIssue, "صدور کارت"},
	{ActionBlock, "مسدود کردن کارت"},
	{ActionUnblock, "رفع مسدودی کارت"},
	{ActionReplace, "صدور کارت جایگزین"},
	{ActionLimit, "تغییر سقف اعتبار"},
	{ActionPurchase, "ثبت خرید توسط کارمند"},
	{ActionReverse, "برگشت خرید"},
	{ActionLost, "اعلام مفقودی کارت"},
	{ActionSecondPassword, "تغییر رمز دوم"},
	{ActionPasswordSetting, "تنظیمات رمز دوم"},
}

// registerAuditActions names the area's actions for the staff audit log
// (identity knows no area).
func registerAuditActions() {
	for _, a := range auditActions {
		identity.RegisterAuditAction(a[0], a[1])
	}
}
