package idp

import "errors"

// Error is a refusal meant for the person on the sign-in pages: Message
// is the Persian sentence shown next to Field.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string       { return "idp: " + e.Code }
func (e *Error) UserMessage() string { return e.Message }

// Is compares codes, so a copy with another field still matches.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

var (
	// ErrNotFound: no such person (or client) in the registry.
	ErrNotFound = errors.New("idp: not found")

	// ErrMobileMismatch is the guide's sentence for a mobile that is not
	// the person's: «در صورت وجود مغایرت موبایل مشتری، احراز اطلاعات شخصی
	// امکان پذیر نخواهد بود».
	ErrMobileMismatch = &Error{Code: "mobile_mismatch", Field: "mobile",
		Message: "شماره موبایل متعلق به صاحب این کد ملی نیست؛ در صورت وجود مغایرت موبایل، احراز اطلاعات شخصی امکان پذیر نخواهد بود."}
	ErrBirthDate    = &Error{Code: "birth_date", Field: "birth_date", Message: "تاریخ تولد با اطلاعات ثبت احوال مطابقت ندارد."}
	ErrNoPerson     = &Error{Code: "no_person", Field: "national_code", Message: "این کد ملی در ثبت احوال یافت نشد."}
	ErrCodeWrong    = &Error{Code: "code_wrong", Field: "code", Message: "کد احراز اشتباه است."}
	ErrCodeExpired  = &Error{Code: "code_expired", Field: "code", Message: "کد احراز منقضی شده یا بیش از حد اشتباه وارد شده است؛ کد جدید دریافت کنید."}
	ErrCooldown     = &Error{Code: "cooldown", Field: "code", Message: "کد تایید به تازگی ارسال شده است؛ کمی بعد دوباره تلاش کنید."}
	ErrTooManyCodes = &Error{Code: "too_many_codes", Field: "form", Message: "برای این شماره همراه در یک ساعت گذشته کد کافی ارسال شده است؛ یک ساعت دیگر دوباره تلاش کنید."}
)
