// Package welfare is the salary-backed credit of seed 001 (Tavana card,
// the Ministry of Education's employees): regions and employees kept by
// import, applications with a guarantor from the same region, the
// region's finance approval and the 72-hour wait, the monthly credit (a
// quarter of the net salary) and purchase power, contracted merchants and
// purchases confirmed by a one-time code, the 8th-of-the-month return of
// the monthly credit, payroll deduction lists and settlement files.
//
// The rules live in the Service; pages and the merchant API call it.
package welfare

import (
	"embed"
	"io/fs"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds the welfare tables. It requires identity (every employee
// is a customer) and notify (SMS are queued in the same transactions).
var Schema = &db.Schema{
	Name:     "welfare",
	FS:       func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
	Requires: []*db.Schema{identity.Schema, notify.Schema},
}

// The guide's numbers.
const (
	// MaxGuarantees: «هر شخص امکان ضمانت برای ۳ نفر از همکاران خود را دارد».
	MaxGuarantees = 3
	// GuarantorServiceLimit: «سنوات کمتر از 28 سال و ۱۱ ماه», in months;
	// a guarantor's service must be strictly below it.
	GuarantorServiceLimit = 28*12 + 11
	// OpeningDelay: «72 ساعت پس از آن امکان بهره برداری از خدمات».
	OpeningDelay = 72 * time.Hour
	// RestoreDay: «روز هشتم ماه بعد از خرید اعتبار شما به حساب شما
	// بازگردانده میشود».
	RestoreDay = 8
	// AppURL is where the app is downloaded and the guides are read.
	AppURL = "https://my.medu.ir"
)

// MonthlyCredit is a quarter of the net salary («اعتبار فعلی ماهانه شما یک
// چهارم از خالص دریافتی شما است»), rounded down to the rial: the credit
// never exceeds a quarter of the salary.
func MonthlyCredit(netSalary int64) int64 { return netSalary / 4 }

// Region is a «منطقه».
type Region struct {
	ID           int64
	Code         string
	Name         string
	Organisation string
}

// Employee is one row of the organisation's data.
type Employee struct {
	ID            int64
	PersonnelNo   string
	NationalCode  string
	CustomerID    int64
	RegionID      int64
	RegionName    string
	FirstName     string
	LastName      string
	NetSalary     int64
	ServiceYears  int
	ServiceMonths int
	Mobile        string
	Guarantees    int
}

// FullName is the employee's name as messages show it.
func (e *Employee) FullName() string { return e.FirstName + " " + e.LastName }

// ServiceInMonths is the service as a number of months.
func (e *Employee) ServiceInMonths() int { return e.ServiceYears*12 + e.ServiceMonths }

// Product bounds what an applicant may choose.
type Product struct {
	ID              int64
	Code            string
	Name            string
	MinInstallments int
	MaxInstallments int
	OneOpenPurchase bool
}

// Application statuses.
const (
	StatusGuarantorPending  = "guarantor_pending"
	StatusGuarantorRejected = "guarantor_rejected"
	StatusFinancePending    = "finance_pending"
	StatusFinanceRejected   = "finance_rejected"
	StatusApproved          = "approved"
	// StatusWithdrawn: the applicant withdrew it while it was pending.
	StatusWithdrawn = "withdrawn"
	// StatusActive is not stored: an approved application whose 72 hours
	// have passed (by the clock) is active.
	StatusActive = "active"
)

// Application is a request for the credit.
type Application struct {
	ID             int64
	EmployeeID     int64
	CustomerID     int64
	ProductID      int64
	Installments   int
	GuarantorID    int64
	Status         string // stored status; see State
	Reason         string
	OpensAt        *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Applicant      Employee
	Guarantor      Employee
	GuarantorAt    *time.Time
	FinanceAt      *time.Time
	FinanceStaffID int64
}

// State is the status at now: approved becomes active once opens_at is
// reached (the check by clock; the activation job only sends the SMS).
func (a *Application) State(now time.Time) string {
	if a.Status == StatusApproved && a.OpensAt != nil && !now.Before(*a.OpensAt) {
		return StatusActive
	}
	return a.Status
}

// Rejected reports whether the application was rejected (the applicant
// may apply again).
func (a *Application) Rejected() bool {
	return a.Status == StatusGuarantorRejected || a.Status == StatusFinanceRejected
}

// Closed reports whether the application is over without a credit
// (rejected or withdrawn): the applicant may apply again.
func (a *Application) Closed() bool { return a.Rejected() || a.Status == StatusWithdrawn }

// Pending reports whether the application waits for the guarantor or
// the region's finance: the applicant may still withdraw it.
func (a *Application) Pending() bool {
	return a.Status == StatusGuarantorPending || a.Status == StatusFinancePending
}

// Account is «موجودی».
type Account struct {
	ID            int64
	CustomerID    int64
	EmployeeID    int64
	ProductID     int64
	MonthlyCredit int64 // «اعتبار ماهانه»
	Ceiling       int   // «سقف تعداد اقساط»
	MonthUsed     int64
	Used          int64
	OpensAt       time.Time
	ActivatedAt   *time.Time
}

// PurchasePower is «سقف توان خرید»: monthly credit × ceiling.
func (a *Account) PurchasePower() int64 { return a.MonthlyCredit * int64(a.Ceiling) }

// Available is the purchase power not taken by unsettled installments.
func (a *Account) Available() int64 { return max(a.PurchasePower()-a.Used, 0) }

// MonthAvailable is the monthly credit not taken this month.
func (a *Account) MonthAvailable() int64 { return max(a.MonthlyCredit-a.MonthUsed, 0) }

// Open reports whether the credit may be used at now.
func (a *Account) Open(now time.Time) bool { return !now.Before(a.OpensAt) }

// Merchant kinds and statuses.
const (
	MerchantOnline   = "online"
	MerchantInPerson = "in_person"

	MerchantProposed = "proposed"
	MerchantApproved = "approved"
	MerchantRejected = "rejected"
)

// Merchant is a contracted (or proposed) store.
type Merchant struct {
	ID       int64
	Name     string
	Kind     string
	City     string
	Category string
	Address  string
	Website  string
	RegionID int64
	Status   string
}

// KindName is the kind in Persian.
func (m *Merchant) KindName() string { return MerchantKindNames[m.Kind] }

// StatusName is the contract state in Persian.
func (m *Merchant) StatusName() string { return MerchantStatusNames[m.Status] }

// Purchase statuses.
const (
	PurchasePending   = "pending"
	PurchaseConfirmed = "confirmed"
	// PurchaseCancelled: cancelled by the store before anything of it
	// was deducted (pending, or confirmed and wholly given back).
	PurchaseCancelled = "cancelled"
)

// Purchase is a purchase from a merchant on the credit.
type Purchase struct {
	ID             int64
	MerchantID     int64
	MerchantName   string
	IdempotencyKey string
	CustomerID     int64
	AccountID      int64
	Amount         int64
	Installments   int
	Monthly        int64 // the first (largest) installment: what the month's credit gives
	Status         string
	Returned       int64  // taken back by the store (cancellation or returns)
	PurchasedOn    string // Jalali day
	RestoreOn      string // Jalali day the month's credit returns
	RestoredAt     *time.Time
	FinishedAt     *time.Time
	CreatedAt      time.Time
}

// Installment is one month's deduction of a purchase.
type Installment struct {
	ID         int64
	PurchaseID int64
	Seq        int
	DueMonth   string // Jalali "1404/02"
	Amount     int64
	Paid       int64 // deducted so far (less than Amount: a partial deduction)
	Returned   int64 // taken off by a store's cancellation or return
	SettledAt  *time.Time
	Merchant   string
	Of         int // the purchase's number of installments
}

// Due is what is still to be deducted.
func (i *Installment) Due() int64 { return i.Amount - i.Paid - i.Returned }

// Partial reports an installment deducted in part: what is left of it
// is arrears, carried into later deduction lists.
func (i *Installment) Partial() bool { return i.SettledAt == nil && i.Paid > 0 }
