package signup

import "pishkhan/internal/web"

// HelpPages are registration's help, in the identity guide's (بخشنامه
// ۴۲۹۹) own words: the mobile must be the applicant's own and active, the
// birth date as on the birth certificate, and what the applicant still
// completes and confirms. Shown on «ثبت نام یا تنظیم رمز».
var HelpPages = []web.HelpPage{
	{
		Area: "idp", Slug: "registration", Title: helpRegistrationTitle,
		Paths: []string{"/register"},
		Body:  helpRegistrationBody,
	},
}
