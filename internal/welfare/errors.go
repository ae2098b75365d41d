package welfare

import (
	"fmt"
	"strings"
)

// Error is a domain error: Code for programs, Message (Persian) for
// people, Field for the form field it belongs next to ("" for the whole
// form). Internal failures are plain wrapped errors instead.
type Error struct {
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string { return "welfare: " + e.Code + ": " + e.Message }

// UserMessage is the Persian text pages show.
func (e *Error) UserMessage() string { return e.Message }

// Is matches errors by code, so a copy with another message still matches.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

var (
	ErrNotFound          = &Error{"not_found", "یافت نشد.", ""}
	ErrNotEmployee       = &Error{"not_employee", "اطلاعات شما در فهرست کارکنان منطقه ثبت نشده است. اطلاعات کارکنان از طریق امور اداری و مالی مناطق به‌روزرسانی می‌شود؛ پس از آن درخواست خود را ثبت کنید.", ""}
	ErrOpenApplication   = &Error{"open_application", "شما یک درخواست در جریان یا تایید شده دارید؛ تا رد شدن آن امکان ثبت درخواست جدید وجود ندارد.", ""}
	ErrInstallments      = &Error{"installments", "تعداد اقساط خارج از محدوده مجاز است.", "installments"}
	ErrNoGuarantor       = &Error{"no_guarantor", "ضامنی با این کد ملی یا شماره پرسنلی یافت نشد.", "guarantor"}
	ErrSelfGuarantor     = &Error{"self_guarantor", "متقاضی نمی‌تواند ضامن خود باشد.", "guarantor"}
	ErrNotPending        = &Error{"not_pending", "این درخواست در انتظار تصمیم شما نیست.", ""}
	ErrNoReason          = &Error{"no_reason", "دلیل رد درخواست را بنویسید.", "reason"}
	ErrNoAccount         = &Error{"no_account", "حساب اعتباری توانا کارت برای این مشتری وجود ندارد.", "customer"}
	ErrNotOpen           = &Error{"not_open", "اعتبار هنوز فعال نشده است؛ ۷۲ ساعت پس از تایید امور مالی منطقه فعال می‌شود.", ""}
	ErrAmount            = &Error{"amount", "مبلغ خرید معتبر نیست.", "amount"}
	ErrOverCeiling       = &Error{"over_ceiling", "تعداد اقساط بیش از سقف تعداد اقساط مشتری است.", "installments"}
	ErrOverMonthly       = &Error{"over_monthly", "مبلغ قسط ماهانه بیش از اعتبار ماهانه باقی‌مانده مشتری است.", "amount"}
	ErrOverPower         = &Error{"over_power", "مبلغ خرید بیش از توان خرید باقی‌مانده مشتری است.", "amount"}
	ErrOpenPurchase      = &Error{"open_purchase", "تا تسویه آخرین قسط خرید قبلی، امکان خرید جدید وجود ندارد.", ""}
	ErrWrongCode         = &Error{"wrong_code", "رمز یکبار مصرف نادرست است.", "code"}
	ErrCodeExpired       = &Error{"code_expired", "رمز یکبار مصرف منقضی شده یا پیش‌تر به کار رفته است؛ رمز جدید درخواست کنید.", "code"}
	ErrPurchaseDone      = &Error{"purchase_done", "این خرید پیش‌تر تایید شده است.", ""}
	ErrMerchantNotActive = &Error{"merchant_not_active", "قرارداد این فروشگاه فعال نیست.", ""}
	ErrNotMerchantStaff  = &Error{"not_merchant_staff", "حساب شما به فروشگاه طرف قراردادی متصل نیست.", ""}
	ErrNotYourRegion     = &Error{"not_your_region", "این مورد مربوط به منطقه شما نیست.", ""}
	ErrMobile            = &Error{"mobile", "شماره تلفن همراه معتبر نیست.", "mobile"}
	ErrMonth             = &Error{"month", "ماه را به شکل ۱۴۰۴/۰۲ وارد کنید.", "month"}
	ErrFileFormat        = &Error{"file_format", "فایل باید CSV یا XLSX باشد.", "file"}
	ErrAlreadyImported   = &Error{"already_imported", "این فایل پیش‌تر ثبت شده است؛ هیچ تغییری داده نشد.", "file"}
)

// GuarantorError names every guarantor rule the named colleague fails.
type GuarantorError struct {
	Problems []string
}

func (e *GuarantorError) Error() string {
	return "welfare: guarantor: " + strings.Join(e.Problems, " ")
}

// UserMessage lists the failed rules.
func (e *GuarantorError) UserMessage() string { return strings.Join(e.Problems, " ") }

// The guarantor rules, in the guide's words.
const (
	msgGuarantorRegion  = "ضامن حتما باید از همان منطقه اشتغال متقاضی باشد."
	msgGuarantorService = "سنوات ضامن باید کمتر از ۲۸ سال و ۱۱ ماه باشد."
	msgGuarantorSalary  = "خالص حقوق ضامن باید مساوی یا بیشتر از خالص حقوق متقاضی باشد."
	msgGuarantorCount   = "هر شخص امکان ضمانت برای ۳ نفر از همکاران خود را دارد؛ این همکار پیش‌تر ضامن ۳ نفر شده است."
)

// RowError is one bad row of an imported file.
type RowError struct {
	Line    int
	Message string
}

// ImportError is a file refused whole: nothing of it was stored.
type ImportError struct {
	Rows []RowError
	More bool // more bad rows than were listed
}

func (e *ImportError) Error() string {
	var b strings.Builder
	b.WriteString("welfare: import refused, nothing stored:")
	for _, r := range e.Rows {
		fmt.Fprintf(&b, "\n  line %d: %s", r.Line, r.Message)
	}
	if e.More {
		b.WriteString("\n  …")
	}
	return b.String()
}

// UserMessage says the file was refused; the rows are listed by the page.
func (e *ImportError) UserMessage() string {
	return "فایل به دلیل ردیف‌های نادرست ثبت نشد؛ هیچ تغییری داده نشد."
}

// maxRowErrors bounds the bad rows listed (a wrong file has thousands).
const maxRowErrors = 100
