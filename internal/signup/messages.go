package signup

// The Persian text of registration: its refusals, pages, flashes, field
// labels, the SMS and the help page. Sentences shared with other packages
// are web's keys (web.MsgCaptchaWrong, web.MsgRequired, web.MsgAtMost).
// Two refusals are identity's own sentences (identity.MsgAddressPersian,
// identity.MsgPasswordUnfit), used from there.

const (
	// Refusals (the sentinels in flow.go).
	msgNoFlow    = "مهلت ثبت نام به پایان رسیده یا از مرورگر دیگری آغاز شده است؛ دوباره «ثبت نام یا تنظیم رمز» را بزنید."
	msgDenied    = "مجوز ورود یکپارچه داده نشد؛ بدون آن ثبت نام ممکن نیست."
	msgSSO       = "احراز هویت در سامانه ورود یکپارچه انجام نشد؛ دوباره تلاش کنید."
	msgNotSSO    = "ورود یکپارچه شماره دار الزامی میباشد - در غیر اینصورت دکمه ثبت اطلاعات غیر فعال میباشد"
	msgCodeWrong = "کد اعتبارسنجی اشتباه است."
	msgCodeDead  = "کد اعتبارسنجی منقضی شده یا بیش از حد اشتباه وارد شده است؛ کد جدید دریافت کنید."
	msgCooldown  = "کد اعتبارسنجی به تازگی ارسال شده است؛ کمی بعد دوباره تلاش کنید."

	// Pages, menu and flashes.
	titleRegister  = "ثبت نام یا تنظیم رمز"
	titleDetails   = "تکمیل اطلاعات شخصی"
	titleConfirm   = "تایید ثبت نهایی"
	msgIssuerDown  = "سامانه ورود یکپارچه در دسترس نیست؛ کمی بعد دوباره تلاش کنید."
	msgRegistered  = "ثبت نام شما انجام شد. با کد ملی و کلمه عبور خود وارد شوید."
	msgPasswordSet = "کلمه عبور حساب شما تنظیم شد. با کد ملی و کلمه عبور جدید وارد شوید."
	msgCodeResent  = "کد اعتبارسنجی دوباره ارسال شد."

	// Field labels and the checks of «تکمیل اطلاعات شخصی».
	labelThisValue             = "این مقدار"
	labelAddress               = "نشانی"
	labelCertificatePlace      = "محل صدور شناسنامه"
	labelCity                  = "شهر محل سکونت"
	labelCode                  = "کد اعتبارسنجی"
	msgEducationRequired       = "تحصیلات را انتخاب کنید."
	msgEducationInvalid        = "تحصیلات معتبر نیست."
	msgCertificateDateRequired = "تاریخ صدور شناسنامه را وارد کنید."
	msgCertificateDateInvalid  = "تاریخ صدور شناسنامه معتبر نیست؛ نمونه: 1377/07/07"
	msgGenderRequired          = "جنسیت را انتخاب کنید."

	// The verification code by SMS.
	reasonCodeSMS = "کد اعتبارسنجی ثبت نام"

	// Help (the identity guide's own words).
	helpRegistrationTitle = "راهنمای ثبت نام با سامانه امتا"
	helpRegistrationBody  = `**نکته مهم:** شماره موبایل متقاضی می بایست متعلق به مشتری محترم بوده و این شماره می بایست فعال باشد در صورت وجود مغایرت موبایل مشتری، احراز اطلاعات شخصی امکان پذیر نخواهد بود.

لطفا تاریخ تولد مندرج در شناسنامه خود را بصورت سال، ماه و روز وارد کنید. مثال: 1377/07/07

نکته: سایر اطلاعات مربوط به اطلاعات شخصی مشتری (تاریخ صدور، آدرس، تحصیلات) بایستی توسط مشتری تکمیل و تایید گردد.`
)

// msgInPersian asks for a field in Persian: «شهر محل سکونت را به فارسی وارد کنید.»
func msgInPersian(label string) string { return label + " را به فارسی وارد کنید." }

// smsCode is the text of the verification code SMS; ttl is in seconds.
func smsCode(code, ttl string) string {
	return reasonCodeSMS + ": " + code + "\nاعتبار: " + ttl + " ثانیه."
}
