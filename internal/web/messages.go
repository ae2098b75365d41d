package web

import "pishkhan/internal/fa"

// The sentences several packages show, written once. An area's own
// sentences live in its own messages file; a sentence two packages need
// lives here (or, for the parsers' refusals, in package fa's) and both
// refer to its key. TestEachSentenceWrittenOnce (internal/area) fails on
// a sentence written out in two messages files.
const (
	// MsgDone is the guides' confirmation after a saved change.
	MsgDone = "عملیات با موفقیت انجام گردید"
	// MsgNotFound answers a link to something that is not there (or not
	// the person's).
	MsgNotFound = "مورد درخواستی پیدا نشد"
	// MsgTooLong refuses a text over its limit.
	MsgTooLong = "متن وارد شده بیش از حد طولانی است"
	// MsgInvalidValue stands in for an error that must not be shown.
	MsgInvalidValue = "مقدار وارد شده معتبر نیست."
	// MsgBodyTooLarge and MsgUnreadable refuse a request body.
	MsgBodyTooLarge = "حجم اطلاعات ارسالی بیش از حد مجاز است."
	MsgUnreadable   = "اطلاعات ارسالی قابل خواندن نیست."
	// MsgCaptchaWrong refuses a wrong captcha answer.
	MsgCaptchaWrong = "کد امنیتی اشتباه است"
	// MsgAmountInRials asks for an amount in digits.
	MsgAmountInRials = "مبلغ را به ریال و با رقم وارد کنید"
	// MsgNoCustomerWithCode answers a staff search by national code.
	MsgNoCustomerWithCode = "مشتری‌ای با این کد ملی پیدا نشد"
	// MsgMoreThanAWeek is a chart's last age band.
	MsgMoreThanAWeek = "بیش از یک هفته"
	// MsgRunning is the state of a running survey or job.
	MsgRunning = "در حال اجرا"
	// MsgMobileLabel labels a mobile number field.
	MsgMobileLabel = "شماره تلفن همراه"
)

// MsgRequired asks for a field by its label: «نام را وارد کنید.»
func MsgRequired(label string) string { return label + " را وارد کنید." }

// MsgAtMost refuses a field over n characters.
func MsgAtMost(label string, n int) string {
	return label + " نباید بیش از " + fa.Digits(itoa(n)) + " نویسه باشد."
}
