package web

import (
	"strconv"

	"pishkhan/internal/fa"
)

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

// The kit's own text.
const (
	// msgSiteName is Pishkhan's own name, the brand's default.
	msgSiteName = "پیشخوان"
	// msgSystemError is the plain-text answer when a page cannot render.
	msgSystemError = "خطای سامانه"
	// msgBadInput refuses a request carrying bytes no field may hold. A
	// browser never sends them from our forms; a person sees this only
	// after pasting binary text or editing a request by hand.
	msgBadInput = "اطلاعات ارسالی نویسه‌های نامعتبر دارد (نویسهٔ تهی یا متن غیر یونی‌کد). آن را اصلاح کنید و دوباره بفرستید."
	// msgCSRFExpired refuses a form posted without a valid CSRF token.
	msgCSRFExpired = "درخواست شما معتبر نیست یا صفحه منقضی شده است. لطفاً صفحه را دوباره باز کنید و دوباره تلاش کنید."
)

// The error page: its title and its sentence by status.
const (
	titleNotFound        = "صفحه پیدا نشد"
	titleForbidden       = "دسترسی مجاز نیست"
	titleTooLarge        = "حجم بیش از حد"
	titleTooManyRequests = "درخواست بیش از حد"
	titleUnavailable     = "سامانه موقتاً در دسترس نیست"
	titleSystemError     = msgSystemError
	titleBadRequest      = "درخواست نامعتبر"

	msgPageNotFound     = "صفحه‌ای که به دنبال آن هستید پیدا نشد. ممکن است نشانی را اشتباه وارد کرده باشید یا صفحه جابه‌جا شده باشد."
	msgForbidden        = "شما اجازه دسترسی به این صفحه را ندارید."
	msgMethodNotAllowed = "این عملیات برای این صفحه مجاز نیست."
	msgUnavailable      = "سامانه موقتاً در دسترس نیست. لطفاً چند دقیقه دیگر دوباره تلاش کنید."
	msgInternalError    = "خطایی در سامانه رخ داد. لطفاً دوباره تلاش کنید؛ اگر مشکل ادامه داشت با پشتیبانی تماس بگیرید."
	msgCannotDo         = "درخواست شما قابل انجام نیست."
)

// A text field's refusals (the brand and help forms), by its label.
func msgBadChars(label string) string {
	return label + " نویسه‌های نامعتبر دارد (نویسهٔ تهی یا متن غیر یونی‌کد)."
}

func msgControlChars(label string) string {
	return label + " نویسهٔ کنترلی دارد؛ فقط متن بنویسید."
}

// msgIntRange refuses a number outside min..max.
func msgIntRange(label string, min, max int) string {
	return label + " باید عددی از " + fa.Digits(strconv.Itoa(min)) + " تا " + fa.Digits(strconv.Itoa(max)) + " باشد."
}

// The brand form's labels.
const (
	labelBrandName    = "نام سامانه"
	labelBrandShort   = "نام کوتاه"
	labelBrandColour  = "رنگ اصلی"
	labelBrandLogo    = "نشانی نشان (لوگو)"
	labelBrandFavicon = "نشانی نمادک (favicon)"
	labelBrandPhone   = "تلفن پشتیبانی"
	labelBrandHours   = "ساعات پاسخگویی پشتیبانی"
	labelBrandFooter  = "متن پانویس"
	labelBrandSeller  = "نام فروشنده در صورتحساب و درگاه بانک"
	labelBrandSMS     = "امضای پیامک"
)

// The brand form's refusals.
const (
	msgPhoneChars = "تلفن پشتیبانی فقط رقم، خط تیره و فاصله دارد (مانند ۰۲۱-۷۱۴۰۰۹۰۰ یا ۲۲۰۲۹۸۱۱-۱۹)."

	msgColourMissing = "رنگ اصلی را به صورت کد رنگ شانزده‌شانزدهی (# و شش رقم یا حرف a تا f) وارد کنید."
	msgColourNotCode = "رنگ اصلی باید کد رنگ شانزده‌شانزدهی باشد: # و شش رقم یا حرف a تا f."
)

// msgNotOwnPath refuses a logo or favicon address on another site.
func msgNotOwnPath(label string) string {
	return label + " باید نشانی‌ای در همین سامانه باشد که با / آغاز شود (مانند /static/logo.png)، نه نشانی سایت دیگر."
}

// msgColourFaint refuses a colour too light to read; ratio is already in
// Persian digits («۳٫۲»).
func msgColourFaint(ratio string) string {
	return "رنگ اصلی برای خوانایی متن کم‌رنگ است: کنتراست آن " + ratio +
		" به ۱ است و دست‌کم ۴٫۵ به ۱ لازم است. رنگ تیره‌تری برگزینید، مانند رنگ پیشنهادی کنار این خانه."
}

// The brand images' refusals.
const (
	labelLogo         = "نشان (لوگو)"
	labelFavicon      = "نمادک"
	imageKinds        = "PNG، JPEG یا GIF"
	imageKindsWithICO = "PNG، JPEG، GIF یا ICO"
)

func msgImageEmpty(label string) string { return "پرونده " + label + " خالی است." }

func msgImageTooBig(label string, kib int) string {
	return "پرونده " + label + " نباید بزرگ‌تر از " + fa.Digits(itoa(kib)) + " کیلوبایت باشد."
}

func msgImageKind(label, kinds string) string {
	return "پرونده " + label + " باید تصویر " + kinds + " باشد."
}

func msgImageSide(label string, side int) string {
	return "ابعاد " + label + " باید حداکثر " + fa.Digits(itoa(side)) + " در " + fa.Digits(itoa(side)) + " نقطه باشد."
}

// The help form's labels.
const (
	labelHelpTitle = "عنوان راهنما"
	labelHelpBody  = "متن راهنما"
)
