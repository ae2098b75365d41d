package app

import (
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
	"pishkhan/internal/welfare"
)

// The demo's Persian: its people, stores and announcements (made up, the
// national codes valid by checksum), the console's lines about what the
// demo offers, and the demo desk (/staff/demo).

// The demo customers.
var demoCustomers = []demoCustomer{
	{"2345678917", "علی", "رضایی", "حسن", "1362/05/14", "09121110001", "", "دارنده کارت اعتباری", false},
	{"3456789122", "مریم", "احمدی", "محمود", "1368/11/02", "09121110002", "", "کارمند آموزش و پرورش (اعتبار رفاهی)", false},
	{"4567891236", "کمال", "نصیری", "رضا", "1359/02/20", "09121110003", "nasiri", "مشترک اینترنت", false},
	{"5678912348", "سارا", "محمدی", "احمد", "1370/07/07", "09121110004", "sara", "حساب آماده (رمز تغییر کرده، سوالات امنیتی ثبت شده)", true},
}

// demoStaff: a member whose role is an area's (area set) is created only
// where the area is served.
var demoStaff = []struct{ username, name, role, area string }{
	{"admin", "مدیر سامانه", identity.RoleAdmin, ""},
	{"support", "کارشناس پشتیبانی", identity.RoleSupport, ""},
	{"finance", "کارشناس مالی", identity.RoleFinance, ""},
	{"welfare", "مدیر رفاهی منطقه", welfare.RoleManager, welfare.Key},
	{"sales", "نماینده فروش", identity.RoleSalesAgent, ""},
}

// The civil registry of the demo: the demo customers (so «تنظیم رمز»
// can be shown for an existing account) and persons without an account
// (so registration can be). Their mobiles are theirs in the registry;
// 09121110009 belongs to nobody, to show the guide's mismatch message.
var demoRegistry = []idp.Person{
	{NationalCode: "2345678917", FirstName: "علی", LastName: "رضایی", FatherName: "حسن", BirthDate: "1362/05/14", CertificateNumber: "1254",
		CertificatePlace: "تهران", CertificateDate: "1362/06/01", Gender: idp.GenderMale, Mobiles: []string{"09121110001"}},
	{NationalCode: "3456789122", FirstName: "مریم", LastName: "احمدی", FatherName: "محمود", BirthDate: "1368/11/02", CertificateNumber: "3321",
		CertificatePlace: "اصفهان", CertificateDate: "1368/12/10", Gender: idp.GenderFemale, Mobiles: []string{"09121110002"}},
	{NationalCode: "4567891236", FirstName: "کمال", LastName: "نصیری", FatherName: "رضا", BirthDate: "1359/02/20", CertificateNumber: "785",
		CertificatePlace: "شیراز", CertificateDate: "1359/03/05", Gender: idp.GenderMale, Mobiles: []string{"09121110003"}},
	{NationalCode: "5678912348", FirstName: "سارا", LastName: "محمدی", FatherName: "احمد", BirthDate: "1370/07/07", CertificateNumber: "4410",
		CertificatePlace: "تبریز", CertificateDate: "1370/08/01", Gender: idp.GenderFemale, Mobiles: []string{"09121110004"}},
	{NationalCode: "0067891233", FirstName: "رضا", LastName: "کریمی", FatherName: "عباس", BirthDate: "1369/08/17", CertificateNumber: "2231",
		CertificatePlace: "مشهد", CertificateDate: "1369/09/02", Gender: idp.GenderMale, Mobiles: []string{"09121110005", "09351110005"}},
	{NationalCode: "0078912342", FirstName: "نرگس", LastName: "حسینی", FatherName: "جواد", BirthDate: "1377/07/07", CertificateNumber: "118",
		CertificatePlace: "کرج", CertificateDate: "1377/07/20", Gender: idp.GenderFemale, Mobiles: []string{"09121110006"}},
	{NationalCode: "0089123451", FirstName: "حمید", LastName: "صادقی", FatherName: "یوسف", BirthDate: "1365/01/25", CertificateNumber: "9087",
		CertificatePlace: "قم", CertificateDate: "1365/02/11", Gender: idp.GenderMale, Mobiles: []string{"09121110007"}},
}

