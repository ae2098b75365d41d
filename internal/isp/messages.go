package isp

import (
	"strconv"

	"pishkhan/internal/fa"
)

// The Persian text of the ISP panel, every sentence once: the code refers
// to these keys. The guide's own sentences (seed 004) keep its wording,
// spacing and punctuation. Templates hold the pages' own text.

// Titles of the subscriber's pages, which are also its menu items.
const (
	titlePanel     = "پنل اینترنت"
	titleDocuments = "پروفایل و بارگذاری مدارک"
	titleLineLog   = "سابقه وضعیت خط تلفن"
	titleHistory   = "سابقه سرویس ها و قبوض"
	titleAccount   = "میزان روز و ترافیک باقیمانده"
	titlePassword  = "تغییر کلمه عبور اینترنت"
	titleRenew     = "تمدید و تغییر سرویس"
)

// Titles of the staff desk's pages and menu items.
const (
	titleStaffDesk  = "مشترکین اینترنت"
	titleStaffPlans = "سرویس‌های اینترنت"
)

// The area descriptor, the support audience and the home page's widget.
const (
	areaTitle          = "پنل مشترکین اینترنت"
	jobSweepLabel      = "اینترنت: پیامک‌های انقضا، لیست جمع‌آوری، قطع پس از مهلت یک‌هفته‌ای مدارک، صورت‌حساب ماهانه"
	labelInternet      = "اینترنت"
	labelActiveService = "سرویس فعال"
	labelDaysLeft      = "روزهای باقیمانده"
	labelTrafficLeft   = "ترافیک باقیمانده"
	labelRenewService  = "تمدید سرویس"
	labelInternetHome  = "صفحه اصلی اینترنت"
	msgServiceEnded    = "سرویس شما به پایان رسیده است."
)

// internetLine names a customer's line to support: «اینترنت user».
func internetLine(username string) string { return labelInternet + " " + username }

// The home box and the account tab, in words.
const (
	labelNoActiveService = "فاقد سرویس فعال"
	labelNoReserved      = "فاقد سرویس رزرو"
	labelNoStaticIP      = "فاقد IP استاتیک"
	labelNoRouteIP       = "فاقد Route IP"
	labelUnlimited       = "نامحدود"
	labelOnline          = "آنلاین"
	labelOffline         = "آفلاین"
)

// inDays writes a number of days: «۲۶ روز».
func inDays(n int64) string { return fa.Digits(strconv.FormatInt(n, 10)) + " روز" }

// inGB puts the unit after a figure already in Persian digits: «۴.۲۴ گیگابایت».
func inGB(digits string) string { return digits + " گیگابایت" }

// amountUntil is timed traffic and the time it lasts: «… تا ۱۳۹۴/۱۱/۲۵ ۱۳:۴۲».
func amountUntil(amount, until string) string { return amount + " تا " + until }

// The home page's pictures (page_charts.go).
const (
	chartServiceTraffic = "ترافیک سرویس"
	chartTrafficLeft    = "باقی مانده"
	chartTrafficUsed    = "مصرف شده"
	chartServiceDays    = "روزهای سرویس"
	chartDaysLeft       = "روز باقی مانده"
	chartDaysGone       = "روز گذشته"
)

// chartDailyUsage is the usage page's chart title over days days.
func chartDailyUsage(days int) string {
	return "ترافیک مصرف شده در " + fa.Digits(strconv.Itoa(days)) + " روز گذشته (مگابایت)"
}

// Line statuses («وضعیت خط») and what a line's status history says of a
// change made by the program.
const (
	labelOperating  = "بهره برداری"
	labelCollection = "در لیست جمع آوری"
	labelSuspended  = "قطع"

	noteReservedStarts  = "شروع سرویس رزرو"
	noteDocsApproved    = "وصل پس از تایید مدارک"
	noteDocsMissing     = "قطع خودکار: مدارک معتبر در مهلت یک هفته ارسال نشد"
	noteFreeChargeEnded = "پایان شارژ رایگان بدون شارژ اصلی"
)

