package idp

// The Persian text of the identity provider (سامانه امتا): its refusals,
// the area's widget, page titles, flashes, the protocol errors as the
// person reads them, the scopes on the consent page and the SMS. Sentences
// shared with other packages are fa's and web's keys (fa.MsgNationalCode,
// web.MsgMobileLabel, web.MsgCaptchaWrong).

const (
	// Refusals (the sentinels in errors.go, clients.go, client_admin.go, logins.go, sector.go).
	msgMismatch       = "کد ملی، تاریخ تولد و شماره موبایل با هم و با اطلاعات ثبت احوال مطابقت ندارند؛ شماره موبایل باید متعلق به صاحب همین کد ملی باشد و در صورت وجود مغایرت موبایل، احراز اطلاعات شخصی امکان پذیر نخواهد بود."
	msgCodeWrong      = "کد احراز اشتباه است."
	msgCodeExpired    = "کد احراز منقضی شده یا بیش از حد اشتباه وارد شده است؛ کد جدید دریافت کنید."
	msgCooldown       = "کد تایید به تازگی ارسال شده است؛ کمی بعد دوباره تلاش کنید."
	msgTooManyCodes   = "برای این شماره همراه در یک ساعت گذشته کد کافی ارسال شده است؛ یک ساعت دیگر دوباره تلاش کنید."
	msgStep           = "این مرحله قبلا انجام شده است؛ از ادامه همین صفحه استفاده کنید."
	msgMobileExample  = "شماره تلفن همراه معتبر نیست؛ نمونه: 09121234567"
	msgBirthDate      = "تاریخ تولد را به صورت سال/ماه/روز وارد کنید؛ مثال: 1377/07/07"
	msgClientID       = "شناسه برنامه باید ۳ تا ۴۰ نویسه از حروف کوچک لاتین، رقم، - و _ باشد."
	msgClientName     = "نام برنامه را (حداکثر ۸۰ نویسه) وارد کنید."
	msgRedirectURI    = "نشانی بازگشت باید کامل (https://… یا http://…) و بدون # باشد؛ برنامه نصبی بدون رمز می‌تواند طرح اختصاصی مانند com.example.app:/cb داشته باشد."
	msgClientScope    = "دسترسی درخواستی شناخته شده نیست."
	msgClientAlg      = "الگوریتم امضای شناسه‌نامه باید RS256، ES256 یا EdDSA باشد."
	msgSectorURI      = "نشانی شناسه بخش باید کامل و با https:// باشد."
	msgClientIDTaken  = "برنامه‌ای با این شناسه ثبت شده است."
	msgLogoutURI      = "نشانی بازگشت پس از خروج باید کامل (https://… یا http://…)، بدون # و حداکثر ۵۰۰ نویسه باشد؛ حداکثر ۱۰ نشانی."
	msgBackchannelURI = "نشانی خروج پشت‌صحنه باید یک نشانی کامل (https://… یا http://…)، بدون # و حداکثر ۵۰۰ نویسه باشد."
	msgTooManyURIs    = "حداکثر ۱۰ نشانی بازگشت پذیرفته می‌شود."
	msgClientText     = "نام برنامه نویسه نامعتبر دارد."
	msgClientPublic   = "این برنامه عمومی است و رمز ندارد."
	msgSectorList     = "فهرست نشانی‌های نشانی شناسه بخش خوانده نشد یا همه نشانی‌های بازگشت این برنامه را در بر ندارد."

	// The area: its name, home widget and job.
	titleArea       = "احراز هویت و ورود یکپارچه"
	labelSSO        = "ورود یکپارچه"
	labelMobile     = "شماره همراه"
	labelNoMobile   = "ثبت نشده"
	noteWidget      = "با حساب خود می‌توانید به سامانه‌های طرف قرارداد با ورود یکپارچه وارد شوید."
	titleGrants     = "مجوزهای ورود یکپارچه"
	labelProfile    = "پروفایل"
	labelCleanupJob = "پاک کردن ورودها و کدهای منقضی ورود یکپارچه"

	// Menus and page titles.
	menuStaffClients   = "ورود یکپارچه (امتا)"
	titleStaffClients  = "برنامه‌های ورود یکپارچه"
	titleSignin        = "ثبت نام — درگاه کاربری سامانه امتا"
	titleProtocolError = "ورود یکپارچه انجام نشد"
	titleLogout        = "خروج از سامانه امتا"
	msgSignedOut       = "از سامانه امتا خارج شدید"
	titleError         = "خطا — سامانه امتا"

	// Sign-in (the verification pages).
	msgUnreadableRequest  = "درخواست ورود قابل خواندن نیست."
	msgUnknownClient      = "برنامه درخواست‌کننده در سامانه امتا ثبت نشده است."
	msgRedirectMismatch   = "نشانی بازگشت درخواست با نشانی ثبت‌شده برنامه یکسان نیست؛ ورود یکپارچه انجام نمی‌شود."
	msgRedirectNotAllowed = "نشانی بازگشت این برنامه برای ورود یکپارچه مجاز نیست: برنامه‌های بدون رمز فقط با نشانی https، نشانی محلی ۱۲۷.۰.۰.۱ یا طرح اختصاصی برنامه نصبی بازمی‌گردند. به پشتیبانی برنامه درخواست‌کننده خبر دهید."
	msgResponseType       = "این نوع درخواست ورود پشتیبانی نمی‌شود: سامانه امتا فقط ورود با کد (response_type=code) و PKCE را می‌پذیرد. به پشتیبانی برنامه درخواست‌کننده خبر دهید."
	msgBadAuthRequest     = "درخواست ورود نامعتبر است یا منقضی شده است؛ از برنامه درخواست‌کننده دوباره وارد شوید."
	msgAuthRequestExpired = "درخواست ورود منقضی شده است؛ از برنامه درخواست‌کننده دوباره وارد شوید."
	msgOtherBrowser       = "این صفحه ورود در مرورگر دیگری آغاز شده یا منقضی شده است؛ از برنامه درخواست‌کننده دوباره وارد شوید."
	msgLoginTimedOut      = "زمان ورود به پایان رسیده است؛ از برنامه درخواست‌کننده دوباره وارد شوید."
	msgCodeResent         = "کد تایید دوباره ارسال شد."
	labelCode             = "کد احراز"
	labelNationalCode     = "کد ملی"
	labelBirthDate        = "تاریخ تولد"
	labelThisValue        = "این مقدار"

	// Consent and grants.
	msgConsentGone     = "درخواست ورود منقضی شده یا پاسخ داده شده است؛ از برنامه درخواست‌کننده دوباره وارد شوید."
	msgConsentAnswered = "به این درخواست ورود قبلا پاسخ داده شده است."
	msgBadAnswer       = "پاسخ نامعتبر است."
	msgGrantRevoked    = "مجوز ورود یکپارچه لغو شد."

	// The clients' desk.
	msgNoSuchClient      = "برنامه‌ای با این شناسه ثبت نشده است."
	msgClientSaved       = "تغییرات برنامه ذخیره شد."
	msgSecretJustRotated = "رمز این برنامه همین حالا عوض شد؛ صفحه برنامه را دوباره باز کنید."
	msgKeysRotated       = "کلیدهای امضای جدید (RS256، ES256، EdDSA) ساخته شدند؛ کلیدهای پیشین تا پایان اعتبارشان منتشر می‌مانند."

	// The registry import: genders as the file may write them.
	importGenderMale   = "مرد"
	importGenderFemale = "زن"

	// The verification code by SMS.
	reasonCodeSMS = "کد احراز امتا"
)

