package support

import "pishkhan/internal/web"

// The Persian text of the help desk: every sentence and label support
// shows, by key. Sentences other packages show too are the web kit's
// (web.MsgNotFound, web.MsgTooLong, …) and are used from there.

// Refusals (errors.go). msgNotPersian is the guide's own sentence.
const (
	msgNotPersian    = "لطفاً عنوان و متن تیکت خود را با خط فارسی بنویسید"
	msgTitle         = "عنوان تیکت را وارد کنید"
	msgBody          = "متن را وارد کنید"
	msgDepartment    = "واحد را انتخاب کنید"
	msgService       = "سرویس را از فهرست انتخاب کنید"
	msgPriority      = "اولویت را انتخاب کنید"
	msgClosed        = "این تیکت بسته شده است"
	msgNotClosed     = "این تیکت بسته نیست"
	msgAttachment    = "فقط تصویر (PNG یا JPEG) و PDF پذیرفته می‌شود"
	msgTooManyFiles  = "تعداد پیوست‌ها بیش از حد مجاز است"
	msgFileTooLarge  = "حجم پیوست بیش از حد مجاز است"
	msgAssignee      = "این کارمند در واحد این تیکت عضو نیست"
	msgSameDept      = "تیکت هم‌اکنون در همین واحد است"
	msgAudience      = "مخاطبان را انتخاب کنید"
	msgDates         = "تاریخ پایان باید بعد از تاریخ شروع باشد"
	msgDate          = "تاریخ معتبر نیست (مثال: ۱۴۰۵/۰۱/۰۱)"
	msgAnnTitle      = "عنوان اطلاعیه را وارد کنید"
	msgAnnBody       = "متن اطلاعیه را وارد کنید"
	msgSurveyTitle   = "عنوان نظرسنجی را وارد کنید"
	msgQuestion      = "متن سوال را وارد کنید"
	msgQuestionKind  = "نوع سوال را انتخاب کنید"
	msgOptions       = "برای سوال چندگزینه‌ای دست‌کم دو گزینه (هر گزینه در یک سطر) وارد کنید"
	msgNotDraft      = "سوال فقط به نظرسنجی پیش‌نویس اضافه می‌شود"
	msgNoQuestions   = "نظرسنجی بدون سوال قابل انتشار نیست"
	msgSurveyClosed  = "این نظرسنجی در حال اجرا نیست"
	msgAnswered      = "شما قبلاً در این نظرسنجی شرکت کرده‌اید"
	msgAnswerMissing = "به همه سوال‌ها پاسخ دهید"
	msgTarget        = "زمان‌ها باید عدد مثبت باشند و زمان رسیدگی از زمان اولین پاسخ کمتر نباشد"
)

// Attachments (attachments.go): the limits, with the number put in by
// fmt, and the name of a file sent without one.
const (
	fmtAtMostFiles   = "حداکثر %s پیوست برای هر پیام مجاز است"
	fmtFileAtMostKB  = "حجم هر پیوست حداکثر %s کیلوبایت است"
	attachmentNoName = "پیوست"
)

// The staff pages' own refusals and the queue's status filter.
const (
	msgNotInAnyDesk   = "شما عضو هیچ واحد پشتیبانی نیستید."
	msgNoteRequired   = "متن یادداشت را وارد کنید"
	labelAllButClosed = "همه به جز بسته شده"
	labelAll          = "همه"
)

// Labels of priorities, statuses, overdue flags and survey statuses
// (model.go), as the guide writes them.
var (
	priorityLabels = map[string]string{
		PriorityLow:      "اولویت کم",
		PriorityMedium:   "اولویت متوسط",
		PriorityHigh:     "اولویت بالا",
		PriorityVeryHigh: "اولویت بسیار بالا",
	}
	statusLabels = map[string]string{
		StatusOpen:     "باز است",
		StatusAnswered: "پاسخ داده شده",
		StatusClosed:   "بسته شده",
	}
	overdueLabels = map[string]string{
		OverdueFirstAnswer: "تأخیر در اولین پاسخ",
		OverdueResolution:  "تأخیر در رسیدگی",
	}
	surveyStatusLabels = map[string]string{
		SurveyDraft:  "پیش‌نویس",
		SurveyOpen:   web.MsgRunning,
		SurveyClosed: "پایان یافته",
	}
	questionKindLabels = []labelled{{QuestionChoice, "چندگزینه‌ای"}, {QuestionText, "پاسخ متنی"}}
)

