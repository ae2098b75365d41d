package cards

import (
	"fmt"
	"strconv"

	"pishkhan/internal/fa"
)

// The Persian text of the card-holder service (seed 000 and the second
// password of seed 003), written once and named by key. Sentences another
// package also shows come from the kits (web.MsgDone,
// web.MsgNoCustomerWithCode, web.MsgAmountInRials). Templates hold their
// own text.

// Refusals: the sentinels' messages (errors.go, second_password.go).
const (
	msgNotFound        = "کارت یا حساب یافت نشد."
	msgNotActive       = "کارت فعال نیست."
	msgWrongDetails    = "رمز قدیم، شناسه دوم مشتری یا تاریخ انقضاء نادرست است."
	msgCardBlocked     = "کارت به دلیل سه بار ورود رمز نادرست مسدود شد. برای رفع مسدودی با پشتیبانی تماس بگیرید."
	msgPINFormat       = "رمز جدید باید ۴ رقم باشد."
	msgPINRepeat       = "تکرار رمز جدید با رمز جدید یکسان نیست."
	msgPINSame         = "رمز جدید نباید با رمز قدیم یکسان باشد."
	msgBadAmounts      = "مبلغ کل، سهم نقدی یا تعداد اقساط نادرست است."
	msgNotOldest       = "اقساط باید به ترتیب، از قدیمی‌ترین، و به طور کامل پرداخت شوند."
	msgNothingToPay    = "قسطی برای پرداخت انتخاب نشده است."
	msgNotLost         = "فقط برای کارت مفقود شده کارت جایگزین صادر می‌شود."
	msgNotBlocked      = "کارت مسدود نیست."
	msgNoCreditAccount = "کارت فقط روی حساب اعتباری صادر می‌شود."
	msgNoReason        = "دلیل برگشت خرید را بنویسید."
	msgNotReversible   = "این خرید تأیید نشده یا پیش‌تر برگشت خورده است."

	msgNoHolderMobile = "رمزهای کارت فقط با پیامک به دارنده کارت فرستاده می‌شود؛ ابتدا شماره همراه مشتری را در پرونده او ثبت کنید."
	msgBadLimit       = "سقف اعتبار نمی‌تواند کمتر از اعتبار مصرف شده باشد و فقط برای حساب اعتباری تعیین می‌شود."

	// msgCustomerIDFormat refuses a typed card customer ID.
	msgCustomerIDFormat = "شناسه مشتری کارت باید ۸ رقم باشد"
)

// «رمز دوم»: the second password's refusals.
const (
	msgSecondPasswordFormat = "رمز دوم جدید طول مجاز ندارد."
	msgSecondPasswordRepeat = "تکرار رمز دوم جدید با رمز دوم جدید یکسان نیست."
	msgSecondPasswordWrong  = "رمز دوم فعلی نادرست است."
	msgSecondPasswordSame   = "رمز دوم جدید نباید با رمز دوم فعلی یکسان باشد."
	msgNoConfirmedMobile    = "شماره تلفن همراه تایید شده‌ای برای شما ثبت نشده است. برای دریافت رمز پویا از طریق پیامک، با کارت شناسایی معتبر به یکی از شعب مراجعه کرده و فرم تایید شماره تلفن همراه را تکمیل کنید."
	msgNoAuthenticator      = "برنامک رمزساز فعالی برای شما ثبت نشده است؛ ابتدا برنامک را با «افزودن کارت» فعال کنید."
	msgNoDynamicMethod      = "برای استفاده از رمز پویا در همه مبالغ، ابتدا رمز پویای پیامکی یا برنامک رمزساز را برای این کارت فعال کنید."
	// msgDynamicUnavailable: dynamic passwords are not wired (also the
	// answer of «دریافت رمز از طریق پیامک»).
	msgDynamicUnavailable = "سرویس رمز پویا در دسترس نیست."
)

// msgSecondPasswordLength refuses a new static second password of a card
// whose product allows exactly n digits.
func msgSecondPasswordLength(n int) string {
	return "رمز دوم جدید این کارت باید " + fa.Digits(strconv.Itoa(n)) + " رقم باشد."
}

