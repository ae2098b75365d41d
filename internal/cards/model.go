// Package cards is the card-holder service of seed 000 (an insurance
// company's credit card): accounts, cards, PIN change, lost reports,
// installment purchases, penalties, paying installments, and the issuer
// side (partner API and billing.Issuer authorisation for the sandbox bank).
//
// It holds no pages: the portal and staff pages call the Service.
package cards

import (
	"embed"
	"io/fs"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds the cards tables. It requires identity: every account and
// card belongs to a customers row.
var Schema = &db.Schema{
	Name:     "cards",
	FS:       func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
	Requires: []*db.Schema{identity.Schema},
}

// Card statuses («وضعیت کارت»).
const (
	StatusActive  = "active"
	StatusLost    = "lost"
	StatusBlocked = "blocked"
	StatusExpired = "expired"
	// StatusReplaced is a lost card retired by a replacement.
	StatusReplaced = "replaced"
)

// AccountType is one row of card_account_types.
type AccountType struct {
	Code     string
	Name     string
	Position int
	Credit   bool
}

// Account is one row of «وضعیت حساب اعتباری».
type Account struct {
	ID           int64
	CustomerID   int64
	TypeCode     string
	TypeName     string
	Credit       bool
	Number       string
	OpenedOn     string // Jalali "1390/09/26"
	Balance      int64
	Withdrawable int64
	Floor        int64
}

// AccountSummary is the table plus the two totals under it.
//
// CreditLimit («جمع کل اعتبار کارت») is the sum over credit accounts of
// -Floor (the floor of a credit account is its negative limit).
// Used («میزان کل بدهی یا جمع اعتبار مصرف شده») is CreditLimit minus the
// credit accounts' withdrawable amounts: what the card holder has drawn.
type AccountSummary struct {
	Accounts    []Account
	CreditLimit int64
	Used        int64
}

// Card is one row of «وضعیت کارت». The full number is never in it.
type Card struct {
	ID            int64
	CustomerID    int64
	AccountID     int64
	AccountNumber string
	Masked        string
	Serial        string
	CustomerCode  string
	ExpYear       int // two digits, Jalali, as printed
	ExpMonth      int
	Status        string // StatusExpired when the expiry month is over
	FailedPINs    int
	OpenedOn      string
	ReplacedBy    int64
	// The product's rule for the static second password's length (the
	// credit account type's): 5 to 10 digits, or exactly 10 on Tavana.
	SecondPasswordMin, SecondPasswordMax int
}

// IssuedCard is what the card mailer prints, returned once by IssueCard
// and Replace: the only time the secrets exist in clear.
type IssuedCard struct {
	Card
	Number         string
	SecondID       string // «شناسه دوم مشتری», 16 digits, starts with CustomerCode
	CVV2           string
	PIN            string
	SecondPassword string
}

// PurchaseRequest is a purchase against a card («ثبت خرید»).
type PurchaseRequest struct {
	CardNumber     string
	Total          int64
	CashShare      int64
	Installments   int
	PolicyNumber   string
	Merchant       string
	IdempotencyKey string
	// On is the purchase day; zero means today. Only staff and the demo
	// set it (registering a purchase made at a counter); the API cannot.
	On fa.Date
}

// PurchaseResult is the answer to a purchase request; a repeat of the
// same idempotency key returns it again with Repeated set.
type PurchaseResult struct {
	PurchaseID int64
	Approved   bool
	Code       string // "00" or a decline code (see authorize.go)
	Message    string
	Repeated   bool
}

// PurchaseRow is one row of «مشاهده لیست خرید».
type PurchaseRow struct {
	ID               int64
	Date             string // Jalali
	PolicyNumber     string
	Merchant         string
	CashShare        int64
	InstallmentShare int64
	Total            int64
	Installments     int
	Paid             int // installments paid
	Left             int // installments left
	Penalty          int64
	TotalPaid        int64 // installments and their penalties paid
	Payable          int64 // installments and penalties still due
	Violations       int
	Schedule         []Installment
}

// Installment is one month of a purchase's schedule.
type Installment struct {
	ID         int64
	PurchaseID int64
	Seq        int
	DueOn      string // Jalali "1404/01/15"
	Amount     int64
	Penalty    int64
	PaidAt     *time.Time
	PaidAmount int64
}