// GeneralService is the «سرویس» every customer may choose: a question not
// about one of their services or cards.
const GeneralService = "عمومی"

// AnswerReason is the «دلیل ارسال پیامک» of the SMS sent when staff answer.
const AnswerReason = "پاسخ تیکت پشتیبانی"

// msgAnswerSMS is the SMS telling a customer their ticket was answered.
func msgAnswerSMS(number, title string) string {
	return "مشترک گرامی، به تیکت شماره " + number + " («" + title + "») پاسخ داده شد. برای مشاهده به سیستم پشتیبانی پنل خود مراجعه کنید."
}

// The thread's event entries: what staff did.
const (
	msgEventClosed   = "بستن تیکت"
	msgEventReopened = "بازگشایی تیکت"
)

func msgEventAssigned(name string) string { return "ارجاع به " + name }
func msgEventMoved(dept string) string    { return "انتقال به واحد " + dept }

// Announcement audiences (service.go).
const labelAllCustomers = "همه مشتریان"

func labelCustomersOf(area string) string { return "مشتریان " + area }

// The queue's «قدمت» filter (staff_tickets.go); a week is the web kit's.
const (
	labelOlderThanADay      = "بیش از یک روز"
	labelOlderThanThreeDays = "بیش از سه روز"
	labelOlderThanAWeek     = web.MsgMoreThanAWeek
)

// Page titles, which are also the menu's labels, and the chart's title.
const (
	titleOverdueChart  = "تیکت‌های تأخیردار به تفکیک واحد"
	titleQueue         = "تیکت‌های پشتیبانی"
	titleDepartments   = "واحدهای پشتیبانی"
	titleAnnouncements = "اطلاعیه‌ها"
	titleStaffSurveys  = "نظرسنجی‌ها"
	titleSurveys       = "نظرسنجی"
	titleTickets       = "لیست تیکت ها"
	titleThreadHelp    = "سوال و جواب"
	titleNewTicket     = "تیکت جدید"
	menuSupport        = "سیستم پشتیبانی"
)

// What a page says after it did what was asked.
const (
	flashTicketOpened      = "تیکت شما ثبت شد و در اولین فرصت پاسخ داده می‌شود."
	flashReplied           = "پاسخ شما ثبت شد."
	flashSurveyThanks      = "از شرکت شما در نظرسنجی سپاسگزاریم."
	flashAnnouncementSaved = "اطلاعیه ثبت شد."
	flashAnnouncementEnded = "نمایش اطلاعیه پایان یافت."
	flashSurveyCreated     = "نظرسنجی ساخته شد؛ سوال‌های آن را اضافه کنید."
	flashQuestionAdded     = "سوال اضافه شد."
	flashSurveyPublished   = "نظرسنجی منتشر شد."
	flashSurveyEnded       = "نظرسنجی پایان یافت."
	flashMemberAdded       = "کارمند به واحد اضافه شد."
	flashMemberRemoved     = "کارمند از واحد خارج شد."
	flashTargetsSaved      = "زمان‌های پاسخگویی ذخیره شد."
	flashAnsweredAndTexted = "پاسخ ثبت شد و به مشتری پیامک شد."
	flashNoteAdded         = "یادداشت داخلی ثبت شد."
	flashTicketAssigned    = "تیکت ارجاع شد."
	flashTicketMoved       = "تیکت به واحد دیگر منتقل شد."
	flashTicketClosed      = "تیکت بسته شد."
	flashTicketReopened    = "تیکت دوباره باز شد."
)

// msgTicketCount is a bar's figure on the overdue chart: «۳ تیکت».
func msgTicketCount(n string) string { return n + " تیکت" }

// Durations of the service targets (staff_departments.go), n in Persian
// digits.
func labelDays(n string) string    { return n + " روز" }
func labelHours(n string) string   { return n + " ساعت" }
func labelMinutes(n string) string { return n + " دقیقه" }
