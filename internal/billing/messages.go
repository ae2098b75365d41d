package billing

import "strconv"

// The Persian text of billing: its refusals, page titles, flashes, the
// reasons written in an order's history and the wallet ledger, the state
// labels, the sandbox bank's sentences and Zarinpal's code table. Code
// refers to these keys; sentences shared with other packages are web's
// and fa's keys (web.MsgCaptchaWrong, fa.MsgCard, …).

const (
	// Refusals (the sentinels in service.go).
	msgOrderNotFound    = "سفارش مورد نظر پیدا نشد"
	msgInvoiceNotFound  = "فاکتور مورد نظر پیدا نشد"
	msgNoLines          = "سفارش هیچ قلمی ندارد"
	msgNoFulfiller      = "این نوع خرید در حال حاضر امکان‌پذیر نیست"
	msgNoCustomer       = "مشترک مشخص نیست"
	msgOrderState       = "وضعیت این سفارش اجازه این کار را نمی‌دهد"
	msgNothingToPay     = "این سفارش مبلغ قابل پرداختی ندارد"
	msgMustPay          = "این سفارش باید از طریق درگاه بانکی پرداخت شود"
	msgUnknownGateway   = "بانک انتخاب شده در دسترس نیست"
	msgGatewayDown      = "ارتباط با بانک برقرار نشد؛ نتیجه پرداخت شما به زودی بررسی و اعلام می‌شود"
	msgUnknownPayment   = "پرداختی با این مشخصات پیدا نشد"
	msgAmountMismatch   = "مبلغ پرداخت با مبلغ سفارش یکسان نیست"
	msgNotPaid          = "پرداخت توسط بانک تایید نشد"
	msgInsufficient     = "اعتبار پنل شما کافی نیست"
	msgWalletChanged    = "اعتبار پنل شما تغییر کرده است؛ لطفاً سفارش را دوباره ثبت کنید"
	msgIdempotency      = "این تراکنش قبلاً با مشخصات دیگری ثبت شده است"
	msgNoJobs           = "بررسی مجدد در حال حاضر ممکن نیست"
	msgFulfilmentFailed = "پرداخت شما دریافت شد اما اعمال آن با خطا روبه‌رو شد؛ به زودی دوباره تلاش می‌شود"

	// Page titles and menu items.
	titlePayments    = "پرداخت های موفق و ناموفق"
	titleInvoices    = "فاکتورها"
	menuPrintInvoice = "چاپ فاکتور"
	titleWallet      = "عملیات مالی و بانک مجازی"
	titleOrder       = "پیش فاکتور"
	titleRedirect    = "انتقال به درگاه بانک"
	titleStaffOrders = "سفارش‌ها و پرداخت‌ها"
	titleSandboxPay  = "درگاه پرداخت اینترنتی"

	// The wallet top-up (عملیات مالی و بانک مجازی).
	labelTopUp = "افزایش اعتبار پنل"

	// The order page and the way back from the bank.
	msgChooseGateway        = "بانک مورد نظر خود را انتخاب کنید."
	msgBankAnswerIncomplete = "پاسخ بانک ناقص است."
	msgBankAnswerPending    = "پاسخ بانک هنوز دریافت نشده است؛ نتیجه پرداخت به زودی به صورت خودکار ثبت می‌شود."
	msgPaidAndApplied       = "پرداخت با موفقیت انجام شد و سفارش شما اعمال گردید."
	msgPaymentFailed        = "پرداخت انجام نشد. در صورت کسر مبلغ از حساب شما، مبلغ طی ۷۲ ساعت توسط بانک بازگردانده می‌شود."
	msgOrderConfirmed       = "سفارش شما تایید و اعمال گردید."

	// Finance's order desk.
	msgFromDate       = "تاریخ شروع معتبر نیست."
	msgToDate         = "تاریخ پایان معتبر نیست."
	msgReverifyQueued = "استعلام مجدد از بانک در صف قرار گرفت."

	// Reasons in an order's history and the wallet ledger.
	reasonCreated           = "ثبت سفارش"
	reasonCustomerCancelled = "انصراف مشترک از سفارش"
	reasonNotPaidInTime     = "سفارش در مهلت مقرر پرداخت نشد"
	reasonReverifyRequested = "درخواست بررسی مجدد پرداخت"
	reasonNoBankPayment     = "تکمیل بدون پرداخت بانکی"
	reasonWalletChanged     = "اعتبار پنل پس از ثبت سفارش تغییر کرد"
	reasonLatePayment       = "پرداخت پس از پایان سفارش تایید شد و مبلغ آن به اعتبار پنل منظور شد"
	reasonBankSilent        = "بانک در مهلت مقرر پاسخی نداد"

	// The sandbox bank (درگاه پرداخت اینترنتی) and its test issuer.
	labelSandbox              = "بانک آزمایشی پیشخوان"
	msgSandboxUnknown         = "تراکنش پیدا نشد"
	msgSandboxAmountMismatch  = "مبلغ با مبلغ تراکنش یکسان نیست"
	msgApproved               = "تراکنش موفق"
	msgNoFunds                = "موجودی حساب کافی نیست"
	msgWrongPassword          = "رمز دوم نادرست است"
	msgCardForDynamicPassword = "برای دریافت رمز پویا، شماره کارت را وارد کنید."
	msgCVV2                   = "CVV2 باید ۳ یا ۴ رقم باشد."
	msgExpMonth               = "ماه انقضا را انتخاب کنید."
	msgExpYear                = "سال انقضا را به صورت دو رقمی وارد کنید (مثال: ۰۸)."
	msgCardExpired            = "تاریخ انقضای کارت گذشته است."
	msgPasswordRequired       = "رمز دوم (یا رمز پویا) را وارد کنید."

	// Zarinpal.
	labelZarinpal = "زرین\u200cپال"
)