// msgSecondPasswordRange refuses a new static second password outside
// min to max digits.
func msgSecondPasswordRange(lo, hi int) string {
	return "رمز دوم جدید باید " + fa.Digits(strconv.Itoa(lo)) + " تا " + fa.Digits(strconv.Itoa(hi)) + " رقم باشد."
}

// CodeMessages are the Persian sentences shown for each decision code.
var CodeMessages = map[string]string{
	CodeApproved:        "تراکنش موفق",
	CodeInvalidAmount:   "مبلغ یا تعداد اقساط نامعتبر است",
	CodeNoSuchCard:      "کارت نامعتبر است",
	CodeNoFunds:         "اعتبار کارت کافی نیست",
	CodeExpired:         "تاریخ انقضای کارت گذشته یا نادرست است",
	CodeWrongPassword:   "رمز دوم یا CVV2 نادرست است",
	CodeNotAllowed:      "کارت مفقود شده است و قابل استفاده نیست",
	CodeRestricted:      "کارت مسدود است",
	CodeDynamicRequired: "رمز دوم پویا الزامی است",
}

// The bank page's answers beyond CodeMessages.
const (
	// msgInternetOff is the message of the 57 for a card whose internet
	// password the holder turned off, so the bank page tells them why.
	msgInternetOff = "رمز اینترنتی (رمز دوم) این کارت توسط دارنده کارت غیر فعال شده است؛ برای پرداخت اینترنتی آن را در صفحه «رمز دوم» فعال کنید."

	// msgOwnCredit declines (57) a card payment that would settle
	// installments of the very credit account the card draws on: the
	// installments would be marked paid and the same amount booked again
	// as a new purchase, so the debt would only move, never shrink.
	msgOwnCredit = "اقساط یک حساب اعتباری را نمی‌توان با کارتی پرداخت کرد که از همان اعتبار برداشت می‌کند؛ با کارت بانکی دیگری پرداخت کنید."

	// msgDynamicStale is the bank page's refusal (code 55) when the SMS
	// code of this payment can no longer pay: it expired (120 s), was
	// used, or was burned by wrong tries — the otp service answers all
	// three alike, and also when none was requested — and the
	// authenticator did not accept the password either.
	msgDynamicStale = "رمز پویا نادرست است یا دیگر اعتبار ندارد: رمز پیامکی فقط ۱۲۰ ثانیه و یک‌بار معتبر است و با سه بار ورود نادرست باطل می‌شود. با «دریافت رمز از طریق پیامک» رمز جدید بگیرید یا رمز برنامک رمزساز را وارد کنید."
)

// Messages of RequestDynamicPassword («دریافت رمز از طریق پیامک»).
const (
	msgDynamicSent     = "رمز پویا به شماره همراه تایید شده ارسال شد"
	msgDynamicNoMobile = "برای دریافت رمز پویا از طریق پیامک، ابتدا با کارت شناسایی معتبر به یکی از شعب مراجعه کرده و شماره تلفن همراه خود را تایید کنید؛ سپس رمز پویای پیامکی را در صفحه «رمز دوم» پنل کاربری برای این کارت فعال کنید."
	msgDynamicNoSMS    = "رمز پویای پیامکی برای این کارت فعال نیست؛ آن را در صفحه «رمز دوم» پنل کاربری فعال کنید یا از «برنامک رمزساز» استفاده کنید."
	msgDynamicNoCard   = "کارت برای پرداخت اینترنتی قابل استفاده نیست."
)

// dynamicCodeReason is the SMS log's reason for a payment's dynamic code.
func dynamicCodeReason(masked string) string {
	return "رمز پویای خرید با کارت " + masked
}

// StatusNames are the Persian words the pages show for card statuses.
var StatusNames = map[string]string{
	StatusActive:   "فعال",
	StatusLost:     "مفقود شده",
	StatusBlocked:  "مسدود",
	StatusExpired:  "منقضی",
	StatusReplaced: "جایگزین شده",
}

// The password kinds of the authorization log (AuthorizationAttempt).
const (
	labelStaticPassword  = "رمز دوم ثابت"
	labelDynamicPassword = "رمز پویا"
)

