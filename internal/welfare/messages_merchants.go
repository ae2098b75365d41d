package welfare

import (
	"fmt"

	"pishkhan/internal/fa"
)

// The Persian text of stores and their sales: the proposal form, the
// contract states, a purchase's refusals and SMS, returns, the monthly
// cap and the merchants' API (merchants.go, purchases.go, returns.go,
// month_cap.go, cooldown.go, api.go).

// MerchantKindNames are the kinds in Persian.
var MerchantKindNames = map[string]string{MerchantOnline: "اینترنتی", MerchantInPerson: "حضوری"}

// MerchantStatusNames are the contract states in Persian.
var MerchantStatusNames = map[string]string{
	MerchantProposed: "پیشنهاد شده، در انتظار تایید قرارداد",
	MerchantApproved: "طرف قرارداد",
	MerchantRejected: "رد شده",
}

// The proposal form's labels and problems (NewMerchant.problems).
const (
	labelMerchantName  = "نام فروشگاه"
	labelCity          = "شهر"
	labelCategory      = "صنف"
	labelAddress       = "نشانی"
	labelWebsite       = "نشانی وب‌سایت"
	msgMerchantKind    = "نوع فروشگاه (اینترنتی یا حضوری) را انتخاب کنید."
	msgWebsiteScheme   = "نشانی وب‌سایت باید با https:// آغاز شود."
	msgFixMarkedFields = "موارد مشخص شده را اصلاح کنید."
)

// Refusals of a purchase (errors.go, purchases.go).
const (
	msgAmount            = "مبلغ خرید معتبر نیست."
	msgOverCeiling       = "تعداد اقساط بیش از سقف تعداد اقساط مشتری است."
	msgOverMonthly       = "مبلغ قسط ماهانه بیش از اعتبار ماهانه باقی‌مانده مشتری است."
	msgOverPower         = "مبلغ خرید بیش از توان خرید باقی‌مانده مشتری است."
	msgOpenPurchase      = "تا تسویه آخرین قسط خرید قبلی، امکان خرید جدید وجود ندارد."
	msgWrongCode         = "رمز یکبار مصرف نادرست است."
	msgCodeExpired       = "رمز یکبار مصرف منقضی شده یا پیش‌تر به کار رفته است؛ رمز جدید درخواست کنید."
	msgNoCode            = "رمز یکبار مصرف را وارد کنید."
	msgPurchaseDone      = "این خرید پیش‌تر تایید شده است."
	msgMerchantNotActive = "قرارداد این فروشگاه فعال نیست."
	msgNotMerchantStaff  = "حساب شما به فروشگاه طرف قراردادی متصل نیست."
	msgCustomerKey       = "شماره موبایل یا کد ملی مشتری را درست وارد کنید."
	msgIdempotencyKey    = "شناسه یکتای درخواست (حداکثر ۱۰۰ نویسه) لازم است."
	msgIdempotencyReused = "این شناسه یکتا پیش‌تر برای خرید دیگری به کار رفته است."
)

// Refusals of a cancellation or a return (returns.go).
const (
	msgPurchaseCancelled = "این خرید لغو شده است."
	msgNothingToReturn   = "از این خرید قسط تسویه‌نشده‌ای نمانده است؛ برگشت آن از راه اعتبار ممکن نیست."
	msgCancelAfterPaid   = "بخشی از اقساط این خرید از حقوق کسر شده است؛ لغو کامل ممکن نیست. مبلغ برگشتی را (تا سقف مانده اقساط) به عنوان برگشت کالا ثبت کنید."
	msgReturnAmount      = "مبلغ برگشتی باید بیشتر از صفر و حداکثر برابر مانده اقساط تسویه‌نشده خرید باشد."
	msgReturnPending     = "این خرید هنوز تایید نشده است؛ به جای برگشت کالا آن را لغو کنید."
)

// The monthly cap (month_cap.go): ErrOverMonthSchedule's advice, and the
// whole sentence naming the month.
const msgMonthScheduleAdvice = "مبلغ کمتر یا تعداد اقساط بیشتری انتخاب کنید"

func msgOverMonthSchedule(month string, total, credit int64) string {
	return fmt.Sprintf("با این خرید جمع اقساط ماه %s به %s می‌رسد که بیش از اعتبار ماهانه (توان پرداخت یک قسط در ماه: %s) است؛ "+msgMonthScheduleAdvice+".",
		fa.Digits(month), fa.Rials(total), fa.Rials(credit))
}

// The cool-down of a purchase code (cooldown.go): ErrCodeCooldown's
// core, and the whole sentence naming the purchase and the wait.
const msgCodeCooldownSent = "برای این مشتری کمتر از یک دقیقه پیش رمز خرید ارسال شده است"

func msgCodeCooldown(purchaseID int64, seconds int) string {
	return fmt.Sprintf("خرید شماره %s ثبت شد، اما "+msgCodeCooldownSent+"؛ %s ثانیه دیگر «ارسال دوباره رمز» را بزنید.",
		fa.Digits(fmt.Sprint(purchaseID)), fa.Digits(fmt.Sprint(seconds)))
}

// The SMS of a purchase: the one-time code's reason, the confirmation,
// a cancellation or return.
const (
	smsPurchase = "خرید با توانا کارت"
	smsReturn   = "لغو یا برگشت خرید توانا کارت"
)

func otpPurchaseReason(merchant string, amount int64) string {
	return "رمز تایید خرید توانا کارت از " + merchant + " به مبلغ " + fa.Rials(amount)
}

func textPurchase(merchant string, amount int64, installments int, monthly int64) string {
	return fmt.Sprintf("خرید شما از %s به مبلغ %s در %s قسط ماهانه %s ثبت شد.",
		merchant, fa.Rials(amount), fa.Digits(fmt.Sprint(installments)), fa.Rials(monthly))
}

func textCancelled(merchant string, amount int64) string {
	return fmt.Sprintf("خرید شما از %s به مبلغ %s لغو شد؛ اعتبار و اقساط آن به حساب شما بازگشت.", merchant, fa.Rials(amount))
}

func textReturned(amount int64, merchant string) string {
	return fmt.Sprintf("برگشت کالا به مبلغ %s از خرید شما از %s ثبت شد؛ این مبلغ از آخرین اقساط خرید کم و به توان خرید شما بازگردانده شد.",
		fa.Rials(amount), merchant)
}

// The merchants' API's own refusals (api.go).
const (
	msgAPIKeyRequired = "کلید فروشگاه لازم است."
	msgAPIKeyInvalid  = "کلید فروشگاه معتبر نیست."
	msgAPIBadJSON     = "بدنه درخواست JSON معتبر نیست."
	msgAPIInternal    = "خطای داخلی؛ دوباره تلاش کنید."
	// msgAPIBadText refuses a text field holding a NUL: PostgreSQL
	// rejects it in text columns (a 500 before this check), SQLite would
	// store it.
	msgAPIBadText = "فیلدهای متنی نباید نویسهٔ تهی (NUL) داشته باشند."
)
