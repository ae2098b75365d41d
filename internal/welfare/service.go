package welfare

import (
	"log/slog"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
	"pishkhan/internal/otp"
)

// Options are the welfare service's settings, passed as values.
type Options struct {
	Now    func() time.Time
	Logger *slog.Logger
	// Imports bounds uploaded sheets; zero fields take DefaultImportLimits.
	Imports ImportLimits
}

// Service is the welfare credit.
type Service struct {
	db   *db.DB
	ids  *identity.Service
	sms  *notify.Service
	otp  *otp.Service
	opts Options
	now  func() time.Time
	log  *slog.Logger
}

// New returns the service. codes confirms purchases (SMS codes and the
// authenticator).
func New(d *db.DB, ids *identity.Service, sms *notify.Service, codes *otp.Service, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d, ids: ids, sms: sms, otp: codes, opts: opts, now: opts.Now, log: opts.Logger}
}

// today is the Jalali day in Tehran.
func (s *Service) today() fa.Date { return fa.JalaliOf(s.now()) }

// Audit actions of this area (identity's audit log).
const (
	ActionFinanceDecision = "welfare_finance_decision"
	ActionEmployeesImport = "welfare_employees_import"
	ActionSettlement      = "welfare_settlement_import"
	ActionMobileChange    = "welfare_mobile_change"
	ActionMerchantPropose = "welfare_merchant_propose"
	ActionMerchantDecide  = "welfare_merchant_decision"
	ActionWithdraw        = "welfare_application_withdraw"
)
