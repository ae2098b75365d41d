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

	// ErrMismatch is every registry mismatch, in one message (a mobile
	// not the person's, an unknown national code, another birth date),
	// ending with the guide's sentence: «در صورت وجود مغایرت موبایل
	// مشتری، احراز اطلاعات شخصی امکان پذیر نخواهد بود».
	ErrMismatch = &Error{Code: "mismatch", Field: "national_code",
		Message: "کد ملی، تاریخ تولد و شماره موبایل با هم و با اطلاعات ثبت احوال مطابقت ندارند؛ شماره موبایل باید متعلق به صاحب همین کد ملی باشد و در صورت وجود مغایرت موبایل، احراز اطلاعات شخصی امکان پذیر نخواهد بود."}
	ErrCodeWrong    = &Error{Code: "code_wrong", Field: "code", Message: "کد احراز اشتباه است."}
	ErrCodeExpired  = &Error{Code: "code_expired", Field: "code", Message: "کد احراز منقضی شده یا بیش از حد اشتباه وارد شده است؛ کد جدید دریافت کنید."}
	ErrCooldown     = &Error{Code: "cooldown", Field: "code", Message: "کد تایید به تازگی ارسال شده است؛ کمی بعد دوباره تلاش کنید."}
	ErrTooManyCodes = &Error{Code: "too_many_codes", Field: "form", Message: "برای این شماره همراه در یک ساعت گذشته کد کافی ارسال شده است؛ یک ساعت دیگر دوباره تلاش کنید."}
)
