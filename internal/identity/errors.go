package identity

import (
	"fmt"
	"strings"
	"time"

	"pishkhan/internal/fa"
)

// Error is a domain failure: a stable Code for branching and logs, a
// Persian Message that is safe to show, and optionally the internal cause
// (never shown). Compare with errors.Is against the sentinels below (codes
// are compared); read RetryAfter or Problems with errors.As.
type Error struct {
	Code    string
	Message string
	// Field names the form field the message belongs next to, when one does.
	Field string
	// Problems lists every failed password-policy rule, in Persian.
	Problems []string
	// RetryAfter is how long a lock or rate limit still holds.
	RetryAfter time.Duration
	err        error
}

func (e *Error) Error() string {
	if e.err != nil {
		return "identity: " + e.Code + ": " + e.err.Error()
	}
	return "identity: " + e.Code
}

// UserMessage is what the web kit's form helper shows.
func (e *Error) UserMessage() string { return e.Message }

func (e *Error) Unwrap() error { return e.err }

// Is matches any *Error with the same code, so errors.Is(err,
// ErrAddressLocked) holds for a lock error whatever its remaining time.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func (e *Error) field(f string) *Error {
	c := *e
	c.Field = f
	return &c
}

// Sentinels. Messages follow the guides' wording where they have one.
var (
	ErrBadCredentials = &Error{Code: "bad_credentials", Message: "نام کاربری یا کلمه عبور اشتباه است"}
	ErrAddressLocked  = &Error{Code: "address_locked", Message: "به دلیل ۳ بار ورود ناموفق، ورود از این نشانی فعلاً ممکن نیست"}
	ErrAccountLocked  = &Error{Code: "account_locked", Message: "به دلیل ورودهای ناموفق پی‌درپی، ورود به این حساب فعلاً ممکن نیست"}
	ErrInitialExpired = &Error{Code: "initial_password_expired",
		Message: "مهلت استفاده از کلمه عبور اولیه به پایان رسیده است. از «فراموشی کلمه عبور» استفاده کنید یا با پشتیبانی تماس بگیرید"}
	ErrDisabled         = &Error{Code: "disabled", Message: "این حساب غیرفعال است. با پشتیبانی تماس بگیرید"}
	ErrPolicy           = &Error{Code: "password_policy", Message: "کلمه عبور مناسب نیست", Field: "new_password"}
	ErrWrongOldPassword = &Error{Code: "wrong_old_password", Message: "کلمه عبور قدیم اشتباه است", Field: "old_password"}
	ErrRepeatMismatch   = &Error{Code: "repeat_mismatch", Message: "کلمه عبور جدید و تکرار آن یکسان نیستند", Field: "repeat_password"}
	ErrSamePassword     = &Error{Code: "same_password", Message: "کلمه عبور جدید باید با کلمه عبور فعلی متفاوت باشد", Field: "new_password"}
	ErrRecoveryMismatch = &Error{Code: "recovery_mismatch",
		Message: "اطلاعات وارد شده با اطلاعات ثبت شده در سامانه مطابقت ندارد"}
	ErrRateLimited     = &Error{Code: "rate_limited", Message: "تعداد درخواست‌ها بیش از حد مجاز است؛ لطفاً بعداً دوباره تلاش کنید"}
	ErrAnswerLatin     = &Error{Code: "answer_not_latin", Message: "لطفا صفحه کلید را در حالت لاتین قرار دهید و پاسخ را با حروف لاتین وارد کنید"}
	ErrAnswerEmpty     = &Error{Code: "answer_empty", Message: "پاسخ سوال امنیتی را وارد کنید"}
	ErrQuestions       = &Error{Code: "questions", Message: "سه سوال امنیتی متفاوت از فهرست انتخاب کنید و به هر یک پاسخ دهید"}
	ErrNoQuestions     = &Error{Code: "no_questions", Message: "برای این مشترک سوال امنیتی ثبت نشده است"}
	ErrBirthDateSet    = &Error{Code: "birth_date_locked", Message: "تاریخ تولد قابل ویرایش نمی باشد", Field: "birth_date"}
	ErrNotFound        = &Error{Code: "not_found", Message: "مورد درخواستی پیدا نشد"}
	ErrNationalCode    = &Error{Code: "national_code_taken", Message: "مشترکی با این کد ملی قبلاً ثبت شده است", Field: "national_code"}
	ErrUsernameTaken   = &Error{Code: "username_taken", Message: "این نام کاربری قبلاً ثبت شده است", Field: "username"}
	ErrIdentifierTaken = &Error{Code: "identifier_taken", Message: "این شناسه به حساب دیگری تعلق دارد"}
	ErrUsername        = &Error{Code: "username", Field: "username",
		Message: "نام کاربری باید ۳ تا ۳۲ نویسه از حروف و ارقام لاتین (و . _ -) باشد و با یک حرف آغاز شود"}
	ErrRole        = &Error{Code: "role", Message: "نقش انتخاب شده معتبر نیست", Field: "roles"}
	ErrNoRole      = &Error{Code: "no_role", Message: "دست‌کم یک نقش انتخاب کنید", Field: "roles"}
	ErrFullName    = &Error{Code: "full_name", Message: "نام و نام خانوادگی را وارد کنید", Field: "full_name"}
	ErrEmail       = &Error{Code: "email", Message: "نشانی پست الکترونیک معتبر نیست", Field: "email"}
	ErrGender      = &Error{Code: "gender", Message: "جنسیت معتبر نیست", Field: "gender"}
	ErrEducation   = &Error{Code: "education", Message: "مدرک تحصیلی معتبر نیست", Field: "education"}
	ErrTooLong     = &Error{Code: "too_long", Message: "متن وارد شده بیش از حد طولانی است"}
	ErrNoMobile    = &Error{Code: "no_mobile", Message: "برای این مشترک شماره همراه ثبت نشده است", Field: "mobile"}
	ErrLineNumber  = &Error{Code: "line_number", Message: "شماره تلفن خط باید ۴ تا ۱۱ رقم باشد"}
	ErrStaffOnly   = &Error{Code: "staff_only", Message: "این مورد را فقط کارکنان می‌توانند تغییر دهند"}
	ErrUnknownKind = &Error{Code: "identifier_kind", Message: "نوع شناسه معتبر نیست"}
)