// LineStatusNames are the Persian words the pages show.
var LineStatusNames = map[string]string{
	LineOperating:  labelOperating,
	LineCollection: labelCollection,
	LineSuspended:  labelSuspended,
}

// noteBought is a line's status note when a purchase brings it back
// from the collection list: «خرید …».
func noteBought(name string) string { return "خرید " + name }

// noteCreatedBy is the note of a line that staff registered.
func noteCreatedBy(staffName string) string { return "ثبت خط توسط " + staffName }

// Purchase types («نوع خرید») and what a purchase record says.
const (
	labelFreeCharge    = "شارژ رایگان"
	labelChangeService = "تغییر سرویس"
	noteReserved       = "سرویس رزرو"
	// fmtFreeChargeNote is formatted with the days and megabytes given.
	fmtFreeChargeNote = "%d روز و %d مگابایت"
	// fmtRenewIP is formatted with the address and the months.
	fmtRenewIP = "تمدید IP استاتیک %s به مدت %s ماه"
)

// PurchaseTypeNames are the Persian words of the history table.
var PurchaseTypeNames = map[string]string{
	BoughtByAdmin: "مدیر سامانه",
	BoughtByAgent: "حضور نماینده فروش",
	BoughtOnline:  "آنلاین",
	BoughtFree:    labelFreeCharge,
}

// Plan kinds, on the staff's plan list and the lines of an order.
const (
	labelKindService  = "سرویس"
	labelKindTraffic  = "ترافیک"
	labelKindTimed    = "ترافیک زماندار"
	labelChosenPlan   = "سرویس انتخابی"
	labelStaticIPItem = "تمدید IP استاتیک"
)

var planKindNames = map[string]string{PlanService: labelKindService, PlanTraffic: labelKindTraffic, PlanTimed: labelKindTimed}

// orderLineLabels head an order's line by what is bought.
var orderLineLabels = map[string]string{"service": labelChosenPlan, "change": labelChosenPlan, "traffic": labelKindTraffic, "timed": labelKindTimed}

// orderChangeTo is the description of a change-of-service order.
func orderChangeTo(name string) string { return "تغییر سرویس به " + name }

// refundReserved is the wallet's line when a paid service cannot start
// because a reserved one was bought first.
func refundReserved(tracking string) string {
	return "برگشت مبلغ سفارش " + tracking + " (سرویس رزرو پیش تر خریده شده)"
}

// renewTabs are the guide's six tabs of «تمدید و تغییر سرویس», in its order.
var renewTabs = []struct{ Key, Label string }{
	{"service", "خرید سرویس"},
	{"traffic", "خرید ترافیک"},
	{"timed", "خرید ترافیک زماندار"},
	{"change", labelChangeService},
	{"ip", labelStaticIPItem},
	{"free", labelFreeCharge},
}

