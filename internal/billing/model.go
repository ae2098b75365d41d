// Package billing takes the money: orders with VAT and a pre-invoice,
// payments at bank gateways verified before anything is applied, the
// per-customer wallet ledger, and invoices. Areas that sell something
// register a Fulfiller for their order kind; billing calls it inside the
// transaction that marks the order paid, so a payment is applied exactly
// once.
package billing

import "time"

// Order states. created → at_gateway → paid | failed | expired; created
// → paid (nothing to pay at a bank) | cancelled | expired.
const (
	StateCreated   = "created"
	StateAtGateway = "at_gateway"
	StatePaid      = "paid"
	StateFailed    = "failed"
	StateCancelled = "cancelled"
	StateExpired   = "expired"
)

// Payment states. A payment is verified or failed only on the bank's
// word; expired means the bank never answered in time.
const (
	PaymentPending  = "pending"
	PaymentVerified = "verified"
	PaymentFailed   = "failed"
	PaymentExpired  = "expired"
)

// Line is one thing an order charges for.
type Line struct {
	Description string
	Amount      int64 // rials, ≥ 0
}

// NewOrder is what an area asks billing to charge for.
type NewOrder struct {
	CustomerID int64
	// Kind selects the fulfiller ("isp_service", "isp_traffic" …); Ref is
	// the area's own reference, read back by the fulfiller.
	Kind        string
	Ref         string
	Description string // shown on the bank's page; defaults to the first line
	Lines       []Line
	// Subscription is the subscription fee («آبونمان»), not taxed.
	Subscription int64
	// Remaining is the value of the active service this order replaces.
	Remaining int64
	// UseWallet draws on the customer's wallet («اعتبار پنل شما»).
	UseWallet bool
	// VATExempt: no VAT on this order (a wallet top-up is a deposit, not
	// a sale; VAT is charged when the credit is spent).
	VATExempt bool
}

// Order is a customer's order and its figures.
type Order struct {
	ID          int64
	Tracking    string
	CustomerID  int64
	Kind        string
	Ref         string
	Description string
	State       string
	Lines       []Line
	Figures
	CreatedAt time.Time
	UpdatedAt time.Time
	PaidAt    time.Time // zero until paid
}

// Event is one recorded change of an order.
type Event struct {
	ID        int64
	OrderID   int64
	FromState string
	ToState   string
	Actor     string // "customer", "gateway:sandbox", "job", "staff:12", "system"
	Reason    string
	At        time.Time
}

// Payment is one attempt to pay an order at a gateway.
type Payment struct {
	ID         int64
	OrderID    int64
	Tracking   string // the order's, for lists
	CustomerID int64
	Gateway    string
	Reference  string
	Amount     int64
	State      string
	RefID      string // the bank's receipt number
	CardMask   string
	Code       string // the bank's code
	Message    string // the bank's message
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// WalletEntry is one line of a wallet's ledger.
type WalletEntry struct {
	ID             int64
	CustomerID     int64
	Amount         int64 // > 0 credit, < 0 debit
	BalanceAfter   int64
	Reason         string
	RefKind        string // "order", "payment", "refund", "plan_change" …
	RefID          int64
	IdempotencyKey string
	CreatedAt      time.Time
}

// Seller is who issues invoices, from configuration.
type Seller struct {
	Name         string
	NationalID   string // شناسه ملی
	EconomicCode string // کد اقتصادی
	Address      string
	PostalCode   string
	Phone        string
}

// Buyer is the customer as the invoice shows them, copied at issue time.
type Buyer struct {
	CustomerID   int64
	Name         string
	NationalCode string
	Address      string
	PostalCode   string
}

// Invoice is the bill of a paid order; it never changes once issued.
type Invoice struct {
	// Number runs per Jalali year: year × 10,000,000 + sequence
	// (14040000001 is the first invoice of 1404).
	Number   int64
	OrderID  int64
	Tracking string
	Seller   Seller
	Buyer    Buyer
	Lines    []Line
	Price    int64
	VATRate  int64
	VAT      int64
	// Subscription («آبونمان») is charged on top of the lines.
	Subscription int64
	Total        int64 // Price + VAT + Subscription
	Remaining    int64 // deducted: value of the replaced service
	WalletUsed   int64 // deducted: paid from the wallet
	Paid         int64 // paid at the bank
	IssuedAt     time.Time
}

// Page is one page of a list.
type Page[T any] struct {
	Items    []T
	Page     int // 1-based
	PageSize int
	Total    int // items in the whole list
}

// Pages is how many pages the list has.
func (p Page[T]) Pages() int {
	if p.PageSize <= 0 {
		return 0
	}
	return (p.Total + p.PageSize - 1) / p.PageSize
}

// Filter selects orders for finance staff. Zero fields do not filter.
type Filter struct {
	State      string
	From, To   time.Time // created_at in [From, To)
	CustomerID int64
	Offset     int
	Limit      int // default 50, at most 500
}

// Statement is a wallet's balance and one page of its history.
type Statement struct {
	CustomerID int64
	Balance    int64
	Entries    Page[WalletEntry]
}