// Refusals of a logout request, shown on the provider's error page and
// never sent to a redirect URI (an unverified URI receives nothing).
const (
	errLogoutRequest = "درخواست خروج قابل خواندن نیست."
	errLogoutHint    = "شناسه‌نامه همراه درخواست خروج (id_token_hint) را سامانه امتا صادر نکرده یا دست‌کاری شده است؛ خروج از برنامه درخواست‌کننده را دوباره آغاز کنید."
	errLogoutClient  = "برنامه درخواست‌کننده خروج در سامانه امتا ثبت نشده یا با شناسه‌نامه همراه درخواست یکسان نیست."
	errLogoutURI     = "نشانی بازگشت پس از خروج با نشانی‌های ثبت‌شده برنامه یکسان نیست؛ خروج از سامانه امتا انجام نمی‌شود."
	errLogoutNoRP    = "نشانی بازگشت پس از خروج بدون شناسه برنامه (client_id) یا id_token_hint پذیرفته نیست."
)

// ScopeTexts are the consent page's words for each scope, in page order.
var ScopeTexts = []ScopeText{
	{ScopeIdentity, "دسترسی خواندن اطلاعات هویتی و شناسنامه ای",
		"این برنامه می تواند تمام اطلاعات هویتی و شناسنامه ای شما مانند نام، نام خانوادگی، نام پدر، تاریخ تولد، کد ملی، شماره شناسنامه و ... را بخواند"},
	{ScopeMobile, "دسترسی خواندن شماره همراه اصلی", "این برنامه می تواند شماره همراه اصلی شما را بخواند"},
	{ScopeOfflineAccess, "دسترسی ماندگار", "این برنامه می تواند بدون ورود دوباره شما، تا زمانی که این مجوز را لغو نکرده اید، از دسترسی هایی که در این صفحه می دهید استفاده کند"},
}

// Sentences built from parts.

func titleStaffClient(name string) string { return "برنامه " + name }

func titleConsent(client string) string { return "مجوز ورود یکپارچه به " + client }

func scopeTitleUnknown(scope string) string { return "دسترسی «" + scope + "»" }

// smsCode is the text of the verification code SMS; ttl is in seconds.
func smsCode(code, ttl string) string {
	return reasonCodeSMS + ": " + code + "\nاین کد را در اختیار هیچ‌کس قرار ندهید. اعتبار: " +
		ttl + " ثانیه."
}