// Refusals of the subscriber's panel and the desk (the sentinels are in
// service.go and beside the rules they guard).
const (
	msgNotSubscriber     = "برای حساب شما خط اینترنتی ثبت نشده است."
	msgNoPlan            = "سرویس انتخاب شده یافت نشد."
	msgWrongOldPassword  = "کلمه عبور قدیم اینترنت نادرست است."
	msgPasswordRepeat    = "تکرار کلمه عبور جدید با کلمه عبور جدید یکسان نیست."
	msgPasswordFormat    = "کلمه عبور اینترنت باید ۶ تا ۳۲ حرف لاتین، رقم یا نشانه باشد."
	msgPasswordSame      = "کلمه عبور جدید نباید با کلمه عبور قدیم یکسان باشد."
	msgNoActiveService   = "شما سرویس فعالی ندارید؛ از سربرگ خرید سرویس استفاده نمایید."
	msgSamePlan          = "سرویس جدید با سرویس فعلی یکسان است."
	msgReservedTaken     = "شما یک سرویس رزرو دارید؛ پس از شروع آن سرویس بعدی را بخرید."
	msgNoStaticIP        = "برای خط شما IP استاتیک ثبت نشده است."
	msgMonths            = "مدت تمدید را از فهرست انتخاب نمایید."
	msgFreeUsed          = "شارژ رایگان تنها یک مرتبه اعمال می شود و پیش تر از آن استفاده کرده اید."
	msgFreeNotNeeded     = "روز و ترافیک سرویس شما هنوز تمام نشده است؛ شارژ رایگان تنها پس از اتمام آنها اعمال می شود."
	msgUsername          = "نام کاربری اینترنت باید ۳ تا ۳۲ حرف کوچک لاتین، رقم، نقطه، خط تیره یا زیرخط باشد."
	msgUsernameTaken     = "این نام کاربری اینترنت پیش تر ثبت شده است."
	msgAlreadySubscriber = "برای این مشترک پیش تر خط اینترنت ثبت شده است."
	msgPhoneTaken        = "این شماره تلفن برای مشترک دیگری ثبت شده است."
	msgLineStatus        = "وضعیت خط را از فهرست انتخاب نمایید."
	msgRouteIP           = "Route IP باید یک شبکه IPv4 مانند 85.9.70.0/29 باشد."
	msgStaticIP          = "IP استاتیک (IPv4)، هزینه ماهانه و مدت را درست وارد کنید."
)

// Refusals of a plan and of the free charge (admin).
const (
	msgPlanKind     = "نوع طرح را انتخاب نمایید."
	msgPlanName     = "نام طرح را بنویسید."
	msgPlanDays     = "مدت طرح (روز) معتبر نیست."
	msgPlanTraffic  = "حجم طرح (مگابایت) معتبر نیست."
	msgPlanSpeed    = "سرعت طرح معتبر نیست."
	msgPlanSessions = "تعداد اتصال همزمان باید بین ۱ تا ۱۶ باشد."
	msgFreeCharge   = "روز (۰ تا ۳۰) و ترافیک (۰ تا ۱۰۰٬۰۰۰ مگابایت) شارژ رایگان معتبر نیست."
)

// Why an Access-Request is refused; the RADIUS reply carries it as
// Reply-Message, which the subscriber's modem or PPPoE dialer shows.
const (
	RejectPassword  = "نام کاربری یا کلمه عبور اینترنت نادرست است."
	RejectExpired   = "سرویس شما به پایان رسیده است؛ از پنل کاربری سرویس خود را تمدید نمایید."
	RejectSuspended = "خط شما قطع شده است؛ با پشتیبانی تماس بگیرید."
	RejectNoTraffic = "ترافیک شما به پایان رسیده است؛ از پنل کاربری ترافیک بخرید."
	// RejectSessions is formatted with the plan's limit.
	RejectSessions = "تعداد اتصال های همزمان شما به سقف مجاز سرویس (%s) رسیده است؛ ابتدا اتصال دیگر را قطع نمایید."
)

// NASReasonNames are the Persian words of the staff's log table.
var NASReasonNames = map[string]string{
	ReasonSuspended:  "قطع خط",
	ReasonCollection: labelCollection,
	ReasonExpired:    "پایان سرویس",
	ReasonNoTraffic:  "اتمام ترافیک",
	ReasonStaff:      "قطع اتصال توسط کارشناس",
	ReasonRate:       "تغییر سرعت",
}

// The RADIUS box of the staff's line desk (staff_radius.go).
const (
	msgNoRadius        = "سرور RADIUS اجرا نمی شود؛ قطع اتصال ممکن نیست."
	msgSessionClosed   = "این اتصال دیگر باز نیست."
	msgNASAck          = "NAS اتصال را قطع کرد."
	msgNASNoAnswer     = "NAS به درخواست قطع اتصال پاسخ نداد؛ درخواست در جدول زیر ثبت شد."
	msgPlanSessionsSet = "تعداد اتصال همزمان ثبت شد."
)

var nasKindNames = map[string]string{NASDisconnect: "قطع اتصال (Disconnect)", NASCoA: "تغییر سرعت (CoA)"}

