package identity

import "strings"

// Every sentence identity shows a person, and every Persian label of its
// pages, SMS and audit log, written once. Code refers to the keys. The
// sentences several packages show are web's (web.MsgDone, web.MsgNotFound,
// web.MsgTooLong, web.MsgInvalidValue, web.MsgCaptchaWrong, web.MsgRequired);
// identity exports the two that registration (signup) shares with it.

// Refusals: the messages of identity's *fa.Error sentinels (errors.go and
// the files that declare a sentinel beside its code).
const (
	msgBadCredentials = "نام کاربری یا کلمه عبور اشتباه است"
	msgAddressLocked  = "به دلیل ۳ بار ورود ناموفق، ورود از این نشانی فعلاً ممکن نیست"
	msgAccountLocked  = "به دلیل ورودهای ناموفق پی‌درپی، ورود به این حساب فعلاً ممکن نیست"
	msgInitialExpired = "مهلت استفاده از کلمه عبور اولیه به پایان رسیده است. از «فراموشی کلمه عبور» استفاده کنید یا با پشتیبانی تماس بگیرید"
	msgDisabled       = "این حساب غیرفعال است. با پشتیبانی تماس بگیرید"
	// MsgPasswordUnfit refuses a password that breaks the policy (signup
	// shows it too).
	MsgPasswordUnfit     = "کلمه عبور مناسب نیست"
	msgWrongOldPassword  = "کلمه عبور قدیم اشتباه است"
	msgRepeatMismatch    = "کلمه عبور جدید و تکرار آن یکسان نیستند"
	msgSamePassword      = "کلمه عبور جدید باید با کلمه عبور فعلی متفاوت باشد"
	msgRecoveryMismatch  = "اطلاعات وارد شده با اطلاعات ثبت شده در سامانه مطابقت ندارد"
	msgRateLimited       = "تعداد درخواست‌ها بیش از حد مجاز است؛ لطفاً بعداً دوباره تلاش کنید"
	msgTooManyCaptchas   = "درخواست کد امنیتی از این نشانی بیش از حد است؛ لطفاً بعداً دوباره تلاش کنید"
	msgFactorLocked      = "به دلیل رمزهای نادرست پی‌درپی، رمز دوم این حساب قفل شده است؛ لطفاً بعداً دوباره تلاش کنید"
	msgAnswerLatin       = "لطفا صفحه کلید را در حالت لاتین قرار دهید و پاسخ را با حروف لاتین وارد کنید"
	msgAnswerEmpty       = "پاسخ سوال امنیتی را وارد کنید"
	msgQuestions         = "سه سوال امنیتی متفاوت از فهرست انتخاب کنید و به هر یک پاسخ دهید"
	msgNoQuestions       = "برای این مشترک سوال امنیتی ثبت نشده است"
	msgBirthDateSet      = "تاریخ تولد قابل ویرایش نمی باشد"
	msgNationalCodeTaken = "مشترکی با این کد ملی قبلاً ثبت شده است"
	msgUsernameTaken     = "این نام کاربری قبلاً ثبت شده است"
	msgIdentifierTaken   = "این شناسه به حساب دیگری تعلق دارد"
	msgUsername          = "نام کاربری باید ۳ تا ۳۲ نویسه از حروف و ارقام لاتین (و . _ -) باشد و با یک حرف آغاز شود"
	msgRole              = "نقش انتخاب شده معتبر نیست"
	msgNoRole            = "دست‌کم یک نقش انتخاب کنید"
	msgFullName          = "نام و نام خانوادگی را وارد کنید"
	msgEmail             = "نشانی پست الکترونیک معتبر نیست"
	msgGender            = "جنسیت معتبر نیست"
	msgEducation         = "مدرک تحصیلی معتبر نیست"
	msgNoMobile          = "برای این مشترک شماره همراه ثبت نشده است"
	// MsgLineNumber refuses a landline number (isp refuses it too).
	MsgLineNumber  = "شماره تلفن خط باید ۴ تا ۱۱ رقم باشد"
	msgStaffOnly   = "این مورد را فقط کارکنان می‌توانند تغییر دهند"
	msgUnknownKind = "نوع شناسه معتبر نیست"
	msgNotLocked   = "این مورد مسدود نیست؛ ممکن است زمان آن گذشته یا پیش‌تر برداشته شده باشد."
	// MsgAddressPersian: the registration guide asks for the address in
	// Persian (signup shows it too).
	MsgAddressPersian = "نشانی را به فارسی وارد کنید"

	// msgTryLater is how the refusals of a lock or rate limit above end
	// while their time is not known; lockedError puts the minutes in its
	// place (msgRetryIn). They are written whole: otp's shorter sentence
	// «… رمز دوم این حساب قفل شده است.» is not this one.
	msgTryLater = "؛ لطفاً بعداً دوباره تلاش کنید"
)

