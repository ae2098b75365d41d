package otp

import (
	"strconv"
	"strings"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// The Persian text of the dynamic second password (seed 003) and the
// staff authenticator, written once and named by key. Sentences other
// packages also show come from the kits (web.MsgNoCustomerWithCode,
// web.MsgMobileLabel, fa.MsgMobile). Templates hold their own text.

// Refusals: the sentinels' messages (model.go, mobile.go, factor_guard.go).
const (
	msgCooldown          = "برای دریافت کد جدید کمی صبر کنید."
	msgCodeExpired       = "کد منقضی شده است؛ کد جدید درخواست کنید"
	msgNoEnrolment       = "درخواست فعال‌سازی برنامک رمزساز یافت نشد؛ دوباره از «افزودن کارت» شروع کنید."
	msgActivationExpired = "کد فعال‌سازی منقضی شده است؛ دوباره از «افزودن کارت» شروع کنید."
	msgActivationWrong   = "کد فعال‌سازی یا رمز برنامک رمزساز نادرست است."
	msgNoDevice          = "برنامک رمزساز فعالی ثبت نشده است."
	msgTooManyTries      = "تعداد رمزهای نادرست زیاد است؛ یک دقیقه دیگر دوباره تلاش کنید."
	msgBadRequest        = "اطلاعات درخواست کد ناقص است."
	msgAlreadyEnrolled   = "برنامک رمزساز شما پیش‌تر فعال شده است؛ برای ثبت دستگاه جدید، مدیر سامانه باید برنامک قبلی را بازنشانی کند."
	msgNoStaffEnrolment  = "فعال‌سازی برنامک رمزساز آغاز نشده یا منقضی شده است؛ صفحه را دوباره باز کنید."
	msgStaffCodeWrong    = "رمز برنامک رمزساز نادرست است."
	msgFactorLocked      = "به دلیل رمزهای نادرست پی‌درپی، رمز دوم این حساب قفل شده است."

	msgCheckRequired  = "احراز هویت حضوری انجام‌شده را بنویسید (مثلاً «کارت ملی» و چند رقم آخر شماره آن)."
	msgReasonRequired = "دلیل را بنویسید."
	msgNoMobile       = "شماره تلفن همراه تاییدشده‌ای برای این مشتری ثبت نشده است."
	msgNoStaff        = "کارمند انجام‌دهنده مشخص نیست."
)

// msgCooldownSeconds is the cool-down refusal that names the seconds left.
func msgCooldownSeconds(secs int) string {
	return "برای دریافت کد جدید " + persianInt(secs) + " ثانیه دیگر صبر کنید."
}

// msgCheckTooLong and msgReasonTooLong refuse a text over n characters.
func msgCheckTooLong(n int) string {
	return "شرح احراز هویت حداکثر " + persianInt(n) + " نویسه است."
}

func msgReasonTooLong(n int) string {
	return "دلیل حداکثر " + persianInt(n) + " نویسه است."
}

// The area, its desk and the home page's widget.
const (
	titleArea          = "رمز دوم پویا"
	labelAuthenticator = "برنامک رمزساز"
	labelSMSCode       = "رمز پیامکی"
	labelInactive      = "غیرفعال"
	labelActive        = "فعال"
	labelNotConfirmed  = "تلفن همراه تایید نشده"
	labelConfirmed     = "تلفن همراه تایید شده"
	labelHolderPage    = "رمز دوم"
)

// whyHolderArea says why the area needs the one whose pages are the
// holder's «رمز دوم» (a start-up message, in English).
func whyHolderArea(holderArea string) string {
	return "the holder's «رمز دوم» pages, where the authenticator is added and SMS codes turned on, belong to " + holderArea
}

// The audit actions' labels.
const (
	labelActionMobileConfirm    = "تایید شماره تلفن همراه برای رمز پویا"
	labelActionMobileRevoke     = "لغو تایید شماره تلفن همراه"
	labelActionDeviceDisable    = "غیرفعال کردن برنامک رمزساز مشتری"
	labelActionStaffDeviceReset = "بازنشانی برنامک رمزساز کارمند"
)

// The audit log's details.
func auditMobileConfirmed(mobile, check string) string {
	return "تایید حضوری شماره تلفن همراه " + fa.Digits(mobile) + auditCheck + check
}

func auditMobileChanged(prev, mobile, check string) string {
	return "تغییر شماره تلفن همراه تاییدشده از " + fa.Digits(prev) + " به " + fa.Digits(mobile) + auditCheck + check
}

// auditCheck introduces the identity check in a confirmation's entry.
const auditCheck = "؛ احراز هویت: "

// auditDeviceEndedToo is added to a mobile change that ended a device.
const auditDeviceEndedToo = "؛ برنامک رمزساز غیرفعال شد و باید دوباره فعال شود"

func auditMobileRevoked(prev, reason string) string {
	return labelActionMobileRevoke + " " + fa.Digits(prev) + "؛ دلیل: " + reason
}

func auditDeviceDisabled(reason string) string {
	return "غیرفعال کردن برنامک رمزساز؛ دلیل: " + reason
}

func auditStaffDeviceReset(reason string) string {
	return "بازنشانی برنامک رمزساز کارمند؛ دلیل: " + reason
}

// The SMS messages: the code, what it approves, the activation code.
const (
	// reasonCode is the SMS log's reason for a code without its own.
	reasonCode = "رمز پویا"
	// labelActivation is the SMS log's reason for an activation code and
	// the title of the staff's enrolment page.
	labelActivation = "فعال‌سازی برنامک رمزساز"
)

// ApprovesPayment is the Approves of a payment of amount rials to merchant.
func ApprovesPayment(amount int64, merchant string) string {
	return "خرید " + fa.Rials(amount) + " از «" + strings.TrimSpace(merchant) + "»"
}

// ApprovesInstallments is the Approves of a purchase of amount rials from
// merchant in n monthly installments of monthly rials.
func ApprovesInstallments(amount int64, merchant string, n int, monthly int64) string {
	return ApprovesPayment(amount, merchant) + " در " + fa.Digits(strconv.Itoa(n)) + " قسط ماهانه " + fa.Rials(monthly)
}

// smsText is the code SMS. The guide (answer 5): the code is confidential.
// approves, when given, comes first: what the code approves.
func smsText(code string, ttl time.Duration, approves string) string {
	head := ""
	if approves != "" {
		head = "تایید " + approves + "\n"
	}
	return head + "رمز پویای شما: " + code + "\n" +
		"این رمز محرمانه است؛ آن را در اختیار هیچ‌کس قرار ندهید.\n" +
		"اعتبار: " + persianInt(int(ttl/time.Second)) + " ثانیه، یک‌بار مصرف."
}

// activationText is the SMS of an authenticator's activation code.
func activationText(code string, ttl time.Duration) string {
	return "کد فعال‌سازی برنامک رمزساز: " + code + "\n" +
		"این کد محرمانه است؛ آن را در اختیار هیچ‌کس قرار ندهید.\n" +
		"اعتبار: " + persianInt(int(ttl/time.Minute)) + " دقیقه."
}

// staffIssuerSuffix follows the issuer's name in a staff authenticator.
const staffIssuerSuffix = " (کارکنان)"

// The desk (/staff/otp).
const (
	labelIdentityCheck   = "احراز هویت انجام‌شده"
	msgConfirmInPerson   = "تایید کنید که هویت مشتری به صورت حضوری احراز شد."
	msgCustomerDeviceOff = "برنامک رمزساز مشتری غیرفعال شد؛ برای استفاده دوباره باید از نو فعال شود."
)

func msgMobileConfirmed(mobile string) string {
	return web.MsgMobileLabel + " " + fa.Digits(mobile) + " برای رمز دوم پویا تایید شد."
}

func msgStaffDeviceReset(name string) string {
	return "برنامک رمزساز «" + name + "» بازنشانی شد؛ در ورود بعدی باید دوباره فعال شود."
}

// The staff sign-in's authenticator pages.
const (
	// labelStaffCode titles the code page and labels its field.
	labelStaffCode   = "رمز برنامک رمزساز"
	msgStaffEnrolled = "برنامک رمزساز فعال شد؛ از این پس در هر ورود، رمز آن خواسته می‌شود."
)