var nasResultNames = map[string]string{"ack": "پذیرفته شد (ACK)", "nak": "رد شد (NAK)", "timeout": "بی پاسخ", "error": "ارسال نشد"}

// msgNASRefused says the NAS answered a Disconnect with a NAK and its
// Error-Cause.
func msgNASRefused(cause int) string {
	return "NAS درخواست قطع اتصال را نپذیرفت (" + nasResultNames["nak"] + "؛ Error-Cause " + fa.Digits(strconv.Itoa(cause)) + ")."
}

// Documents: their statuses, refusals, the upload's answers and the
// desk's chart of those waiting.
const (
	msgDocumentType     = "فقط تصویر JPEG، PNG یا GIF پذیرفته می شود."
	msgDocumentSize     = "حجم هر فایل باید کمتر از ۵ مگابایت باشد."
	msgDocumentCount    = "در هر ارسال یک تا پنج فایل انتخاب نمایید."
	msgRejectReason     = "دلیل رد مدرک را بنویسید."
	msgDocumentState    = "این مدرک پیش تر بررسی شده است."
	msgUploadTooLarge   = "حجم مجموع فایل ها بیش از حد مجاز است."
	msgFileUnreadable   = "فایل قابل خواندن نیست."
	msgDocumentsSent    = "مدارک ارسال شد و پس از بررسی تایید می شود."
	msgDocumentApproved = "مدرک تایید شد."
	msgDocumentRejected = "مدرک رد شد؛ مهلت یک هفته ای مشترک آغاز شد."

	chartPending        = "مدارک در انتظار بررسی به تفکیک مدت انتظار"
	labelUnderADay      = "کمتر از یک روز"
	labelOneToThreeDays = "یک تا سه روز"
	labelThreeToSeven   = "سه تا هفت روز"
)

// DocStatusNames are the Persian words of the list.
var DocStatusNames = map[string]string{DocPending: "در انتظار بررسی", DocApproved: "تایید شده", DocRejected: "رد شده"}

// inFile puts the name of the file a refusal is about before it.
func inFile(name, msg string) string { return name + ": " + msg }

// inDocuments writes a count of documents: «۳ مدرک».
func inDocuments(n int64) string { return fa.Digits(strconv.FormatInt(n, 10)) + " مدرک" }

// The usage tab and the internet password form.
const (
	msgFromDate     = "تاریخ شروع معتبر نیست؛ نمونه: ۱۳۹۴/۱۱/۲۴"
	msgToDate       = "تاریخ خاتمه معتبر نیست؛ نمونه: ۱۳۹۴/۱۱/۲۵"
	msgToBeforeFrom = "تاریخ خاتمه نباید پیش از تاریخ شروع باشد."
	// The password fields, asked for with web.MsgRequired.
	labelOldPassword   = "کلمه عبور قدیم اینترنت"
	labelNewPassword   = "کلمه عبور جدید اینترنت"
	msgPasswordChanged = "کلمه عبور اینترنت تغییر کرد. کلمه عبور جدید را در تنظیمات مودم خود نیز وارد نمایید."
	msgChoosePlan      = "سرویس مورد نظر خود را انتخاب نمایید."
	msgFreeChargeDone  = "شارژ رایگان اعمال شد."
)

// The staff desk's answers.
const (
	msgNoSuchCustomer = "مشتری با این کد ملی یافت نشد؛ ابتدا مشتری را ثبت نمایید."
	msgLineStatusSet  = "وضعیت خط ثبت شد."
	msgSoldInPerson   = "خرید حضوری ثبت و اعمال شد."
	msgNumbers        = "روز و ترافیک را به عدد وارد کنید."
	msgFreeChargeSet  = "مقدار شارژ رایگان ثبت شد."
	msgNumber         = "عدد معتبر وارد کنید."
	msgPlanSaved      = "سرویس ثبت شد."
	msgStaticIPSet    = "IP استاتیک ثبت شد."
	msgLineDetailsSet = "مشخصات خط ثبت شد."
)

