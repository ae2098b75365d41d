package billing

import (
	"cmp"
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/jobs"
)

// Options configure billing. Zero values take the defaults noted.
type Options struct {
	Now    func() time.Time // default time.Now
	Logger *slog.Logger     // default slog.Default()
	// VATRate in basis points; 0 means DefaultVATRate (9%). A seller that
	// charges no VAT sets VATExempt.
	VATRate   int64
	VATExempt bool
	Seller    Seller
	// SellerName, when set, names the seller on each new invoice instead
	// of Seller.Name: the deployment's brand, which an admin may change.
	SellerName func(ctx context.Context) string
	// Gateways by Name(); the pre-invoice offers them, callbacks and the
	// re-verification job find them here. SetGateways may replace them.
	Gateways map[string]Gateway
	// ReverifyAfter: an order left at the gateway this long is verified
	// again by the job (default 15 minutes).
	ReverifyAfter time.Duration
	// ExpireAfter: an order whose bank has not answered for this long is
	// expired, and an unpaid created order too (default 2 hours).
	ExpireAfter time.Duration
	PageSize    int // customer lists (default 20)
	// TrackingDigits is the length of tracking numbers (6–9, default 8).
	TrackingDigits int
}

// Service is billing's entry point.
type Service struct {
	db   *db.DB
	opts Options
	log  *slog.Logger
	now  func() time.Time

	mu         sync.RWMutex
	fulfillers map[string]Fulfiller
	backURLs   map[string]string // order kind → the area's page (RegisterOrderKind)
	gateways   map[string]Gateway
	runner     *jobs.Runner
}

// New returns a billing service on d.
func New(d *db.DB, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.VATRate == 0 {
		opts.VATRate = DefaultVATRate
	}
	if opts.VATExempt {
		opts.VATRate = 0
	}
	opts.ReverifyAfter = cmp.Or(opts.ReverifyAfter, 15*time.Minute)
	opts.ExpireAfter = cmp.Or(opts.ExpireAfter, 2*time.Hour)
	opts.PageSize = cmp.Or(opts.PageSize, 20)
	if opts.TrackingDigits < 6 || opts.TrackingDigits > 9 {
		opts.TrackingDigits = 8
	}
	s := &Service{db: d, opts: opts, log: opts.Logger, now: opts.Now, fulfillers: map[string]Fulfiller{}}
	s.SetGateways(opts.Gateways)
	return s
}

// SetGateways replaces the configured gateways (app builds the sandbox
// bank after the service, since the sandbox's pages need it).
func (s *Service) SetGateways(gws map[string]Gateway) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gateways = maps.Clone(gws)
	if s.gateways == nil {
		s.gateways = map[string]Gateway{}
	}
}

// AddGateway adds or replaces one gateway under its Name().
func (s *Service) AddGateway(g Gateway) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gateways[g.Name()] = g
}

// Gateway returns the gateway configured under name.
func (s *Service) Gateway(name string) (Gateway, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	g, ok := s.gateways[name]
	return g, ok
}

// Gateways lists the configured gateways by name, for the pre-invoice's
// choice of bank.
func (s *Service) Gateways() []Gateway {
	s.mu.RLock()
	defer s.mu.RUnlock()
	names := slices.Sorted(maps.Keys(s.gateways))
	out := make([]Gateway, 0, len(names))
	for _, n := range names {
		out = append(out, s.gateways[n])
	}
	return out
}

// VATRate is the rate new orders are charged, in basis points.
func (s *Service) VATRate() int64 { return s.opts.VATRate }

// Seller is the configured seller, as new invoices show it.
func (s *Service) Seller() Seller { return s.seller(context.Background()) }

// seller is who a new invoice names: the configured seller under the
// brand's current seller name.
func (s *Service) seller(ctx context.Context) Seller {
	sel := s.opts.Seller
	if s.opts.SellerName != nil {
		if name := s.opts.SellerName(ctx); name != "" {
			sel.Name = name
		}
	}
	return sel
}

// Error is a domain failure: a stable Code for branching and logs and a
// Persian Message safe to show. Internal causes are only logged.
type Error struct {
	Code    string
	Message string
	err     error
}

func (e *Error) Error() string {
	if e.err != nil {
		return "billing: " + e.Code + ": " + e.err.Error()
	}
	return "billing: " + e.Code
}

// UserMessage is what pages show.
func (e *Error) UserMessage() string { return e.Message }

func (e *Error) Unwrap() error { return e.err }

// Is matches any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func (e *Error) with(cause error) *Error {
	c := *e
	c.err = cause
	return &c
}

// Sentinels; compare with errors.Is.
var (
	ErrNotFound         = &Error{Code: "not_found", Message: "سفارش مورد نظر پیدا نشد"}
	ErrInvoiceNotFound  = &Error{Code: "invoice_not_found", Message: "فاکتور مورد نظر پیدا نشد"}
	ErrAmount           = &Error{Code: "amount", Message: "مبلغ معتبر نیست"}
	ErrNoLines          = &Error{Code: "no_lines", Message: "سفارش هیچ قلمی ندارد"}
	ErrNoFulfiller      = &Error{Code: "no_fulfiller", Message: "این نوع خرید در حال حاضر امکان‌پذیر نیست"}
	ErrNoCustomer       = &Error{Code: "no_customer", Message: "مشترک مشخص نیست"}
	ErrOrderState       = &Error{Code: "order_state", Message: "وضعیت این سفارش اجازه این کار را نمی‌دهد"}
	ErrNothingToPay     = &Error{Code: "nothing_to_pay", Message: "این سفارش مبلغ قابل پرداختی ندارد"}
	ErrMustPay          = &Error{Code: "must_pay", Message: "این سفارش باید از طریق درگاه بانکی پرداخت شود"}
	ErrUnknownGateway   = &Error{Code: "unknown_gateway", Message: "بانک انتخاب شده در دسترس نیست"}
	ErrGatewayDown      = &Error{Code: "gateway_unavailable", Message: "ارتباط با بانک برقرار نشد؛ نتیجه پرداخت شما به زودی بررسی و اعلام می‌شود"}
	ErrUnknownPayment   = &Error{Code: "unknown_payment", Message: "پرداختی با این مشخصات پیدا نشد"}
	ErrAmountMismatch   = &Error{Code: "amount_mismatch", Message: "مبلغ پرداخت با مبلغ سفارش یکسان نیست"}
	ErrNotPaid          = &Error{Code: "not_paid", Message: "پرداخت توسط بانک تایید نشد"}
	ErrInsufficient     = &Error{Code: "insufficient_wallet", Message: "اعتبار پنل شما کافی نیست"}
	ErrWalletChanged    = &Error{Code: "wallet_changed", Message: "اعتبار پنل شما تغییر کرده است؛ لطفاً سفارش را دوباره ثبت کنید"}
	ErrIdempotency      = &Error{Code: "idempotency_key", Message: "این تراکنش قبلاً با مشخصات دیگری ثبت شده است"}
	ErrNoJobs           = &Error{Code: "no_jobs", Message: "بررسی مجدد در حال حاضر ممکن نیست"}
	ErrFulfilmentFailed = &Error{Code: "fulfilment_failed", Message: "پرداخت شما دریافت شد اما اعمال آن با خطا روبه‌رو شد؛ به زودی دوباره تلاش می‌شود"}
)