// The area, its menu, page titles and the home page's widget.
const (
	titleArea           = "سرویس ویژه دارندگان کارت اعتباری"
	labelPenaltiesJob   = "جریمه دیرکرد اقساط کارت اعتباری"
	titleAccounts       = "وضعیت حساب اعتباری"
	titleCards          = "وضعیت کارت"
	titlePurchases      = "مشاهده لیست خرید"
	titlePay            = "پرداخت اقساط"
	titleSecondPassword = "رمز دوم"
	titlePIN            = "تغییر رمز کارت"
	titleLost           = "اعلام مفقودی کارت"
	titleStaffDesk      = "کارت‌های اعتباری"
	titleIssued         = "کارت صادر شد"

	titleWidget     = "کارت اعتباری"
	labelDebt       = "بدهی"
	labelCreditLeft = "اعتبار قابل استفاده"
	labelNextDueOn  = "تاریخ قسط بعدی"
	labelNextAmount = "مبلغ قسط بعدی"
	msgNothingDue   = "قسط پرداخت‌نشده‌ای ندارید."

	// audienceName names card holders for announcements.
	audienceName = "دارندگان کارت اعتباری"
)

// The sign-in identifier the area brings (customer_id.go).
const (
	labelCustomerID = "شناسه مشتری کارت"
	hintCustomerID  = "شناسه مشتری: ۸ رقم اول کد شناسه درج شده در پشت کارت"
)

// «وضعیت حساب اعتباری»: its charts.
const (
	titleCreditChart = "اعتبار کارت (ریال)"
	labelCreditUsed  = "اعتبار مصرف شده"
	titleDueChart    = "اقساط پرداخت نشده به تفکیک ماه سررسید (ریال)"
)

// «تغییر رمز کارت» and «اعلام مفقودی کارت».
const (
	labelOldPIN       = "رمز قدیم"
	labelSecondID     = "شناسه دوم مشتری"
	labelNewPIN       = "رمز جدید"
	labelRepeatPIN    = "تکرار رمز جدید"
	msgChooseExpYear  = "سال انقضاء را انتخاب کنید."
	msgChooseExpMonth = "ماه انقضاء را انتخاب کنید."
	msgChooseLost     = "برای اعلام مفقودی، وضعیت کارت را «مفقود شده» انتخاب کنید."
	msgConfirmLost    = "اعلام مفقودی را تایید کنید؛ پس از آن کارت دیگر قابل استفاده نیست."
)

// msgPINNotChangeable: the card's status (in Persian) allows no PIN change.
func msgPINNotChangeable(status string) string {
	return "کارت " + status + " است و تغییر رمز آن ممکن نیست."
}

// msgLostNotPossible: the card's status (in Persian) allows no lost report.
func msgLostNotPossible(status string) string {
	return "وضعیت این کارت «" + status + "» است و اعلام مفقودی برای آن ممکن نیست."
}

// «رمز دوم»: the page's flash messages.
const (
	msgConfirmBlock           = "مسدود کردن کارت را تایید کنید؛ رفع مسدودی فقط با مراجعه به پشتیبانی ممکن است."
	msgEnrolmentStarted       = "کد فعال‌سازی ۴ رقمی به شماره همراه تایید شده شما ارسال شد. کد QR را با برنامک رمزساز بخوانید و کد فعال‌سازی و رمز برنامک را وارد کنید."
	msgConfirmRemoveDevice    = "حذف برنامک رمزساز را تایید کنید."
	auditAppRemovedEverywhere = "حذف برنامک رمزساز از همه کارت‌ها"
)

// settingLabels name each second-password setting in the audit log, off
// and on.
var settingLabels = map[string][2]string{
	"internet_password_enabled": {"غیر فعال سازی رمز اینترنتی", "فعال سازی رمز اینترنتی"},
	"dynamic_sms":               {"غیر فعال سازی رمز پویای پیامکی", "فعال سازی رمز پویای پیامکی"},
	"dynamic_app":               {"حذف کارت از برنامک رمزساز", "افزودن کارت به برنامک رمزساز"},
	"always_dynamic":            {"پذیرش رمز دوم ثابت تا سقف روزانه", "رمز پویا برای همه مبالغ"},
}

