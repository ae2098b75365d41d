package cards

import (
	"log/slog"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// Options are the card service's settings, passed as values.
type Options struct {
	// Key is the 32-byte server key: card numbers are encrypted and all
	// card secrets are HMAC'd under keys derived from it.
	Key []byte
	// BIN is the 6-digit prefix of the cards Pishkhan issues.
	BIN string
	// CardLifeMonths is how long a new card is valid (default 60).
	CardLifeMonths int
	// PenaltyRateBP is the penalty per overdue day in basis points of the
	// installment amount (default 5 = 0.05% a day), rounded down to the
	// rial per day.
	PenaltyRateBP int64
	// GraceDays are the days after the due date without penalty
	// (default 5): an installment due on day D is first penalised on
	// day D+GraceDays+1.
	GraceDays int
	// StaticDailyCap is the most a card may pay per Tehran calendar day
	// with its static second password (default DefaultStaticDailyCap,
	// 1,000,000 rials); above it a dynamic password is required.
	StaticDailyCap int64
	// Dynamic verifies dynamic second passwords (the otp package); nil
	// means none are available, so payments above the cap are declined
	// with CodeDynamicRequired.
	Dynamic DynamicPasswords
	Now     func() time.Time
	Logger  *slog.Logger
}

// Service is the card-holder service.
type Service struct {
	db   *db.DB
	ids  *identity.Service
	keys *keyring
	opts Options
	now  func() time.Time
	log  *slog.Logger
	// orders tells Authorize what a bank payment settles (UsePaymentOrders).
	orders PaymentOrders
}

// New returns the service; it fails on a key that is not 32 bytes or a
// BIN that is not 6 digits.
func New(d *db.DB, ids *identity.Service, opts Options) (*Service, error) {
	keys, err := newKeyring(opts.Key)
	if err != nil {
		return nil, err
	}
	if len(opts.BIN) != 6 || !fa.AllDigits(opts.BIN) {
		return nil, errBadBIN
	}
	if opts.CardLifeMonths == 0 {
		opts.CardLifeMonths = 60
	}
	if opts.PenaltyRateBP == 0 {
		opts.PenaltyRateBP = 5
	}
	if opts.GraceDays == 0 {
		opts.GraceDays = 5
	}
	if opts.StaticDailyCap == 0 {
		opts.StaticDailyCap = DefaultStaticDailyCap
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	// Issuing a card registers its customer ID, so the kind must be known
	// to identity whenever the service is.
	registerIdentifier(false)
	return &Service{db: d, ids: ids, keys: keys, opts: opts, now: opts.Now, log: opts.Logger}, nil
}

// today is the Jalali day in Tehran.
func (s *Service) today() fa.Date { return fa.JalaliOf(s.now()) }
