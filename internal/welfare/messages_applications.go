package welfare

import (
	"fmt"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// The Persian text of applications: the refusals, the guarantor rules,
// the states, the SMS to the applicant and the guarantor, the audit
// details (applications.go, withdraw.go, model.go).

// Refusals of an application (errors.go, withdraw.go).
const (
	msgNotEmployee     = "اطلاعات شما در فهرست کارکنان منطقه ثبت نشده است. اطلاعات کارکنان از طریق امور اداری و مالی مناطق به‌روزرسانی می‌شود؛ پس از آن درخواست خود را ثبت کنید."
	msgOpenApplication = "شما یک درخواست در جریان یا تایید شده دارید؛ تا رد شدن آن امکان ثبت درخواست جدید وجود ندارد."
	msgInstallments    = "تعداد اقساط خارج از محدوده مجاز است."
	msgNoGuarantor     = "ضامنی با این کد ملی یا شماره پرسنلی یافت نشد."
	msgSelfGuarantor   = "متقاضی نمی‌تواند ضامن خود باشد."
	msgNotPending      = "این درخواست در انتظار تصمیم شما نیست."
	msgNoReason        = "دلیل رد درخواست را بنویسید."
	msgNoAccount       = "حساب اعتباری توانا کارت برای این مشتری وجود ندارد."
	msgNotOpen         = "اعتبار هنوز فعال نشده است؛ ۷۲ ساعت پس از تایید امور مالی منطقه فعال می‌شود."
	msgNotWithdrawable = "فقط درخواستی که در انتظار تایید ضامن یا امور مالی منطقه است قابل انصراف است."
	msgWithdrawn       = "متقاضی از این درخواست انصراف داده است."

	// labelReason is the finance staff's reason for a rejection.
	labelReason = "دلیل"
)

// msgReasonLong refuses a reason over 500 characters.
var msgReasonLong = web.MsgAtMost(labelReason, 500)

// msgInstallmentsBetween is ErrInstallments naming the product's bounds.
func msgInstallmentsBetween(lo, hi int) string {
	return fmt.Sprintf("تعداد اقساط باید از %s تا %s باشد.", fa.Digits(fmt.Sprint(lo)), fa.Digits(fmt.Sprint(hi)))
}

// The guarantor rules, in the guide's words.
const (
	msgGuarantorRegion  = "ضامن حتما باید از همان منطقه اشتغال متقاضی باشد."
	msgGuarantorService = "سنوات ضامن باید کمتر از ۲۸ سال و ۱۱ ماه باشد."
	msgGuarantorSalary  = "خالص حقوق ضامن باید مساوی یا بیشتر از خالص حقوق متقاضی باشد."
	// msgGuaranteesPerPerson is the rule; msgGuarantorCount says the
	// colleague has used it up.
	msgGuaranteesPerPerson = "هر شخص امکان ضمانت برای ۳ نفر از همکاران خود را دارد"
	msgGuarantorCount      = msgGuaranteesPerPerson + "؛ این همکار پیش‌تر ضامن ۳ نفر شده است."
	// msgGuarantorRules are all the rules (ErrGuarantor's own message).
	msgGuarantorRules = msgGuarantorRegion + " " + msgGuarantorService + " " + msgGuarantorSalary + " " + msgGuaranteesPerPerson + "."
)

// StatusNames are «وضعیت درخواست» in Persian.
var StatusNames = map[string]string{
	StatusGuarantorPending:  labelGuarantorPending,
	StatusGuarantorRejected: "رد شده توسط ضامن",
	StatusFinancePending:    "تایید شده توسط ضامن، در انتظار تایید امور مالی منطقه",
	StatusFinanceRejected:   "رد شده توسط امور مالی منطقه",
	StatusApproved:          "تایید شده توسط امور مالی منطقه؛ اعتبار ۷۲ ساعت پس از تایید فعال می‌شود",
	StatusActive:            "فعال؛ امکان خرید از فروشگاه‌های طرف قرارداد وجود دارد",
	StatusWithdrawn:         "انصراف داده شده توسط متقاضی",
}

// The stages of a pending application (StatusNames, the desk's chart).
const (
	labelGuarantorPending = "در انتظار تایید ضامن"
	labelFinancePending   = "در انتظار تایید امور مالی منطقه"
)

// The SMS of an application: the reason (the message box's subject) and
// the text. Every text is signed with labelTavana (Service.tell).
const (
	smsApplied            = "ثبت درخواست توانا کارت"
	smsGuaranteeAsked     = "درخواست ضمانت توانا کارت"
	smsGuaranteeRejected  = "رد ضمانت"
	smsGuaranteeApproved  = "تایید ضمانت"
	smsFinanceRejected    = "رد درخواست توسط امور مالی منطقه"
	smsFinanceApproved    = "تایید درخواست توسط امور مالی منطقه"
	smsAccountCreated     = "ایجاد حساب کاربری توانا"
	smsActivated          = "فعال شدن اعتبار"
	smsWithdrawn          = "انصراف از درخواست توانا کارت"
	msgApplicantWithdrew  = "انصراف متقاضی از درخواست توانا کارت" // also the audit action's label
	textGuaranteeApproved = "ضامن درخواست توانا کارت شما را تایید کرد. درخواست شما در انتظار تایید امور مالی منطقه است."
	textActivated         = "اعتبار توانا کارت شما فعال شد و امکان خرید از فروشگاه‌های طرف قرارداد وجود دارد."
	textWithdrawn         = "انصراف شما از درخواست توانا کارت ثبت شد. امکان ثبت درخواست مجدد وجود دارد."

	// AccountCreatedSMS is the guide's message after the account is
	// created: the app's download link and where its guides are.
	AccountCreatedSMS = "حساب کاربری شما در سامانه توانا ایجاد شد.\n" +
		"دانلود اپلیکیشن و آموزش‌های لازم: " + AppURL + " (قسمت توانا کارت، متناسب با سیستم عامل تلفن همراه خود).\n" +
		"ورود به اپلیکیشن با شماره موبایل و کد ملی ثبت شده شما است. فهرست فروشگاه‌های طرف قرارداد در قسمت اعتباری، گزینه فروشگاه‌ها.\n" +
		"پشتیبانی: " + SupportPhone
)

func textApplied(installments int, guarantor string) string {
	return fmt.Sprintf("درخواست توانا کارت شما با %s قسط ثبت شد و برای تایید به ضامن (%s) ارسال شد. وضعیت درخواست را در پنل کاربری ببینید.",
		fa.Digits(fmt.Sprint(installments)), guarantor)
}

func textGuaranteeAsked(applicant string) string {
	return fmt.Sprintf("همکار گرامی، %s شما را به عنوان ضامن توانا کارت معرفی کرده است. لطفاً از قسمت «تایید یا رد ضمانت» در پنل کاربری درخواست را بررسی کنید.", applicant)
}

func textGuaranteeRejected(guarantor string) string {
	return fmt.Sprintf("ضامن معرفی شده (%s) درخواست توانا کارت شما را رد کرد. امکان ثبت درخواست مجدد با معرفی ضامن دیگر وجود دارد.", guarantor)
}

func textFinanceRejected(reason string) string {
	return "درخواست توانا کارت شما توسط امور مالی منطقه رد شد. دلیل: " + reason + "\nامکان ثبت درخواست مجدد وجود دارد."
}

func textFinanceApproved(opensAt string) string {
	return fmt.Sprintf("درخواست توانا کارت شما توسط امور مالی منطقه تایید شد. ۷۲ ساعت پس از تایید، از %s، امکان بهره‌برداری از خدمات وجود خواهد داشت.", opensAt)
}

func textGuarantorWithdrawn(applicant string) string {
	return fmt.Sprintf("همکار گرامی، %s از درخواست توانا کارتی که شما ضامن آن بودید انصراف داد؛ این ضمانت دیگر از سهمیه ضمانت شما کم نمی‌کند.", applicant)
}

// The audit log's details of a decision and a withdrawal.
func auditRejected(reason string) string  { return "رد: " + reason }
func auditApproved(opensAt string) string { return "تایید؛ اعتبار از " + opensAt }
func auditDecision(id int64, detail string) string {
	return fmt.Sprintf("درخواست %d: %s", id, detail)
}
func auditWithdrawal(id int64, state, guarantor string) string {
	return fmt.Sprintf("درخواست %d در وضعیت «%s» با ضامن %s", id, state, guarantor)
}