// fromFa turns a parser failure of package fa into a field error.
func fromFa(err error, field string) *Error {
	msg, ok := fa.UserMessage(err)
	if !ok {
		msg = "مقدار وارد شده معتبر نیست"
	}
	return &Error{Code: "invalid_" + field, Message: msg, Field: field, err: err}
}

// lockedError says how long a lock still holds, in whole minutes rounded
// up, so the page never says "0 minutes" while still refusing.
// attempts is the address limit, named in the address message.
func lockedError(base *Error, remaining time.Duration, attempts int) *Error {
	mins := int((remaining + time.Minute - 1) / time.Minute)
	if mins < 1 {
		mins = 1
	}
	e := *base
	e.RetryAfter = remaining
	n := fa.Digits(fmt.Sprint(mins))
	switch base.Code {
	case ErrAddressLocked.Code:
		e.Message = "به دلیل " + fa.Digits(fmt.Sprint(attempts)) + " بار ورود ناموفق، ورود از این نشانی تا " + n + " دقیقه دیگر ممکن نیست"
	case ErrAccountLocked.Code:
		e.Message = "به دلیل ورودهای ناموفق پی‌درپی، ورود به این حساب تا " + n + " دقیقه دیگر ممکن نیست"
	default:
		e.Message = strings.TrimSuffix(base.Message, "؛ لطفاً بعداً دوباره تلاش کنید") + "؛ لطفاً " + n + " دقیقه دیگر دوباره تلاش کنید"
	}
	return &e
}

// policyError lists every failed rule.
func policyError(problems []string) *Error {
	e := *ErrPolicy
	e.Problems = problems
	e.Message = strings.Join(problems, "؛ ")
	return &e
}