// «مشاهده لیست خرید» and «پرداخت اقساط».
const (
	msgNoPurchases     = "خریدی با کارت شما ثبت نشده است."
	labelScheduleOfRow = "جدول اقساط خرید ردیف"
	labelUnpaid        = "پرداخت نشده"
	msgNoInstallments  = "قسطی ندارد."
	labelPolicyNumber  = "شماره بیمه نامه"
	// orderInstallments describes the order that pays installments.
	orderInstallments = "پرداخت اقساط کارت اعتباری"
)

// purchaseColumns are the guide's columns of «مشاهده لیست خرید».
var purchaseColumns = [...]string{"ردیف", "تاریخ خرید", labelPolicyNumber, "سهم نقدی", "سهم قسطی", "مبلغ کل خرید",
	"تعداد اقساط", "اقساط پرداختی", "اقساط مانده", "کل جریمه", "کل مبلغ پرداختی", "کل مبلغ قابل پرداخت", "تخلفات"}

// scheduleColumns are the columns of a purchase's installment schedule.
var scheduleColumns = [...]string{"قسط", "ماه", "تاریخ سررسید", "مبلغ قسط", "جریمه", "تاریخ پرداخت"}

// installmentLine is an installment's line on the order that pays it.
func installmentLine(month, dueOn string) string {
	return "قسط " + month + " (سررسید " + fa.Digits(dueOn) + ")"
}

// The staff card desk (/staff/cards).
const (
	msgChooseAccountType   = "نوع حساب را انتخاب کنید."
	labelAccountNumber     = "شماره حساب"
	msgAccountNumberFormat = "شماره حساب باید حداکثر ۲۰ رقم باشد."
	msgAccountOpenedDate   = "تاریخ افتتاح حساب معتبر نیست."
	msgAccountNumberTaken  = "این شماره حساب پیش‌تر ثبت شده است."
	msgChooseCard          = "کارت را انتخاب کنید."
	msgPurchaseDate        = "تاریخ خرید معتبر نیست."
	msgReopenForm          = "فرم را دوباره باز کنید و ثبت کنید."
	msgCashShareLess       = "سهم نقدی باید کمتر از مبلغ کل خرید باشد."
)

// msgAccountOpened confirms a new account of the named type.
func msgAccountOpened(typeName string) string {
	return "حساب «" + typeName + "» افتتاح شد."
}

// msgLimitSet confirms a credit account's new limit.
func msgLimitSet(limit int64) string {
	return "سقف اعتبار حساب به " + fa.Rials(limit) + " تغییر کرد."
}

// msgStaffBlocked and msgStaffUnblocked confirm staff's block and unblock.
func msgStaffBlocked(masked string) string {
	return "کارت " + fa.Digits(masked) + " مسدود شد."
}

func msgStaffUnblocked(masked string) string {
	return "مسدودی کارت " + fa.Digits(masked) + " برداشته شد."
}

// msgInstallmentsBetween refuses a number of installments out of 1..max.
func msgInstallmentsBetween(n int) string {
	return "تعداد اقساط باید بین ۱ و " + fa.Digits(strconv.Itoa(n)) + " باشد."
}

// The answers to a staff purchase and a reversal.
func msgPurchaseRepeated(id int64, answer string) string {
	return "این خرید پیش‌تر ثبت شده است (شماره " + purchaseNo(id) + "): " + answer
}

func msgPurchaseApproved(id int64) string {
	return "خرید شماره " + purchaseNo(id) + " ثبت و تأیید شد."
}

func msgPurchaseDeclined(answer string) string { return "خرید رد شد: " + answer }

func msgPurchaseReversed(id int64) string {
	return "خرید شماره " + purchaseNo(id) + " برگشت خورد."
}

func purchaseNo(id int64) string { return fa.Digits(strconv.FormatInt(id, 10)) }

// The audit log's details.

// cardDetail names a card in an audit entry.
func cardDetail(masked string) string { return "کارت " + masked }

func auditAccountOpened(number, typeCode string, balance, limit int64) string {
	return "حساب " + number + " (" + typeCode + ")، موجودی " + fa.Rials(balance) + "، سقف " + fa.Rials(limit)
}