// msgAddressLockedFor is ErrAddressLocked with the attempts and the
// minutes left, both in Persian digits.
func msgAddressLockedFor(attempts, minutes string) string {
	return "به دلیل " + attempts + " بار ورود ناموفق، ورود از این نشانی" + msgForMinutes(minutes)
}

// msgAccountLockedFor is ErrAccountLocked with the minutes left.
func msgAccountLockedFor(minutes string) string {
	return "به دلیل ورودهای ناموفق پی‌درپی، ورود به این حساب" + msgForMinutes(minutes)
}

// msgForMinutes ends a lock's refusal: « تا ۵ دقیقه دیگر ممکن نیست».
func msgForMinutes(minutes string) string {
	return " تا " + minutes + " دقیقه دیگر ممکن نیست"
}

// msgRetryIn is a refusal ending in msgTryLater, with the minutes left
// in its place.
func msgRetryIn(refusal, minutes string) string {
	return strings.TrimSuffix(refusal, msgTryLater) + "؛ لطفاً " + minutes + " دقیقه دیگر دوباره تلاش کنید"
}

// The password policy (policy.go) and the rules shown under every password
// form (page_login.go); the first four are the registration guide's own
// sentences.
var msgTooShort = msgPasswordMinLen("8")

const (
	msgStaffShort   = "کلمه عبور کارکنان می بایست حداقل 12 کاراکتر باشد"
	msgNoUpper      = "کلمه عبور می بایست شامل حداقل یک حرف انگلیسی بزرگ باشد"
	msgNoDigit      = "کلمه عبور می بایست شامل حداقل یک عدد باشد"
	msgPersian      = "در کلمه عبور ورود حروف فارسی مجاز نمی باشد"
	msgPersonal     = "کلمه عبور نباید با کد ملی، نام کاربری یا شماره همراه یکسان باشد"
	msgGuessable    = "این کلمه عبور رایج یا قابل حدس است"
	msgRulePersonal = "کلمه عبور نباید کد ملی، نام کاربری یا شماره همراه شما، یا کلمه‌ای رایج و قابل حدس باشد"
	// passwordHintBrand is the product's name, a word a password must not
	// be built from (zxcvbn's user inputs).
	passwordHintBrand = "پیشخوان"
)

// msgPasswordMinLen is the length rule for n characters.
func msgPasswordMinLen(n string) string {
	return "کلمه عبور می بایست حداقل " + n + " کاراکتر باشد"
}

// Page titles; those with a menu item share its label.
const (
	titleLogin       = "ورود به سامانه"
	titleForgot      = "فراموشی کلمه عبور"
	titleProfile     = "اطلاعات شما"
	titlePassword    = labelPasswordChange
	titleActivity    = "ورودهای اخیر"
	titleMessages    = "صندوق پیام ها"
	titleQuestions   = "سوالات امنیتی"
	titleStaffLogin  = "ورود کارکنان"
	titleStaffHome   = "میز کار"
	titleCustomers   = "جستجوی مشتری"
	titleNewCustomer = "مشترک جدید"
	titleSMSLog      = "گزارش پیامک‌ها"
	titleAudit       = "رویدادهای امنیتی"
	titleLocks       = "مسدودی‌ها"
)

