package welfare

import (
	"fmt"
	"strconv"
	"strings"

	"pishkhan/internal/web"
)

// The Persian text of the files the regions and payroll exchange: the
// employees file, the deduction list and the settlement file sent back,
// their limits and bad rows, the unmatched rows finance resolves, and a
// changed mobile (employees.go, payroll.go, table.go, import_limits.go,
// finance.go, mobile.go).

// employeeColumns are the columns of an employees file: the first name
// of each is the one the upload page shows.
var employeeColumns = map[string][]string{
	"personnel_no":   {labelPersonnelNo, "personnel_no"},
	"national_code":  {labelNationalCode, "national_code"},
	"first_name":     {"نام", "first_name"},
	"last_name":      {"نام خانوادگی", "last_name"},
	"region_code":    {"کد منطقه", "region_code"},
	"region":         {labelRegion, "region", "region_name"},
	"net_salary":     {"خالص حقوق", "خالص دریافتی", "net_salary"},
	"service_years":  {"سنوات سال", "سال خدمت", "service_years"},
	"service_months": {"سنوات ماه", "ماه خدمت", "service_months"},
	"mobile":         {"تلفن همراه", "موبایل", "mobile"},
}

// deductionColumns are the columns of the deduction list and of the
// settlement file the employer sends back (the same rows, as deducted).
var deductionColumns = map[string][]string{
	"installment_id": {"شناسه قسط", "installment_id"},
	"personnel_no":   {labelPersonnelNo, "personnel_no"},
	"national_code":  {labelNationalCode, "national_code"},
	"name":           {"نام و نام خانوادگی", "name"},
	"region":         {labelRegion, "region"},
	"month":          {"ماه", "month"},
	"kind":           {"شرح", "kind"},
	"amount":         {"مبلغ", "amount"},
}

// The column names both files share.
const (
	labelPersonnelNo  = "شماره پرسنلی"
	labelNationalCode = "کد ملی"
	labelRegion       = "منطقه"
)

// Kinds of deduction rows, as the list's «شرح» column names them, and
// the list's sheet.
const (
	deductionInstallment = "قسط"
	deductionArrears     = "معوق"
	deductionSheet       = "کسورات"
)

// Refusals of a file (errors.go, import_limits.go) and its bad rows
// (table.go).
const (
	msgFileFormat      = "فایل باید CSV یا XLSX باشد."
	msgAlreadyImported = "این فایل پیش‌تر ثبت شده است؛ هیچ تغییری داده نشد."
	msgImportRefused   = "فایل به دلیل ردیف‌های نادرست ثبت نشد؛ هیچ تغییری داده نشد."
	msgFileTooLarge    = "حجم فایل یا محتوای فشرده آن بیش از حد مجاز است؛ فایل را در چند بخش کوچک‌تر بارگذاری کنید."
	msgTooManyRows     = "تعداد ردیف‌های فایل بیش از حد مجاز است؛ فایل را در چند بخش کوچک‌تر بارگذاری کنید."
	msgLineTooLong     = "یکی از سطرهای فایل بیش از حد طولانی است؛ فایل CSV درست نیست."
	msgFileEmpty       = "فایل خالی است."
	msgBadCSVLine      = "سطر قابل خواندن نیست (CSV نادرست)."
)

// msgMissingColumns names the required columns the header lacks.
func msgMissingColumns(names []string) string {
	return "ستون‌های " + strings.Join(names, "، ") + " در سطر اول فایل نیست."
}

// The bad rows of an employees file (employees.go). The formats are
// rowErrors.add's.
const (
	msgRowPersonnelNo     = "شماره پرسنلی باید عددی و حداکثر ۲۰ رقم باشد."
	msgRowName            = "نام و نام خانوادگی لازم است (هر کدام حداکثر ۶۰ نویسه)."
	msgRowRegion          = "کد منطقه و نام منطقه لازم است."
	msgRowSalary          = "خالص حقوق باید مبلغی به ریال باشد."
	msgRowService         = "سنوات باید سال (۰ تا ۶۰) و ماه (۰ تا ۱۱) باشد."
	fmtRowPersonnelTwice  = "شماره پرسنلی %s در سطر %d هم آمده است."
	fmtRowNationalTwice   = "کد ملی %s در سطر %d هم آمده است."
	fmtRowNotYourRegion   = "منطقه %s از مناطق شما نیست."
	fmtAuditEmployeesFile = "%d ردیف: %d جدید، %d به‌روز، %d بدون تغییر"
)

// msgCodeTaken is a national code stored with another personnel number.
func msgCodeTaken(code, otherPersonnelNo string) string {
	return "کد ملی " + code + " با شماره پرسنلی دیگری (" + otherPersonnelNo + ") ثبت شده است."
}

// The settlement file's bad and unmatched rows (payroll.go).
const (
	msgRowSettlement    = "شناسه قسط، شماره پرسنلی یا مبلغ نادرست است."
	msgRowMatchesNone   = "ردیف با هیچ قسط تسویه‌نشده‌ای منطبق نیست."
	fmtAuditSettlement  = "%s: %d ردیف، %d قسط تسویه شد، %d قسط کسر جزئی، مبلغ %d ریال، %d ردیف نامنطبق"
	fmtAuditUnmatched   = "ردیف نامنطبق (پرسنلی %s، %d ریال، فایل %d): %s"
	fmtUnmatchedMatched = "با قسط %d تطبیق داده شد؛ %s"
)

func msgRowInstallmentTwice(id int64) string {
	return "قسط " + strconv.FormatInt(id, 10) + " در این فایل بیش از یک بار آمده است."
}

func msgRowNoInstallment(id int64) string {
	return "قسطی با شناسه " + strconv.FormatInt(id, 10) + " وجود ندارد."
}

func msgRowNotOwner(id int64, personnel string) string {
	return "قسط " + strconv.FormatInt(id, 10) + " متعلق به شماره پرسنلی " + personnel + " نیست."
}

func msgRowSettled(id int64) string {
	return "قسط " + strconv.FormatInt(id, 10) + " پیش‌تر تسویه شده است."
}

func msgRowOverDue(amount, id, due int64) string {
	return fmt.Sprintf("مبلغ %d ریال بیش از مانده قسط %d (%d ریال) است.", amount, id, due)
}

// Resolving an unmatched row by hand (finance.go).
const (
	msgResolved    = "این ردیف پیش‌تر بررسی شده است."
	msgNoNote      = "دلیل تطبیق یا کنار گذاشتن ردیف را در «توضیح» بنویسید."
	msgResolveInst = "قسطی با این شناسه که تسویه نشده باشد و مانده آن دست‌کم به اندازه مبلغ ردیف باشد، در مناطق شما یافت نشد."
	labelNote      = "توضیح"
)

// msgNoteLong refuses a note over 500 characters.
var msgNoteLong = web.MsgAtMost(labelNote, 500)

func auditDismissed(note string) string { return "کنار گذاشته شد: " + note }

// A changed mobile (mobile.go).
const (
	msgMobileBySupport = "شماره موبایل را فقط پشتیبانی تغییر می‌دهد."
	msgMobileRequest   = "شماره یا شرح درخواست واحد رفاهی را بنویسید (حداکثر ۲۰۰ نویسه)."
	msgSameMobile      = "این شماره همان شماره ثبت شده است."
)

func auditMobileChanged(from, to, request string) string {
	return "از " + from + " به " + to + "؛ درخواست واحد رفاهی: " + request
}