// stateLabels are the order states as customers and staff read them.
var stateLabels = map[string]string{
	StateCreated:   "در انتظار پرداخت",
	StateAtGateway: "در درگاه بانک",
	StatePaid:      "پرداخت شده",
	StateFailed:    "پرداخت ناموفق",
	StateCancelled: "لغو شده",
	StateExpired:   "منقضی شده",
}

// paymentStateLabels are the payment states on «پرداخت های موفق و ناموفق».
var paymentStateLabels = map[string]string{
	PaymentPending:  "در انتظار پاسخ بانک",
	PaymentVerified: "موفق",
	PaymentFailed:   "ناموفق",
	PaymentExpired:  "منقضی (بدون پاسخ بانک)",
}

// sandboxStateLabels are the states of a payment on the sandbox bank's page.
var sandboxStateLabels = map[string]string{
	sandboxPending:   "پرداخت انجام نشده است",
	sandboxPaid:      "پرداخت شده",
	sandboxCancelled: "پرداخت توسط دارنده کارت لغو شد",
	sandboxExpired:   "مهلت پرداخت به پایان رسید",
}

// zarinpalMessages is the documented code table
// (zarinpal.com/docs/paymentGateway/errorList), in Persian.
var zarinpalMessages = map[int]string{
	// Public: any method.
	-9:  "خطای اعتبارسنجی: اطلاعات ارسالی (مرچنت‌کد، آدرس بازگشت، توضیحات یا مبلغ) معتبر نیست",
	-10: "آی‌پی یا مرچنت‌کد پذیرنده صحیح نیست",
	-11: "مرچنت‌کد فعال نیست؛ باید با امور مشتریان زرین‌پال تماس گرفت",
	-12: "تلاش‌ها در بازهٔ زمانی کوتاه بیش از حد مجاز بوده است؛ کمی بعد دوباره تلاش کنید",
	-13: "سقف تراکنش پذیرنده پر شده است؛ مدارک پذیرنده باید نزد پشتیبانی زرین‌پال تکمیل شود",
	-14: "دامنهٔ آدرس بازگشت با دامنهٔ ثبت‌شدهٔ درگاه یکی نیست",
	-15: "درگاه پرداخت به حالت تعلیق درآمده است؛ باید با امور مشتریان زرین‌پال تماس گرفت",
	-16: "سطح تأیید پذیرنده پایین‌تر از سطح نقره‌ای است",
	-17: "پذیرنده در سطح آبی محدود است",
	// Payment request.
	-30: "پذیرنده اجازهٔ استفاده از تسویهٔ اشتراکی شناور را ندارد",
	-31: "حساب بانکی تسویه به پنل افزوده نشده یا مقادیر تسهیم درست نیست",
	-32: "مبلغ تسهیم شناور از سقف مجاز بیشتر است",
	-33: "درصدهای تسهیم شناور معتبر نیست",
	-34: "مجموع تسهیم ثابت از مبلغ کل تراکنش بیشتر است",
	-35: "تعداد دریافت‌کنندگان تسهیم بیش از حد مجاز است",
	-36: "حداقل مبلغ هر تسهیم ۱۰٬۰۰۰ ریال است",
	-37: "یک یا چند شمارهٔ شبای تسهیم از سوی بانک غیرفعال است",
	-38: "شمارهٔ شبای تسهیم در شاپرک درست تعریف نشده است",
	-39: "خطا در تسهیم؛ باید به امور مشتریان زرین‌پال اطلاع داد",
	-40: "پارامتر اضافی نامعتبر است (expire_in)",
	-41: "مبلغ از سقف مجاز پرداخت (۱۰۰ میلیون تومان) بیشتر است",
	// Payment verify.
	-50: "مبلغ پرداخت‌شده با مبلغ ارسالی برای تأیید یکسان نیست",
	-51: "پرداخت ناموفق بوده است",
	-52: "خطای غیرمنتظره در زرین‌پال؛ باید با امور مشتریان زرین‌پال تماس گرفت",
	-53: "این پرداخت متعلق به این مرچنت‌کد نیست",
	-54: "اتوریتی نامعتبر است",
	-55: "تراکنش مورد نظر یافت نشد",
	// Success.
	100: "عملیات موفق",
	101: "پرداخت پیش‌تر تأیید شده است",
}

