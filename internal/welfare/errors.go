package welfare

import (
	"fmt"
	"strings"
	"time"

	"pishkhan/internal/fa"
)

// domain is the Domain of welfare's refusals (*fa.Error): a refusal is a
// code for programs (the merchants' API answers with it) and a Persian
// message (from messages.go) for people, with the form field it belongs
// next to ("" for the whole form). Internal failures are plain wrapped
// errors instead.
const domain = "welfare"

var (
	ErrNotFound          = fa.Refusal(domain, "not_found", msgNotFound)
	ErrNotEmployee       = fa.Refusal(domain, "not_employee", msgNotEmployee)
	ErrOpenApplication   = fa.Refusal(domain, "open_application", msgOpenApplication)
	ErrInstallments      = fa.Refusal(domain, "installments", msgInstallments).OnField("installments")
	ErrNoGuarantor       = fa.Refusal(domain, "no_guarantor", msgNoGuarantor).OnField("guarantor")
	ErrSelfGuarantor     = fa.Refusal(domain, "self_guarantor", msgSelfGuarantor).OnField("guarantor")
	ErrNotPending        = fa.Refusal(domain, "not_pending", msgNotPending)
	ErrNoReason          = fa.Refusal(domain, "no_reason", msgNoReason).OnField("reason")
	ErrNoAccount         = fa.Refusal(domain, "no_account", msgNoAccount).OnField("customer")
	ErrNotOpen           = fa.Refusal(domain, "not_open", msgNotOpen)
	ErrAmount            = fa.Refusal(domain, "amount", msgAmount).OnField("amount")
	ErrOverCeiling       = fa.Refusal(domain, "over_ceiling", msgOverCeiling).OnField("installments")
	ErrOverMonthly       = fa.Refusal(domain, "over_monthly", msgOverMonthly).OnField("amount")
	ErrOverPower         = fa.Refusal(domain, "over_power", msgOverPower).OnField("amount")
	ErrOpenPurchase      = fa.Refusal(domain, "open_purchase", msgOpenPurchase)
	ErrWrongCode         = fa.Refusal(domain, "wrong_code", msgWrongCode).OnField("code")
	ErrCodeExpired       = fa.Refusal(domain, "code_expired", msgCodeExpired).OnField("code")
	ErrPurchaseDone      = fa.Refusal(domain, "purchase_done", msgPurchaseDone)
	ErrMerchantNotActive = fa.Refusal(domain, "merchant_not_active", msgMerchantNotActive)
	ErrNotMerchantStaff  = fa.Refusal(domain, "not_merchant_staff", msgNotMerchantStaff)
	ErrNotYourRegion     = fa.Refusal(domain, "not_your_region", msgNotYourRegion)
	ErrMobile            = fa.Refusal(domain, "mobile", fa.MsgMobile).OnField("mobile")
	ErrMonth             = fa.Refusal(domain, "month", msgMonth).OnField("month")
	ErrFileFormat        = fa.Refusal(domain, "file_format", msgFileFormat).OnField("file")
	ErrAlreadyImported   = fa.Refusal(domain, "already_imported", msgAlreadyImported).OnField("file")

	// ErrGuarantor is a named colleague who fails guarantor rules; the
	// refusal (guarantorRefused) lists them in Problems and says them all.
	ErrGuarantor = fa.Refusal(domain, "guarantor", msgGuarantorRules).OnField("guarantor")

	// ErrCodeCooldown is a purchase whose code could not be sent because
	// the customer was sent a purchase code less than the cool-down ago
	// (by this store or another). The purchase exists, pending: the store
	// asks for the code again with /resend after RetryAfter
	// (codeCooldown names the purchase and the wait).
	ErrCodeCooldown = fa.Refusal(domain, CodeCooldown, msgCodeCooldownSent)

	// The refusals of single checks.
	errReasonLong     = fa.Refusal(domain, "reason_long", msgReasonLong).OnField("reason")
	errNoteLong       = fa.Refusal(domain, "note_long", msgNoteLong).OnField("note")
	errCustomerKey    = fa.Refusal(domain, "customer", msgCustomerKey).OnField("customer")
	errIdempotencyKey = fa.Refusal(domain, "idempotency_key", msgIdempotencyKey).OnField("idempotency_key")
	errNoCode         = fa.Refusal(domain, "code", msgNoCode).OnField("code")
	errSupportOnly    = fa.Refusal(domain, "forbidden", msgMobileBySupport)
	errMobileRequest  = fa.Refusal(domain, "request", msgMobileRequest).OnField("request")
	errSameMobile     = fa.Refusal(domain, "same_mobile", msgSameMobile).OnField("mobile")
	errMonthSchedule  = fa.Refusal(domain, "over_month_schedule", msgMonthScheduleAdvice).OnField("amount")
)

// CodeCooldown is ErrCodeCooldown's code for programs.
const CodeCooldown = "code_cooldown"

// guarantorRefused is ErrGuarantor naming every rule the colleague fails.
func guarantorRefused(problems ...string) error {
	return ErrGuarantor.Listing(problems).Saying(strings.Join(problems, " "))
}

// codeCooldown is ErrCodeCooldown for purchase id, to be asked again
// after wait; cause is otp's refusal (the log names the purchase too).
func codeCooldown(id int64, wait time.Duration, cause error) error {
	return ErrCodeCooldown.Saying(msgCodeCooldown(id, retrySeconds(wait))).For(wait).
		Because(fmt.Errorf("purchase %d, retry after %s: %w", id, wait, cause))
}

// retrySeconds is d in whole seconds, rounded up (at least 1).
func retrySeconds(d time.Duration) int {
	return max(int((d+time.Second-1)/time.Second), 1)
}

// RowError is one bad row of an imported file.
type RowError struct {
	Line    int
	Message string
}

// ImportError is a file refused whole: nothing of it was stored. It is
// not an *fa.Error: it lists its bad rows by line, which the upload
// pages show as a table; fa.UserMessage maps it by its UserMessage.
type ImportError struct {
	Rows []RowError
	More bool // more bad rows than were listed
}

func (e *ImportError) Error() string {
	var b strings.Builder
	b.WriteString("welfare: import refused, nothing stored:")
	for _, r := range e.Rows {
		fmt.Fprintf(&b, "\n  line %d: %s", r.Line, r.Message)
	}
	if e.More {
		b.WriteString("\n  …")
	}
	return b.String()
}

// UserMessage says the file was refused; the rows are listed by the page.
func (e *ImportError) UserMessage() string { return msgImportRefused }

// maxRowErrors bounds the bad rows listed (a wrong file has thousands).
const maxRowErrors = 100