// Form field labels.
const (
	labelIdentifier       = "شناسه"
	labelPassword         = "کلمه عبور"
	labelUsername         = "نام کاربری"
	labelNationalCode     = "کد ملی"
	labelMobile           = "شماره همراه"
	labelThisValue        = "این مقدار"
	labelEmail            = "پست الکترونیک"
	labelPostalCode       = "کد پستی"
	labelAddress          = "آدرس"
	labelEducation        = "مدرک تحصیلی"
	labelBirthDate        = "تاریخ تولد"
	labelFirstName        = "نام"
	labelLastName         = "نام خانوادگی"
	labelFatherName       = "نام پدر"
	labelBirthDateExample = "تاریخ تولد (مثال: ۱۳۶۹/۰۸/۱۷)"
	labelUsernameOptional = "نام کاربری (اختیاری، با حروف لاتین)"
)

// missingLabels names the profile fields in the prompt, as the form does.
var missingLabels = map[string]string{
	FieldEmail: labelEmail, FieldPostalCode: labelPostalCode, FieldAddress: labelAddress,
	FieldEducation: labelEducation, FieldBirthDate: labelBirthDate, FieldMobile: labelMobile,
}

// identifierLabels names identity's own sign-in identifiers on the back
// office's customer page (an area's are named by its registration).
var identifierLabels = map[string]string{IdentUsername: labelUsername, IdentMobile: labelMobile, IdentNationalCode: labelNationalCode}

// Customer pages: sign-in, recovery, password, questions, activity.
const (
	msgIdentifierRequired = "نام کاربری، شماره همراه، شماره تلفن یا شناسه مشتری را وارد کنید."
	msgPasswordTooLong    = "کلمه عبور بیش از حد طولانی است."
	msgSignedOut          = "از سامانه خارج شدید."
	msgSignedOutOthers    = "از سایر نشست‌ها خارج شدید."
	msgRecoverySent       = "کلمه عبور موقت به شماره همراه ثبت شده پیامک شد. پس از ورود باید آن را تغییر دهید."
	msgPasswordChanged    = "کلمه عبور شما با موفقیت تغییر کرد."
	msgPickQuestion       = "یک سوال از فهرست انتخاب کنید."
	msgQuestionTwice      = "هر سوال را فقط یک بار انتخاب کنید."
	// IncompleteProfileMessage is the ISP guide's prompt.
	IncompleteProfileMessage = "با توجه به اینکه اطلاعات شخصی شما ناقص می باشد ، لذا از شما خواهشمندیم که از منوی ویرایش پروفایل اطلاعات خود را به روز نمایید ."
)

// Back office: customers, locks, SMS log.
const (
	msgCustomerCreated      = "مشترک ثبت شد. کلمه عبور اولیه، کد ملی است و در نخستین ورود باید تغییر کند."
	msgCustomerCreatedSMS   = "مشترک ثبت شد. کلمه عبور اولیه به شماره همراه او پیامک شد."
	msgInitialPasswordGone  = "کلمه عبور اولیه منقضی شده است (فقط بازیابی یا بازنشانی)"
	msgInitialPasswordState = "کلمه عبور اولیه؛ در نخستین ورود باید تغییر کند"
	msgAccountUnlocked      = "مسدودی حساب برداشته شد."
	msgResetToNationalCode  = "کلمه عبور به کد ملی بازنشانی شد؛ مشتری در ورود بعدی باید آن را تغییر دهد."
	msgPickSecurityQuestion = "یک سوال امنیتی از فهرست انتخاب کنید."
	msgAnswerRight          = "پاسخ سوال امنیتی درست است."
	msgAnswerWrong          = "پاسخ سوال امنیتی نادرست است."
	msgBadIP                = "نشانی IP معتبر نیست."
	msgMobileInvalid        = "شماره همراه معتبر نیست."
)