func auditLimitChanged(number string, from, to int64) string {
	return "حساب " + number + ": سقف از " + fa.Rials(from) + " به " + fa.Rials(to)
}

func auditCardOnAccount(masked, account string) string {
	return cardDetail(masked) + " روی حساب " + account
}

func auditCardReplacing(masked, lost string) string {
	return cardDetail(masked) + " به جای کارت مفقود " + lost
}

// labelUnknownCard stands for a card that is not ours in a staff
// purchase's audit entry.
const labelUnknownCard = "کارت ناشناس"

func auditPurchase(id int64, card string, total int64, installments int, answer string) string {
	return fmt.Sprintf("خرید شماره %d، %s، مبلغ %s، %d قسط: %s", id, card, fa.Rials(total), installments, answer)
}

func auditReversal(id, unpaid int64, reason string) string {
	return fmt.Sprintf("خرید شماره %d، بازگشت %s به اعتبار؛ دلیل: %s", id, fa.Rials(unpaid), reason)
}

func auditSetting(label, masked string) string { return label + "؛ " + cardDetail(masked) }

// auditActions are the area's actions and their Persian labels, in the
// order the staff audit log's filter offers them.
var auditActions = [][2]string{
	{ActionAccountIssue, "افتتاح حساب کارت"},
	{ActionIssue, "صدور کارت"},
	{ActionBlock, "مسدود کردن کارت"},
	{ActionUnblock, "رفع مسدودی کارت"},
	{ActionReplace, "صدور کارت جایگزین"},
	{ActionLimit, "تغییر سقف اعتبار"},
	{ActionPurchase, "ثبت خرید توسط کارمند"},
	{ActionReverse, "برگشت خرید"},
	{ActionLost, titleLost},
	{ActionSecondPassword, "تغییر رمز دوم"},
	{ActionPasswordSetting, "تنظیمات رمز دوم"},
}

// The names a support ticket gives a holder's card or account.
func serviceCard(masked string) string { return "کارت " + fa.Digits(masked) }

func serviceAccount(number string) string { return "حساب " + fa.Digits(number) }

// SecretsReason is the SMS log's reason for the secrets SMS.
const SecretsReason = "رمزهای کارت جدید"

// secretsText is the SMS that takes a new card's secrets to its holder.
func secretsText(ic *IssuedCard) string {
	return "کارت جدید " + ic.Masked + "\n" +
		"رمز کارت: " + ic.PIN + "\n" +
		"رمز دوم ایستا: " + ic.SecondPassword + "\n" +
		"CVV2: " + ic.CVV2 + "\n" +
		"این رمزها محرمانه است؛ آن‌ها را به هیچ‌کس، حتی کارکنان، نگویید."
}

// scaleMerchant is the merchant of SeedScale's purchases.
const scaleMerchant = "بیمه ملت"

// The help pages (help.go), in the guides' own words.
const (
	titleHelpInstallments  = "راهنمای پرداخت اقساط"
	titleHelpAuthenticator = "راهنمای برنامک رمزساز"
)

// helpInstallmentsBody is the card-holder guide's «مشاهده لیست خرید»
// and «پرداخت اقساط».
const helpInstallmentsBody = `**۳- مشاهده لیست خرید:** جزئیات خریدهای انجام شده با کارت اعتباری بیمه ملت در این قسمت در دسترس کاربران قرار دارد. اطلاعاتی نظیر: مبلغ کلی هر خرید، سهم نقدی، سهم قسطی، تعداد اقساط، تعداد اقساط پرداختی، تعداد اقساط مانده، مبالغ جریمه و مبالغ پرداخت شده برای هر خرید قابل مشاهده می باشد.

در این قسمت می توانید اقساط خود را با انتخاب گزینه "پرداخت اقساط" به روش اینترنتی با اتصال به درگاه بانکی پرداخت نمایید. راهنمای پرداخت اقساط نیز در قسمت راهنمای صفحه ورودی سرویس ویژه دارندگان کارت جهت استفاده مشتریان محترم کارت اعتباری بیمه ملت بارگذاری شده است.

[پرداخت اقساط](/cards/installments/pay) · [مشاهده لیست خرید](/cards/purchases)`

