package cards

import "errors"

// Error is a domain error: Code for programs, Message (Persian) for the
// card holder. Internal failures are plain wrapped errors instead.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return "cards: " + e.Code + ": " + e.Message }

// Is matches errors of the same Code, so a message built for one case
// («رمز دوم جدید باید ۱۰ رقم باشد») still is ErrSecondPasswordFormat.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

var (
	ErrNotFound       = &Error{"not_found", "کارت یا حساب یافت نشد."}
	ErrNotActive      = &Error{"not_active", "کارت فعال نیست."}
	ErrWrongDetails   = &Error{"wrong_details", "رمز قدیم، شناسه دوم مشتری یا تاریخ انقضاء نادرست است."}
	ErrCardBlocked    = &Error{"blocked", "کارت به دلیل سه بار ورود رمز نادرست مسدود شد. برای رفع مسدودی با پشتیبانی تماس بگیرید."}
	ErrPINFormat      = &Error{"pin_format", "رمز جدید باید ۴ رقم باشد."}
	ErrPINRepeat      = &Error{"pin_repeat", "تکرار رمز جدید با رمز جدید یکسان نیست."}
	ErrPINSame        = &Error{"pin_same", "رمز جدید نباید با رمز قدیم یکسان باشد."}
	ErrBadAmounts     = &Error{"bad_amounts", "مبلغ کل، سهم نقدی یا تعداد اقساط نادرست است."}
	ErrNotOldest      = &Error{"not_oldest", "اقساط باید به ترتیب، از قدیمی‌ترین، و به طور کامل پرداخت شوند."}
	ErrNothingToPay   = &Error{"nothing_to_pay", "قسطی برای پرداخت انتخاب نشده است."}
	ErrNotLost        = &Error{"not_lost", "فقط برای کارت مفقود شده کارت جایگزین صادر می‌شود."}
	ErrNotBlocked     = &Error{"not_blocked", "کارت مسدود نیست."}
	ErrNoCreditAcct   = &Error{"no_credit_account", "کارت فقط روی حساب اعتباری صادر می‌شود."}
	ErrNoReason       = &Error{"no_reason", "دلیل برگشت خرید را بنویسید."}
	ErrNotReversible  = &Error{"not_reversible", "این خرید تأیید نشده یا پیش‌تر برگشت خورده است."}
	errMissingKey     = errors.New("cards: a purchase needs an idempotency key")
	errKeyLength      = errors.New("cards: Options.Key must be 32 bytes")
	errBadBIN         = errors.New("cards: Options.BIN must be 6 digits")
	errNoUniqueNumber = errors.New("cards: could not find an unused card number")
)