// The welcome SMS to the demo's own mobile.
const (
	demoWelcomeRecipient = "کاربر نمایشی"
	demoWelcomeReason    = "پیام خوش‌آمد نسخه نمایشی"
	demoWelcomeText      = "به پیشخوان خوش آمدید. پیامک‌های نسخه نمایشی به جای ارسال در اینجا چاپ می‌شوند."
)

// The console's lines about what the demo offers, quoting the pages'
// Persian labels.
const (
	offerDemoSMS         = "demo SMS are not sent: each appears on this console as «پیامک به …»"
	offerDynamicPassword = "dynamic second password: card holder %s's mobile %s is confirmed and SMS codes are on for his card, so a payment above %s rials with card %s asks for «دریافت رمز از طریق پیامک» (the code appears on this console); staff enrol an authenticator app at their first sign-in"
	offerSupport         = "support: two announcements (one per refresh on the home page), a survey, the support staff member in «پشتیبانی فنی»"
	offerRegistration    = "registration («ثبت نام یا تنظیم رمز» on /login, or /register): persons in the civil registry without an account: %s" +
		"; the demo customers are in the registry too (their mobiles 09121110001–4), so the same path sets a new password; the SMS code («کد احراز امتا») appears on this console; 09121110009 belongs to nobody"
	offerISPSubscriber = "ISP subscriber کمال نصیری (%s, or the line's number %s): the guide's box, histories, bills and yesterday's usage; internet username %s, password %s (RADIUS and «نمایش کلمه عبور»)"
	offerISPChange     = "ISP subscriber پیشگامان کا: sign in with %s / %s; «تغییر سرویس» to «زمرد» shows the guide's pre-invoice (6,791,233 payable); internet %s / %s"
)

// The support seed: two announcements and a survey.
func demoAnnouncements() []support.NewAnnouncement {
	return []support.NewAnnouncement{
		{Title: "ساعات کاری پشتیبانی", Body: "همکاران پشتیبانی همه روزه از ساعت ۸ تا ۲۰ پاسخگوی تیکت‌های شما هستند.", Audience: support.AudienceAll},
		{Title: "پرداخت آنلاین", Body: "با همه کارت‌های عضو شبکه شتاب می‌توانید خرید و تمدید خود را به صورت آنلاین پرداخت کنید.", Audience: support.AudienceAll},
	}
}

const (
	demoSurveyTitle          = "نظرسنجی رضایت از خدمات"
	demoSurveyChoiceQuestion = "از کیفیت خدمات ما چقدر راضی هستید؟"
	demoSurveyChoices        = "خیلی زیاد\nزیاد\nمتوسط\nکم"
	demoSurveyTextQuestion   = "پیشنهاد شما برای بهتر شدن خدمات چیست؟"
)

// The cards seed: the insurer of the guide's policy purchases, and how
// the holder's mobile was confirmed.
const (
	demoPolicyMerchant = "بیمه ملت"
	demoMobileEvidence = "کارت ملی (داده نمایشی)"
)

// The ISP seed's second subscriber, a company.
const (
	demoISPChangeFirstName = "پیشگامان"
	demoISPChangeLastName  = "کا"
)

// The load-test customers (demo --scale).
const scaleFirstName = "مشتری"

func scaleLastName(i int) string { return "آزمون بار " + fa.Digits(strconv.Itoa(i)) }

