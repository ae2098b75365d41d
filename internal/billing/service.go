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
	"pishkhan/internal/fa"
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

// domain is billing's in its refusals (fa.Error.Domain).
const domain = "billing"

// Sentinels, refusals of domain "billing"; compare with errors.Is. The
// internal cause, when there is one, is added with Because.
var (
	ErrNotFound         = fa.Refusal(domain, "not_found", msgOrderNotFound)
	ErrInvoiceNotFound  = fa.Refusal(domain, "invoice_not_found", msgInvoiceNotFound)
	ErrAmount           = fa.Refusal(domain, "amount", fa.MsgAmount)
	ErrNoLines          = fa.Refusal(domain, "no_lines", msgNoLines)
	ErrNoFulfiller      = fa.Refusal(domain, "no_fulfiller", msgNoFulfiller)
	ErrNoCustomer       = fa.Refusal(domain, "no_customer", msgNoCustomer)
	ErrOrderState       = fa.Refusal(domain, "order_state", msgOrderState)
	ErrNothingToPay     = fa.Refusal(domain, "nothing_to_pay", msgNothingToPay)
	ErrMustPay          = fa.Refusal(domain, "must_pay", msgMustPay)
	ErrUnknownGateway   = fa.Refusal(domain, "unknown_gateway", msgUnknownGateway)
	ErrGatewayDown      = fa.Refusal(domain, "gateway_unavailable", msgGatewayDown)
	ErrUnknownPayment   = fa.Refusal(domain, "unknown_payment", msgUnknownPayment)
	ErrAmountMismatch   = fa.Refusal(domain, "amount_mismatch", msgAmountMismatch)
	ErrNotPaid          = fa.Refusal(domain, "not_paid", msgNotPaid)
	ErrInsufficient     = fa.Refusal(domain, "insufficient_wallet", msgInsufficient)
	ErrWalletChanged    = fa.Refusal(domain, "wallet_changed", msgWalletChanged)
	ErrIdempotency      = fa.Refusal(domain, "idempotency_key", msgIdempotency)
	ErrNoJobs           = fa.Refusal(domain, "no_jobs", msgNoJobs)
	ErrFulfilmentFailed = fa.Refusal(domain, "fulfilment_failed", msgFulfilmentFailed)
)
