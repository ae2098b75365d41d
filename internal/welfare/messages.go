package welfare

import "pishkhan/internal/web"

// The Persian text of the welfare area (the Tavana card, seed 001), by
// key. This file holds the refusals the whole area shares, the area's
// name, widget, jobs, audit actions, roles and help; the flows' own
// sentences are in messages_applications.go (applications, guarantors,
// credit), messages_merchants.go (stores, purchases, returns, the API),
// messages_import.go (employees and payroll files, settlement) and
// messages_pages.go (menus, page titles, forms and flashes).

// Refusals shared by the flows (errors.go).
const (
	msgNotFound      = "یافت نشد."
	msgNotYourRegion = "این مورد مربوط به منطقه شما نیست."
	msgMonth         = "ماه را به شکل ۱۴۰۴/۰۲ وارد کنید."
	msgBadText       = "متن واردشده نویسه‌های نامعتبر دارد."
)

// The area: its name, the descriptor's title and jobs, the home widget.
const (
	// labelTavana is the product's name, the area's menu entry, the
	// widget's title, the audience and the signature of every SMS.
	labelTavana             = "توانا کارت"
	titleArea               = "اعتبار رفاهی کارکنان (توانا کارت)"
	labelJobActivate        = "پیامک فعال شدن اعتبار رفاهی پس از ۷۲ ساعت"
	labelJobRestore         = "بازگشت اعتبار ماهانه رفاهی در روز هشتم ماه"
	msgNoApplication        = "درخواستی ثبت نشده است"
	labelApplicationState   = "وضعیت درخواست"
	labelApplyAction        = "درخواست توانا کارت"
	labelMonthAvailable     = "اعتبار قابل استفاده این ماه"
	labelPowerLeft          = "مانده توان خرید"
	labelBalance            = "موجودی"
	labelContractedMerchant = "فروشگاه‌های طرف قرارداد"

	// SupportPhone is the guide's support line.
	SupportPhone = "۰۲۱۷۱۴۰۰۹۰۰ داخلی ۱"
)

// msgOpensAt is the widget's note before the credit opens.
func msgOpensAt(when string) string { return "اعتبار از " + when + " فعال می‌شود." }

// auditActions are this area's audit actions and their Persian labels,
// in the order the staff audit log's filter offers them.
var auditActions = [][2]string{
	{ActionFinanceDecision, "تصمیم امور مالی منطقه درباره درخواست توانا کارت"},
	{ActionWithdraw, msgApplicantWithdrew},
	{ActionEmployeesImport, "ورود فایل کارکنان مناطق"},
	{ActionSettlement, "ثبت فایل تسویه کسورات"},
	{ActionUnmatchedResolve, "بررسی ردیف نامنطبق تسویه"},
	{ActionMobileChange, "تغییر موبایل کارمند"},
	{ActionMerchantPropose, "معرفی فروشگاه توانا"},
	{ActionMerchantDecide, "تصمیم درباره قرارداد فروشگاه توانا"},
}

// roles are the area's staff roles and their Persian labels.
var roles = [][2]string{{RoleManager, "مدیر رفاهی"}}

// HelpPages are the Tavana card's help, in its guide's («به پشتیبانی نیاز
// دارید؟») own words: how to apply, the guarantor, the monthly credit and
// the support line ۰۲۱۷۱۴۰۰۹۰۰ (021-71400900), shown on the welfare home.
// An admin may rewrite them at /staff/help.
var HelpPages = []web.HelpPage{
	{
		Area: "welfare", Slug: "support", Title: "به پشتیبانی نیاز دارید؟",
		Paths: []string{"/welfare", "/welfare/balance"},
		Body: `تلفن ۰۲۱۷۱۴۰۰۹۰۰ داخلی ۱ آماده ارائه خدمات به مشتریان گرامی است.

## ثبت نام و ضامن
ابتدا با ورود در سامانه https://my.medu.ir و از قسمت تواناکارت(رفاهی) اقدام به ثبت نام کنید و تمام مراحل ثبت نام را یک به یک پیش ببرید و نسبت به معرفی ضامن که حتماً باید از منطقه محل اشتغال شما باشد، اقدام کنید.

پس از درخواست، ضامن معرفی شده باید به سامانه https://my.medu.ir مراجعه و از قسمت تایید یا رد ضمانت، اقدام به بررسی و تایید درخواست شما کند و در گام آخر امور مالی منطقه پس از بررسیهای لازم  اقدام به تایید درخواست متقاضیان منطقه کرده و 72 ساعت پس از آن امکان بهره برداری از خدمات برای متقاضی وجود خواهد داشت.

هر شخص امکان ضمانت برای ۳ نفر از همکاران خود را دارد.

ضامن حتما باید از همان منطقه اشتغال متقاضی با سنوات کمتر از 28 سال و ۱۱ ماه باشد و خالص حقوق دریافتی او نیز مساوی یا بیشتر از متقاضی باشد.

## اعتبار ماهانه
اعتبار فعلی ماهانه شما یک چهارم از خالص دریافتی شما است و با توجه به سیاستهای در نظر گرفته شده، درحال حاضر امکان افزایش این مبلغ وجود ندارد.

سقف اعتبار ماهانه برابر است با توان پرداخت یک قسط در ماه توسط مشتری و سقف تعداد اقساط برابر است با مدت زمانی که مشتری توان بازپرداخت اقساط را دارد که هر دو عامل در حین ثبت درخواست توسط متقاضی مشخص میشود. لازم بذکر است ضرب هر دو عامل در یکدیگر سقف کل توان خرید شما را تشکیل می دهد.

بصورت خودکار، روز هشتم ماه بعد از خرید اعتبار شما به حساب شما بازگردانده میشود و مجدد امکان خرید برای شما میسر میشود.

## تغییر شماره موبایل
کافیست شماره موبایل جدید را به واحد رفاهی سازمان خود اعلام کنید تا آنها نیز به تیم پشتیبانی توانا کارت این تغییر را اطلاع دهند و پس از تغییر توسط تیم توانا کارت، امکان ورود به اپلیکیشن با شماره جدید وجود خواهد داشت.`,
	},
}