// msgPasswordChangedAt is the customer page's password state after a
// change, at when (already in Persian).
func msgPasswordChangedAt(when string) string { return "تغییر یافته در " + when }

// msgLockedUntil says until when the customer's account is locked.
func msgLockedUntil(when string) string {
	return "ورود به این حساب تا " + when + " مسدود است."
}

// msgAddressNotLocked answers an unlock of an address that was not locked.
func msgAddressNotLocked(ip string) string { return "نشانی " + ip + " مسدود نبود." }

// msgAddressUnlocked confirms an address's unlock.
func msgAddressUnlocked(ip string) string {
	return "مسدودی نشانی " + ip + " برداشته شد."
}

// msgLockLifted confirms a lock lifted at the locks desk, by its kind.
func msgLockLifted(scopeLabel string) string {
	return "مسدودی «" + scopeLabel + "» برداشته شد."
}

// msgUnknownIdentifier names the counter of an identifier that matched
// nobody.
func msgUnknownIdentifier(typed string) string {
	return "شناسه ناشناخته «" + typed + "»"
}

// Parties of the audit log (describeParty).
const (
	partyCustomer  = "مشتری"
	partyStaff     = "کارمند"
	partyAnonymous = "ناشناس"
	partySystem    = "سامانه"
)

// SMS: the message box's reasons and the texts.
const (
	// RecoveryReason is the SMS reason shown in the message box.
	RecoveryReason = labelRecovery
	// PasswordChangedReason is the message box's reason of the SMS that
	// tells a customer their password was changed.
	PasswordChangedReason = "اطلاع تغییر کلمه عبور"
	// FactorLockedReason is the SMS log's reason for the lock notice.
	FactorLockedReason    = "قفل رمز دوم"
	initialPasswordReason = "کلمه عبور اولیه"

	smsPasswordChanged = "کلمه عبور حساب کاربری شما تغییر کرد. اگر این تغییر را شما انجام نداده‌اید، فوراً با پشتیبانی تماس بگیرید."
	smsFactorLocked    = "به دلیل رمزهای یکبار مصرف نادرست پی‌درپی، رمز دوم شما تا یک ساعت قفل شد. اگر این تلاش‌ها از شما نبوده، فوراً با پشتیبانی تماس بگیرید."
)

// smsInitialPassword sends a new customer's random first password.
func smsInitialPassword(password string) string {
	return "کلمه عبور اولیه شما: " + password + "\nدر اولین ورود باید آن را تغییر دهید."
}

// smsTemporaryPassword sends recovery's temporary password.
func smsTemporaryPassword(password string) string {
	return "کلمه عبور موقت شما: " + password + "\nپس از ورود باید آن را تغییر دهید."
}

// Audit log details.
const (
	auditRandomPassword       = "کلمه عبور تصادفی با پیامک"
	auditNationalCodePassword = "کلمه عبور: کد ملی"
	auditNotLocked            = "قفل نبود"
	auditForcedChange         = "تغییر اجباری"
	auditSSO                  = "احراز هویت با ورود یکپارچه"
	auditDisabled             = "غیرفعال"
	auditEnabled              = "فعال"
	auditAnswerRight          = "درست"
	auditAnswerWrong          = "نادرست"
)

// Labels shared by a page title or menu item, an SMS reason and an audit
// action.
const (
	labelPasswordChange = "تغییر کلمه عبور"
	labelRecovery       = "بازیابی کلمه عبور"
)

