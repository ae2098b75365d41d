package support

// Error is a domain failure: a stable Code, a Persian Message that is
// safe to show, and the form Field it belongs next to when it has one.
type Error struct {
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string { return "support: " + e.Code }

// UserMessage is what the web kit's form helper shows.
func (e *Error) UserMessage() string { return e.Message }

// Is matches any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func (e *Error) field(f string) *Error {
	c := *e
	c.Field = f
	return &c
}

func (e *Error) message(m string) *Error {
	c := *e
	c.Message = m
	return &c
}

// Sentinels. ErrNotPersian is the guide's own sentence.
var (
	ErrNotFound      = &Error{Code: "not_found", Message: "مورد درخواستی پیدا نشد"}
	ErrNotPersian    = &Error{Code: "not_persian", Message: "لطفاً عنوان و متن تیکت خود را با خط فارسی بنویسید"}
	ErrTitle         = &Error{Code: "title", Message: "عنوان تیکت را وارد کنید", Field: "title"}
	ErrBody          = &Error{Code: "body", Message: "متن را وارد کنید", Field: "body"}
	ErrTooLong       = &Error{Code: "too_long", Message: "متن وارد شده بیش از حد طولانی است"}
	ErrDepartment    = &Error{Code: "department", Message: "واحد را انتخاب کنید", Field: "department"}
	ErrService       = &Error{Code: "service", Message: "سرویس را از فهرست انتخاب کنید", Field: "service"}
	ErrPriority      = &Error{Code: "priority", Message: "اولویت را انتخاب کنید", Field: "priority"}
	ErrClosed        = &Error{Code: "closed", Message: "این تیکت بسته شده است"}
	ErrNotClosed     = &Error{Code: "not_closed", Message: "این تیکت بسته نیست"}
	ErrAttachment    = &Error{Code: "attachment", Message: "فقط تصویر (PNG یا JPEG) و PDF پذیرفته می‌شود", Field: "files"}
	ErrTooManyFiles  = &Error{Code: "too_many_files", Message: "تعداد پیوست‌ها بیش از حد مجاز است", Field: "files"}
	ErrFileTooLarge  = &Error{Code: "file_too_large", Message: "حجم پیوست بیش از حد مجاز است", Field: "files"}
	ErrAssignee      = &Error{Code: "assignee", Message: "این کارمند در واحد این تیکت عضو نیست", Field: "staff"}
	ErrSameDept      = &Error{Code: "same_department", Message: "تیکت هم‌اکنون در همین واحد است", Field: "department"}
	ErrAudience      = &Error{Code: "audience", Message: "مخاطبان را انتخاب کنید", Field: "audience"}
	ErrDates         = &Error{Code: "dates", Message: "تاریخ پایان باید بعد از تاریخ شروع باشد", Field: "ends"}
	ErrDate          = &Error{Code: "date", Message: "تاریخ معتبر نیست (مثال: ۱۴۰۵/۰۱/۰۱)"}
	ErrAnnTitle      = &Error{Code: "announcement_title", Message: "عنوان اطلاعیه را وارد کنید", Field: "title"}
	ErrAnnBody       = &Error{Code: "announcement_body", Message: "متن اطلاعیه را وارد کنید", Field: "body"}
	ErrSurveyTitle   = &Error{Code: "survey_title", Message: "عنوان نظرسنجی را وارد کنید", Field: "title"}
	ErrQuestion      = &Error{Code: "question", Message: "متن سوال را وارد کنید", Field: "text"}
	ErrQuestionKind  = &Error{Code: "question_kind", Message: "نوع سوال را انتخاب کنید", Field: "kind"}
	ErrOptions       = &Error{Code: "options", Message: "برای سوال چندگزینه‌ای دست‌کم دو گزینه (هر گزینه در یک سطر) وارد کنید", Field: "options"}
	ErrNotDraft      = &Error{Code: "not_draft", Message: "سوال فقط به نظرسنجی پیش‌نویس اضافه می‌شود"}
	ErrNoQuestions   = &Error{Code: "no_questions", Message: "نظرسنجی بدون سوال قابل انتشار نیست"}
	ErrSurveyClosed  = &Error{Code: "survey_closed", Message: "این نظرسنجی در حال اجرا نیست"}
	ErrAnswered      = &Error{Code: "answered", Message: "شما قبلاً در این نظرسنجی شرکت کرده‌اید"}
	ErrAnswerMissing = &Error{Code: "answer_missing", Message: "به همه سوال‌ها پاسخ دهید"}
	ErrTarget        = &Error{Code: "target", Message: "زمان‌ها باید عدد مثبت باشند و زمان رسیدگی از زمان اولین پاسخ کمتر نباشد"}
)
