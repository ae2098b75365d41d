package signup

import (
	"slices"
	"unicode/utf8"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// FieldErrors are the problems of «تکمیل اطلاعات شخصی», per field.
type FieldErrors map[string]string

func (e FieldErrors) Error() string { return "signup: invalid details" }

// checkDetails validates what the person typed: the guide's password
// rules (identity's policy), Persian where the guide asks for Persian
// («اطلاعات خود را حتما به فارسی وارد نمایید»), a Jalali issue date, a
// known education and gender.
func (s *Service) checkDetails(v *Verified, d *Details) error {
	errs := FieldErrors{}
	d.Password, d.Repeat = fa.NormalizeInput(d.Password), fa.NormalizeInput(d.Repeat)
	if err := identity.PasswordRules(identity.Registration{NationalCode: v.NationalCode, FirstName: v.FirstName, LastName: v.LastName,
		FatherName: v.FatherName, BirthDate: v.BirthDate, Mobile: v.Mobile, Password: d.Password, Repeat: d.Repeat}); err != nil {
		if e, ok := err.(*fa.Error); ok && e.Field == "repeat_password" {
			errs["repeat"] = e.Message
		} else {
			errs["password"] = identityMessage(err)
		}
	}
	if d.Education == "" {
		errs["education"] = msgEducationRequired
	} else if !slices.Contains(identity.Educations, d.Education) {
		errs["education"] = msgEducationInvalid
	}
	persian := func(field, label, value string, required bool) {
		switch {
		case value == "" && required:
			errs[field] = web.MsgRequired(label)
		case utf8.RuneCountInString(value) > 60:
			errs[field] = web.MsgAtMost(label, 60)
		case value != "" && !fa.IsPersianText(value):
			errs[field] = msgInPersian(label)
		}
	}
	// Place and date of issue and gender: the guide has the person
	// complete and confirm them («سایر اطلاعات … بایستی توسط مشتری تکمیل و
	// تایید گردد»); the page offers what the issuer said, editable.
	persian("certificate_place", labelCertificatePlace, d.CertificatePlace, true)
	if d.CertificateDate == "" {
		errs["certificate_date"] = msgCertificateDateRequired
	} else if dt, err := fa.ParseDate(d.CertificateDate); err != nil {
		errs["certificate_date"] = msgCertificateDateInvalid
	} else {
		d.CertificateDate = dt.String()
	}
	persian("city", labelCity, d.City, true)
	if d.Gender != identity.GenderMale && d.Gender != identity.GenderFemale {
		errs["gender"] = msgGenderRequired
	}
	switch {
	case d.Address == "":
		errs["address"] = web.MsgRequired(labelAddress)
	case utf8.RuneCountInString(d.Address) > 300:
		errs["address"] = web.MsgAtMost(labelAddress, 300)
	case !fa.IsPersianText(addressLetters(d.Address)):
		errs["address"] = identity.MsgAddressPersian
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func identityMessage(err error) string {
	if e, ok := err.(*fa.Error); ok {
		return e.Message
	}
	return identity.MsgPasswordUnfit
}

// addressLetters keeps an address's letters: digits and punctuation are
// allowed in a Persian address (plaque, unit, postal code).
func addressLetters(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range fa.LatinDigits(s) {
		switch {
		case r >= '0' && r <= '9', r == ',', r == '/', r == '(', r == ')', r == ':', r == '؛':
			out = append(out, ' ')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}
