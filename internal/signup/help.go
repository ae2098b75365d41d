package signup

import "pishkhan/internal/web"

// HelpPages are registration's help, in the identity guide's (بخشنامه
// ۴۲۹۹) own words: the mobile must be the applicant's own and active, the
// birth date as on the birth certificate, and what the applicant still
// completes and confirms. Shown on «ثبت نام یا تنظیم رمز».
var HelpPages = []web.HelpPage{
	{
		Area: "idp", Slug: "registration", Title: "راهنمای ثبت نام با سامانه امتا",
		Paths: []string{"/register"},
		Body: `**نکته مهم:** شماره موبایل متقاضی می بایست متعلق به مشتری محترم بوده و این شماره می بایست فعال باشد در صورت وجود مغایرت موبایل مشتری، احراز اطلاعات شخصی امکان پذیر نخواهد بود.

لطفا تاریخ تولد مندرج در شناسنامه خود را بصورت سال، ماه و روز وارد کنید. مثال: 1377/07/07

نکته: سایر اطلاعات مربوط به اطلاعات شخصی مشتری (تاریخ صدور، آدرس، تحصیلات) بایستی توسط مشتری تکمیل و تایید گردد.`,
	},
}