// helpAuthenticatorBody is the second-password guide's questions on the
// authenticator, with the bank's download address and support line.
const helpAuthenticatorBody = `## ۲. روش های فعال سازی رمز پویا کدامند؟
- دریافت پیامک رمز پویا روی گوشی تلفن همراه از طریق اتصال به سامانه هریم امکان پذیر است. به این منظور مشتریان می بایست با مراجعه به یکی از شعب بانک صنعت و معدن نسبت به تکمیل فرم و تایید شماره تلفن همراه خود اقدام نمایند.
- نصب «برنامک رمزساز» از طریق مراجعه به سایت بانک به نشانی [www.bim.ir](https://www.bim.ir) و فعال سازی آن جهت تولید رمز پویا از طریق اینترنت بانک، دستگاه های خودپرداز بانک صنعت و معدن و یا مراجعه به شعب بانک امکان پذیر است.

## ۴. چگونه می توان رمز پویا را فعال نمود؟
چنانچه مایل هستید تا رمز پویای کارت از طریق پیامک برای شما ارسال شود، تنها کافیست پس از تایید شماره تلفن همراه خود در یکی از شعب بانک، هنگام ورود اطلاعات کارت در خریدهای اینترنتی، دکمه "دریافت رمز از طریق پیامک" را انتخاب نمایید. هم چنین جهت استفاده از "برنامک رمز ساز"، با مراجعه به صفحه رمز پویا در سایت بانک به نشانی [www.bim.ir](https://www.bim.ir)، امکان دریافت «راهنمای برنامک رمزساز» وجود دارد.

## ۹. آیا می توان «برنامه رمزساز» را بر روی تمام گوشی های همراه نصب کرد؟
«برنامه رمزساز» برای گوشی های همراه هوشمند با سیستم عامل های اندروید بیشتر از ۵ و یا IOS ، سازگار است.

## ۱۱. نمیتوانم «برنامه رمزساز» را دانلود کنم.
ممکن است محدودیت ایجاد شده توسط مرورگر صورت گرفته باشد. می توانید از مرورگر بروز شده دیگری استفاده کنید. در برخی موارد با نگه داشتن انگشت بر روی «بارگیری پیوند» یا لینک دانلود در سایت بانک و انتخاب گزینه Download link و Save link دانلود انجام می گیرد.

## ۱۲. آیا برای استفاده از «برنامک رمزساز» اتصال به اینترنت الزامی است؟
اتصال به اینترنت تنها در مرحله نصب و فعال سازی «برنامک رمزساز» نیاز است و بعد از نصب و دریافت کد فعالسازی میتوان به صورت آفلاین و بدون نیاز به اینترنت، رمز پویا (یکبار مصرف) دریافت کرد.

## ۱۵. هنگام فعال سازی «برنامک رمزساز»، زمانی که از برنامک خارج میشوم تا کد ۴ رقمی پیامک شده را اخذ کنم، برنامک روی گوشی بسته شده و کد ۴ رقمی هم غیر فعال میشود.
پیش از باز نمودن پیامک ارسال شده نباید وارد «برنامک رمزساز» شوید. ابتدا باید پیامک را باز کرده و کد مورد نظر را اخذ نمایید، سپس با ورود به برنامک رمزساز اقدام به وارد نمودن کد ۴ رقمی نمایید.

## ۲۳. آیا با فعال سازی رمز دوم پویا، رمز دوم ایستای کارت غیرفعال می شود؟
خیر. در حال حاضر استفاده از رمز دوم ایستای کارت برای تراکنش ها تا سقف مجموعاً ۱,۰۰۰,۰۰۰ ریال در روز مجاز است. بدیهی است برای تراکنش های بیش تر از مبلغ مذکور استفاده از رمز پویا الزامی می باشد.

## ۲۴. حداکثر مدت زمان استفاده از رمز دوم پویا در هر تراکنش چقدر است؟
۱۲۰ ثانیه.

## ۲۸. آیا واحد خاصی برای ثبت مشکلات مرتبط با رمز پویا وجود دارد؟
بله همکاران در شعب و واحد پشتیبانی رمز پویا با شماره ۱۹-۲۲۰۲۹۸۱۱ در ساعات اداری پاسخگوی سوالات مشتریان خواهند بود.`
