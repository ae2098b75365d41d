package welfare

import (
	"strconv"

	"pishkhan/internal/fa"
)

// The Persian text of the pages: menu entries and titles, form labels and
// problems, flashes, the charts (routes.go, page_*.go, staff_*.go,
// applications_chart.go). A menu entry and its page's title are one key.

// The portal's pages (labelTavana, labelBalance and
// labelContractedMerchant are in messages.go).
const (
	titleGuarantees    = "تایید یا رد ضمانت"
	titleInstallments  = "وضعیت اقساط"
	titleWithdraw      = "انصراف از درخواست"
	labelMerchantsMenu = "فروشگاه‌ها"
)

// The back office's desks.
const (
	titleStaffApplications = "درخواست‌های توانا کارت"
	titleStaffEmployees    = "کارکنان مناطق"
	titleStaffMerchants    = "فروشگاه‌های توانا"
	titleSales             = "فروش اقساطی توانا"
	titleSale              = "تایید خرید"
	titlePayroll           = "کسورات و تسویه"
	titleAccounts          = "حساب‌های توانا کارت"
	titlePayrollRecords    = "سوابق کسورات و تسویه"
	titleMobile            = "تغییر موبایل کارکنان"
)

// titleAccount is one employee's credit account.
func titleAccount(name string) string { return "حساب توانا کارت " + name }

// The application and the guarantee (page_application.go,
// page_withdraw.go).
const (
	msgInstallmentsNumber = "تعداد اقساط را به عدد وارد کنید."
	labelGuarantorKey     = "کد ملی یا شماره پرسنلی ضامن"
	flashApplied          = "درخواست شما ثبت شد و برای تایید به ضامن ارسال شد."
	msgChooseDecision     = "تایید یا رد را انتخاب کنید."
	flashGuaranteeOK      = "ضمانت تایید شد."
	flashGuaranteeNo      = "ضمانت رد شد."
	flashWithdrawn        = "انصراف شما از درخواست ثبت شد؛ امکان ثبت درخواست مجدد وجود دارد."
)

// The balance page's charts (page_charts.go).
const (
	chartMonthCredit = "اعتبار ماهانه این ماه (ریال)"
	chartPower       = "توان خرید (ریال)"
	barUsed          = "مصرف شده"
	barLeft          = "باقی مانده"
)

// The finance desk (staff_applications.go, applications_chart.go,
// staff_finance.go).
const (
	flashFinanceApproved = "درخواست تایید شد؛ اعتبار ۷۲ ساعت دیگر فعال می‌شود."
	flashFinanceRejected = "درخواست رد شد."
	chartByRegion        = "درخواست‌های در انتظار تایید امور مالی به تفکیک منطقه"
	chartByStage         = "درخواست‌های در انتظار تصمیم به تفکیک مرحله"
	msgInstallmentNumber = "شناسه قسط را به عدد وارد کنید."
	msgChooseResolution  = "تطبیق یا کنار گذاشتن را انتخاب کنید."
	flashRowDismissed    = "ردیف کنار گذاشته شد."
)

// applicationsText is a bar's figure: «۳ درخواست».
func applicationsText(n int64) string { return fa.Digits(strconv.FormatInt(n, 10)) + " درخواست" }

func flashRowMatched(installmentID int64) string {
	return "ردیف با قسط " + fa.Digits(strconv.FormatInt(installmentID, 10)) + " تطبیق داده و تسویه شد."
}

// The employees, payroll and mobile desks (staff_employees.go,
// staff_payroll.go, staff_mobile.go).
const (
	msgChooseEmployeesFile  = "فایل CSV یا XLSX کارکنان را انتخاب کنید."
	msgNoStaffWithUsername  = "کارمندی با این نام کاربری نیست."
	msgChooseSettlementFile = "فایل تسویه (CSV یا XLSX) را انتخاب کنید."
	msgNoSuchEmployee       = "کارمندی با این کد ملی یا شماره پرسنلی یافت نشد."
	flashMobileChanged      = "شماره موبایل تغییر کرد؛ ورود به اپلیکیشن با شماره جدید ممکن است."
)

func flashStaffAssigned(name string) string {
	return "کارمند " + name + " به منطقه افزوده شد."
}

// The stores' desks: proposals, sales, returns (staff_merchants.go,
// staff_sales.go, staff_returns.go).
const (
	flashMerchantProposed = "فروشگاه برای تایید قرارداد پیشنهاد شد."
	flashMerchantRejected = "پیشنهاد فروشگاه رد شد."
	labelCustomerKey      = "شماره موبایل یا کد ملی مشتری"
	msgPurchaseAmount     = "مبلغ خرید را به ریال وارد کنید."
	msgInstallmentsCount  = "تعداد اقساط را وارد کنید."
	flashCodeResent       = "رمز جدید برای مشتری ارسال شد."
	flashPurchaseDone     = "خرید تایید و از اعتبار مشتری کسر شد."
	msgReturnAmountRials  = "مبلغ برگشتی را به ریال وارد کنید."
	flashCancelled        = "خرید لغو شد و اعتبار و اقساط آن به حساب مشتری بازگشت."
)

// flashCodeNotSent says a purchase was recorded but its code not sent.
func flashCodeNotSent(why string) string { return "ارسال رمز ممکن نشد: " + why }

func flashReturned(amount int64) string {
	return "برگشت کالا به مبلغ " + fa.Rials(amount) + " ثبت شد و از آخرین اقساط خرید کم شد."
}