// The welfare seed: the region, the employees' file and two stores.
const (
	demoWelfareRegion        = "تهران - منطقه ۱۱"
	demoWelfareMerchant      = "فروشگاه اینترنتی توانا کالا"
	demoWelfareEmployeesFile = "personnel_no,national_code,first_name,last_name,region_code,region,net_salary,service_years,service_months,mobile\n" +
		"880001,6123456784,رضا,کریمی,11,تهران - منطقه ۱۱,120000000,12,3,09121110011\n" +
		"880002,6234567894,حسین,کاظمی,11,تهران - منطقه ۱۱,150000000,20,0,09121110012\n" +
		"880003,3456789122,مریم,احمدی,11,تهران - منطقه ۱۱,95000000,8,6,09121110002\n"

	demoWelfareOnlineCity     = "تهران"
	demoWelfareOnlineCategory = "لوازم خانگی و دیجیتال"
	demoWelfareShop           = "فروشگاه حضوری نقش جهان"
	demoWelfareShopCity       = "اصفهان"
	demoWelfareShopCategory   = "پوشاک"
	demoWelfareShopAddress    = "اصفهان، خیابان چهارباغ عباسی"
)

// The demo desk (/staff/demo).
const (
	titleDemoDesk         = "ساعت و کارهای زمان‌بندی‌شده"
	auditDemoJobRun       = "اجرای کار زمان‌بندی‌شده (نسخه نمایشی)"
	auditDemoClockAdvance = "جلو بردن ساعت (نسخه نمایشی)"
	demoNeverRun          = "هنوز اجرا نشده"
	msgChooseUnit         = "واحد را انتخاب کنید: ساعت یا روز."
)

// demoJobLabels say in Persian what each shared scheduled job does; the
// areas' jobs bring their labels in their descriptors (jobLabel); a job
// in neither shows its id.
var demoJobLabels = map[string]string{
	"billing_reverify": "استعلام دوباره پرداخت‌های نامعلوم از بانک",
	"cleanup":          "پاک کردن نشست‌ها، کدها و تصاویر امنیتی منقضی",
}

// demoJobStates name River's job states.
var demoJobStates = map[string]string{
	"available": "در صف", "scheduled": "در صف", "pending": "در صف", "running": web.MsgRunning,
	"completed": "انجام شد", "retryable": "خطا؛ دوباره تلاش می‌شود", "discarded": "ناموفق", "cancelled": "لغو شد",
}

// demoNowAt is the demo's date and time: «… ، ساعت ۱۰:۳۰».
func demoNowAt(date, clock string) string { return date + "، ساعت " + clock }

func msgJobQueued(label string) string {
	return "کار «" + label + "» در صف اجرا قرار گرفت؛ تا چند ثانیه دیگر انجام می‌شود (صفحه را دوباره باز کنید)."
}

func msgClockAdvanced(shift, now string) string {
	return "ساعت نسخه نمایشی " + shift + " جلو رفت؛ اکنون " + now +
		" است. همه کارهای زمان‌بندی‌شده در صف اجرا قرار گرفتند."
}

func msgHoursRange(max int) string {
	return "تعداد ساعت باید عددی از ۱ تا " + fa.Digits(strconv.Itoa(max)) + " باشد."
}

func msgDaysRange(max int) string {
	return "تعداد روز باید عددی از ۱ تا " + fa.Digits(strconv.Itoa(max)) + " باشد."
}

// Durations on the desk: «۳ روز و ۲ ساعت», «هر ۶ ساعت», «۵ دقیقه پیش».
const (
	unitDay     = "روز"
	unitHour    = "ساعت"
	unitMinute  = "دقیقه"
	unitJoin    = " و "
	everyMinute = "هر دقیقه"
	everyHour   = "هر ساعت"
	agoNow      = "همین حالا"
)

func everyHours(n int) string   { return "هر " + fa.Digits(strconv.Itoa(n)) + " ساعت" }
func everyMinutes(n int) string { return "هر " + fa.Digits(strconv.Itoa(n)) + " دقیقه" }
func minutesAgo(n int) string   { return fa.Digits(strconv.Itoa(n)) + " دقیقه پیش" }
func hoursAgo(n int) string     { return fa.Digits(strconv.Itoa(n)) + " ساعت پیش" }
func daysAgo(n int) string      { return fa.Digits(strconv.Itoa(n)) + " روز پیش" }