// titleSubscriber heads the staff's page of one line.
func titleSubscriber(name string) string { return "مشترک " + name }

// msgCampaignsRun says how many lines the month's campaign charged.
func msgCampaignsRun(n int) string {
	return "شارژ کمپین این ماه برای " + fa.Digits(strconv.Itoa(n)) + " مشترک اعمال شد."
}

// Bills, campaign charges and the SMS notices («دلیل ارسال پیامک», the
// guide's message box).
const (
	// fmtBillNote is formatted with the Jalali month's name and the year.
	fmtBillNote        = "%s ماه سال %d"
	msgCampaignCharged = "شارژ با موفقیت اعمال شده"

	NoticeTwoDays = "اعلام 2 روز مانده به منقضی شدن سرویس"
	NoticeEndDay  = "اعلام انقضا شدن سرویس در روز انقضا"
)

// smsEndsOn is the notice two days before a service's last day.
func smsEndsOn(date string) string {
	return "مشترک گرامی، سرویس اینترنت شما در تاریخ " + date + " به پایان می رسد. جهت تمدید به پنل کاربری مراجعه نمایید."
}

// smsEndsToday is the notice on a service's last day.
func smsEndsToday(at string) string {
	return "مشترک گرامی، سرویس اینترنت شما امروز " + at + " منقضی می شود. جهت تمدید به پنل کاربری مراجعه نمایید."
}

// The lines of the load test (scale.go).
const (
	scaleCity   = "تهران"
	scaleCentre = "مرکز آزمون"
)

// The help pages (help.go), in the guide's own words.
const (
	helpSupportTitle = "منو سیستم پشتیبانی"
	helpSupportBody  = `منو سیستم پشتیبانی: با استفاد از این منو میتوانید با پشتیبانهای شرکت سرویس دهنده ارتباط برقرار کنید و درخواست و یا شکایات خود را مطرح کنید تا در اولین فرصت پاسخگوی شما باشند .

- لیست تیکت ها: در این سربرگ میتوان بر اساس عنوان تیکت های ارسالی و وضعیت آنها را مشاهده کرد .
- سوال و جواب: در این سربرگ با انتخاب تیکت مورد نظر میتوان با واحد پشتیبانی بصورت سوال و جواب در ارتباط بود و موارد و مشکلات را مطرح و پیگیری نمایید .
- تیکت جدید : در این سربرگ میتوان برای مطرح کردن مشکلات و نظرات خود به واحد پشتیبانی تیکت ارسال نمایید . باید در نظر داشته باشید که واحد پشتیبانی مورد نظر و اولویت جواب دهی را انتخاب تا در اولین فرصت واحد پشتیبانی مسؤل جوابگوی شما باشد .

[تیکت جدید](/support/new) · [لیست تیکت ها](/support)`

	helpFirstNotesTitle = "نکات مهم و ابتدایی"
	helpFirstNotesBody  = `صفحه ورود (login) : ابتدا برای ورود به پنل کاربری خود برای فعالیت های اینترنتی و سرویس گیری از شرکت سرویس دهنده باید به صفحه سامانه رجوع نمود و مانند عکس زیر اقدام به ورود به پنل کاربری خود بکنید .

1. در این فیلد نام کاربری یا شماره تلفن ثبت شده در سامانه جهت **login** را وارد کنید.
2. در این فیلد کلمه عبور مشخصه نام کاربری خود را جهت **login** را وارد کنید و سپس دکمه ورود به سامانه را کلیک نمایید تا به پنل کاربری خود دسترسی پیدا کنید .
3. در صورت فراموشی کلمه عبور پنل کاربری خود باید دکمه فراموشی کلمه عبور را کلیک کنید تا به صفحه مورد نظر رفته و فرآیند منسوبه را انجام دهید تا رمز عبور برای شما ارسال شود .
4. در صورتی که ۳ مرتبه یوزرنیم و پسورد را اشتباه وارد کنید سیستم به مدت ۳۰ دقیقه ip شما را بلاک میکند یعنی هر شخص با آن آی پی بخواهد وارد سامانه شود اجازه ورود ندارد .`
)