// ZarinpalMessage is the Persian meaning of a Zarinpal code.
func ZarinpalMessage(code int) string {
	if m, ok := zarinpalMessages[code]; ok {
		return m
	}
	return "پاسخ ناشناخته از زرین‌پال (کد " + strconv.Itoa(code) + ")"
}

// Sentences built from parts.

func titleInvoice(number string) string { return "فاکتور " + number }

func titleStaffOrder(tracking string) string { return "سفارش " + tracking }

func titlePaymentsCount(days string) string {
	return "تعداد پرداخت‌های موفق در " + days + " روز گذشته"
}

func titlePaymentsAmount(days string) string {
	return "مبلغ پرداخت‌های موفق در " + days + " روز گذشته (ریال)"
}

func msgTopUpRange(least, most string) string {
	return "مبلغ باید بین " + least + " و " + most + " باشد."
}

func reasonToGateway(bank string) string { return "ارسال به درگاه " + bank }

func reasonWalletUsed(tracking string) string {
	return "استفاده از اعتبار پنل در سفارش " + tracking
}

func reasonBankVerified(refID string) string {
	return "پرداخت توسط بانک تایید شد؛ شماره پیگیری " + refID
}

func reasonSurplus(tracking string) string {
	return "مانده ارزش سرویس قبلی در سفارش " + tracking
}

func reasonLateRefund(tracking string) string {
	return "بازگشت وجه پرداخت دیرهنگام سفارش " + tracking
}

func reasonBankRefused(code, message string) string { return msgNotPaid + ": " + code + " " + message }

func reasonWalletReturned(tracking string) string {
	return "بازگشت اعتبار پنل سفارش ناموفق " + tracking
}

func reasonTopUp(tracking string) string { return labelTopUp + " (سفارش " + tracking + ")" }

func msgDynamicPasswordSent(password string) string {
	return "رمز پویا برای کارت آزمایشی ارسال شد (در محیط آزمایشی: " + password + ")."
}

func msgIssuerRefused(message, code string) string { return message + " (کد " + code + ")" }

func descOrderPayment(order string) string { return "پرداخت سفارش " + order }