// actionLabels names identity's audit actions; areas register theirs
// (RegisterAuditAction).
var actionLabels = map[string]string{
	ActionSignIn:         "ورود",
	ActionSignInFailed:   "ورود ناموفق",
	ActionAddressLocked:  "مسدود شدن نشانی",
	ActionAccountLocked:  "مسدود شدن حساب",
	ActionPasswordChange: labelPasswordChange,
	ActionPasswordReset:  "بازنشانی کلمه عبور",
	ActionRecovery:       labelRecovery,
	ActionRecoveryFailed: "بازیابی ناموفق",
	ActionQuestionsSet:   "ثبت سوالات امنیتی",
	ActionAnswerChecked:  "بررسی پاسخ امنیتی",
	ActionUnlockAddress:  "رفع انسداد نشانی",
	ActionUnlockAccount:  "رفع انسداد حساب",
	ActionFactorLocked:   "قفل شدن رمز دوم",
	ActionUnlockFactor:   "رفع قفل رمز دوم",
	ActionCustomerCreate: "ایجاد مشترک",
	ActionCustomerUpdate: "ویرایش مشترک",
	ActionProfileUpdate:  "ویرایش پروفایل",
	ActionIdentifierAdd:  "ثبت شناسه ورود",
	ActionStaffCreate:    "ایجاد کاربر کارکنان",
	ActionStaffRoles:     "تغییر نقش‌ها",
	ActionStaffDisable:   "غیرفعال‌سازی کارکنان",
	ActionSessionsEnded:  "خروج از نشست‌های دیگر",
}

// reasonLabels names the reasons of sign-in events, as staff read them.
var reasonLabels = map[string]string{
	ReasonOK:             "ورود موفق",
	ReasonBadPassword:    "کلمه عبور اشتباه",
	ReasonUnknown:        "شناسه نامعتبر",
	ReasonAddressLocked:  "نشانی مسدود",
	ReasonAccountLocked:  "حساب مسدود",
	ReasonInitialExpired: "کلمه عبور اولیه منقضی",
	ReasonDisabled:       "حساب غیرفعال",
}

// scopeLabels names the kinds of lock at the locks desk.
var scopeLabels = map[string]string{
	scopeAddress:        "نشانی IP (ورود مشتریان)",
	scopeStaffAddress:   "نشانی IP (ورود کارکنان)",
	KindCustomer:        "حساب مشتری",
	KindStaff:           "حساب کارکنان",
	scopeFactorCustomer: "رمز دوم مشتری (رمزساز یا پیامک)",
	scopeFactorStaff:    "رمز برنامک رمزساز کارکنان",
}

// roleLabels names the roles every deployment has; areas register theirs
// (RegisterRole).
var roleLabels = map[string]string{
	RoleAdmin:      "مدیر سامانه",
	RoleSupport:    "پشتیبانی",
	RoleFinance:    "مالی",
	RoleSalesAgent: "کارشناس فروش",
}

// genderLabels names the genders.
var genderLabels = map[string]string{
	GenderMale:   "مرد",
	GenderFemale: "زن",
}

// Educations is the list of «مدرک تحصیلی» choices, in order.
var Educations = []string{"زیر دیپلم", "دیپلم", "کاردانی", "کارشناسی", "کارشناسی ارشد", "دکترا"}

// Questions is the list customers choose from. IDs are stored with the
// answers, so a question's text may be reworded but its ID never reused.
var Questions = []Question{
	{1, "نام اولین معلم دبستان شما چه بود؟"},
	{2, "نام شهری که پدر و مادرتان در آن با هم آشنا شدند چیست؟"},
	{3, "نام اولین حیوان خانگی شما چه بود؟"},
	{4, "نام بهترین دوست دوران کودکی شما چیست؟"},
	{5, "نام خیابانی که در کودکی در آن زندگی می‌کردید چه بود؟"},
	{6, "مدل اولین خودروی شما چه بود؟"},
	{7, "غذای مورد علاقه شما در کودکی چه بود؟"},
	{8, "نام مدرسه راهنمایی شما چه بود؟"},
}