// The guide's figures (guide.go): its plans, as its «خرید سرویس» list,
// change-service example and purchase history name them, and its
// subscribers' details.

// GuideStandard is the demo subscriber's active service, as the guide's
// box names it.
const GuideStandard = "استاندارد پیش پرداخت - یک ماهه سرعت 2048 کیلوبیت حجم 5 گیگ"

// Plans of the guide's change-service example.
const (
	GuideFirooze  = "فیروزه - اینترنت 2048 یکساله 5 گیگ ماهیانه"
	GuideZomorod  = "زمرد - اینترنت 2048 یکساله 40 گیگ در ماه"
	GuideAghigh   = "عقیق- اینترنت یکساله 1024 با 40 گیگ حجم سالیانه + 10 گیگ هدیه"
	GuideCampaign = "جشنواره بهار تا بهار 2مگ ماهیانه 5 گیگ یکساله+ (ماهی 5 گیگ رایگان)-پس پرداخت"
)

// GuideOldCampaign is the campaign of the guide's first six bills.
const GuideOldCampaign = "کمپین 2مگ ماهیانه 5 گیگ-پس پرداخت"

// The guide's other plans and the descriptions it gives.
const (
	guideStandard128   = "استاندارد پیش پرداخت-یک ماهه سرعت 128 کیلوبیت حجم 3 گیگ"
	guideMonth256x3    = "یک ماهه سرعت 256 کیلوبیت حجم 3 گیگ"
	guideMonth512x5    = "یک ماهه سرعت 512 کیلوبیت حجم 5 گیگ"
	guideMonth1024x5   = "یک ماهه سرعت 1024 کیلوبیت حجم 5 گیگ"
	guideMonth1024x8   = "یک ماهه سرعت 1024 کیلوبیت حجم 8 گیگ"
	guideMonth2048x8   = "یک ماهه سرعت 2048 کیلوبیت حجم 8 گیگ"
	guideMonth2048x50  = "یکماهه سرعت 2048 کیلوبیت حجم 50 گیگ"
	guideMonth2048x100 = "یکماهه سرعت 2048 کیلوبیت حجم 100 گیگ"
	guideMonth2048     = "یک ماهه سرعت 2048 کیلوبیت"
	guideQuarter1024x9 = "سه ماهه سرعت 1024 کیلوبیت حجم 9 گیگ"
	guideTraffic5      = "5 گیگ ترافیک عمومی پیش پرداخت"
	guideTraffic1Plus  = "1 گیگ ترافیک عمومی پیش پرداخت طرح حجم ریزان +10% حجم اضافی"
	guideTraffic5Plus  = "5 گیگ ترافیک عمومی پیش پرداخت طرح حجم ریزان +10% حجم اضافی"
	guideTimedWeek     = "ترافیک زماندار 3 گیگ یک هفته ای (با 1 گیگ هدیه)"
	guideTimed3Days    = "ترافیک زماندار 1 گیگ سه روزه"

	guideFiroozeAbout = "سرویس یکساله؛ حجم ماهیانه 5 گیگ."
	guideAghighAbout  = "حجم این سرویس یکجا در ابتدای قرارداد به مشترک واگذار می شود. سرعت این سرویس در صورت امکان فنی تا 4 مگ قابل استفاده می باشد."
	guideZomorodAbout = "سرویس یکساله با 40 گیگ حجم در هر ماه."
)

// The guide's subscriber and the change-service example's line.
const (
	guideCity            = "ساری"
	guideCentre          = "دانشگاه"
	guideConvertNote     = "کانورت اطلاعات اولیه"
	guideCampaignService = "کمپین 2مگ ماهیانه 5گیگ-پس پرداخت"
	exampleCity          = "اصفهان"
	exampleCentre        = "مرکزی"
)
