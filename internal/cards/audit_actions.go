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

// registerAuditActions names the area's actions for the staff audit log
// (identity knows no area).
func registerAuditActions() {
	for _, a := range auditActions {
		identity.RegisterAuditAction(a[0], a[1])
	}
}
