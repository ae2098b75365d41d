package identity

import (
	"fmt"
	"strings"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// identity refuses with *fa.Error (Domain "identity"): a stable Code for
// branching and logs, a Persian Message that is safe to show (from
// messages.go), the form Field it belongs next to, and optionally the
// internal cause (never shown). Compare with errors.Is against the
// sentinels below (domain and code are compared); read RetryAfter or
// Problems with errors.As into a *fa.Error.

// refusal makes one of identity's sentinels.
func refusal(code, message string) *fa.Error { return fa.Refusal("identity", code, message) }

// Sentinels. Messages follow the guides' wording where they have one.
var (
	ErrBadCredentials   = refusal("bad_credentials", msgBadCredentials)
	ErrAddressLocked    = refusal("address_locked", msgAddressLocked)
	ErrAccountLocked    = refusal("account_locked", msgAccountLocked)
	ErrInitialExpired   = refusal("initial_password_expired", msgInitialExpired)
	ErrDisabled         = refusal("disabled", msgDisabled)
	ErrPolicy           = refusal("password_policy", MsgPasswordUnfit).OnField("new_password")
	ErrWrongOldPassword = refusal("wrong_old_password", msgWrongOldPassword).OnField("old_password")
	ErrRepeatMismatch   = refusal("repeat_mismatch", msgRepeatMismatch).OnField("repeat_password")
	ErrSamePassword     = refusal("same_password", msgSamePassword).OnField("new_password")
	ErrRecoveryMismatch = refusal("recovery_mismatch", msgRecoveryMismatch)
	ErrRateLimited      = refusal("rate_limited", msgRateLimited)
	ErrAnswerLatin      = refusal("answer_not_latin", msgAnswerLatin)
	ErrAnswerEmpty      = refusal("answer_empty", msgAnswerEmpty)
	ErrQuestions        = refusal("questions", msgQuestions)
	ErrNoQuestions      = refusal("no_questions", msgNoQuestions)
	ErrBirthDateSet     = refusal("birth_date_locked", msgBirthDateSet).OnField("birth_date")
	ErrNotFound         = refusal("not_found", web.MsgNotFound)
	ErrNationalCode     = refusal("national_code_taken", msgNationalCodeTaken).OnField("national_code")
	ErrUsernameTaken    = refusal("username_taken", msgUsernameTaken).OnField("username")
	ErrIdentifierTaken  = refusal("identifier_taken", msgIdentifierTaken)
	ErrUsername         = refusal("username", msgUsername).OnField("username")
	ErrRole             = refusal("role", msgRole).OnField("roles")
	ErrNoRole           = refusal("no_role", msgNoRole).OnField("roles")
	ErrFullName         = refusal("full_name", msgFullName).OnField("full_name")
	ErrEmail            = refusal("email", msgEmail).OnField("email")
	ErrGender           = refusal("gender", msgGender).OnField("gender")
	ErrEducation        = refusal("education", msgEducation).OnField("education")
	ErrTooLong          = refusal("too_long", web.MsgTooLong)
	ErrNoMobile         = refusal("no_mobile", msgNoMobile).OnField("mobile")
	ErrLineNumber       = refusal("line_number", MsgLineNumber)
	ErrStaffOnly        = refusal("staff_only", msgStaffOnly)
	ErrUnknownKind      = refusal("identifier_kind", msgUnknownKind)
)

// fromFa turns a parser failure of package fa into a field error.
func fromFa(err error, field string) *fa.Error {
	msg, ok := fa.UserMessage(err)
	if !ok {
		msg = web.MsgInvalidValue
	}
	return refusal("invalid_"+field, msg).OnField(field).Because(err)
}

// lockedError says how long a lock still holds, in whole minutes rounded
// up, so the page never says "0 minutes" while still refusing.
// attempts is the address limit, named in the address message.
func lockedError(base *fa.Error, remaining time.Duration, attempts int) *fa.Error {
	mins := int((remaining + time.Minute - 1) / time.Minute)
	if mins < 1 {
		mins = 1
	}
	n := fa.Digits(fmt.Sprint(mins))
	var msg string
	switch base.Code {
	case ErrAddressLocked.Code:
		msg = msgAddressLockedFor(fa.Digits(fmt.Sprint(attempts)), n)
	case ErrAccountLocked.Code:
		msg = msgAccountLockedFor(n)
	default:
		msg = msgRetryIn(base.Message, n)
	}
	return base.For(remaining).Saying(msg)
}

// policyError lists every failed rule.
func policyError(problems []string) *fa.Error {
	return ErrPolicy.Listing(problems).Saying(strings.Join(problems, "؛ "))
}
