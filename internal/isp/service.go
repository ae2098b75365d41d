package isp

import (
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// Options are the ISP service's settings, passed as values.
type Options struct {
	// Key is a 32-byte key (derived from the server key): internet
	// passwords are encrypted under it.
	Key []byte
	// GraceWeek is how long a rejected document may wait for an approved
	// replacement before the line is suspended (default one week).
	GraceWeek time.Duration
	// OnlineWindow: a session with no accounting packet for this long is
	// no longer shown as online (default 15 minutes).
	OnlineWindow time.Duration
	Now          func() time.Time
	Logger       *slog.Logger
	// Identity, when set, makes the line's phone number sign its
	// subscriber in (the guide's «نام کاربری یا شماره تلفن»).
	Identity *identity.Service
}

// Service is the ISP subscriber panel.
type Service struct {
	db   *db.DB
	bill *billing.Service
	sms  *notify.Service
	box  *db.Box // internet passwords
	opts Options
	now  func() time.Time
	log  *slog.Logger
	// nas is the RADIUS server that tells NASes about lines whose state
	// changed (radius_enforce.go); nil when none runs.
	nas atomic.Pointer[RadiusServer]
}

// Domain errors, shown to the subscriber or the staff member as they are.
var (
	ErrNotSubscriber     = fa.Refusal("isp", "not_subscriber", msgNotSubscriber)
	ErrNoPlan            = fa.Refusal("isp", "no_plan", msgNoPlan)
	ErrWrongOldPassword  = fa.Refusal("isp", "wrong_old_password", msgWrongOldPassword)
	ErrPasswordRepeat    = fa.Refusal("isp", "password_repeat", msgPasswordRepeat)
	ErrPasswordFormat    = fa.Refusal("isp", "password_format", msgPasswordFormat)
	ErrPasswordSame      = fa.Refusal("isp", "password_same", msgPasswordSame)
	ErrNoActiveService   = fa.Refusal("isp", "no_active_service", msgNoActiveService)
	ErrSamePlan          = fa.Refusal("isp", "same_plan", msgSamePlan)
	ErrReservedTaken     = fa.Refusal("isp", "reserved_taken", msgReservedTaken)
	ErrNoStaticIP        = fa.Refusal("isp", "no_static_ip", msgNoStaticIP)
	ErrMonths            = fa.Refusal("isp", "months", msgMonths)
	ErrFreeUsed          = fa.Refusal("isp", "free_used", msgFreeUsed)
	ErrFreeNotNeeded     = fa.Refusal("isp", "free_not_needed", msgFreeNotNeeded)
	ErrUsername          = fa.Refusal("isp", "username", msgUsername)
	ErrUsernameTaken     = fa.Refusal("isp", "username_taken", msgUsernameTaken)
	ErrAlreadySubscriber = fa.Refusal("isp", "already_subscriber", msgAlreadySubscriber)
	ErrPhone             = fa.Refusal("isp", "phone", identity.MsgLineNumber) // identity refuses a landline number the same way
	ErrPhoneTaken        = fa.Refusal("isp", "phone_taken", msgPhoneTaken)
)

// New returns the service. bill may be nil in tests that sell nothing
// online.
func New(d *db.DB, bill *billing.Service, sms *notify.Service, opts Options) (*Service, error) {
	if len(opts.Key) != 32 {
		return nil, errors.New("isp: Options.Key must be 32 bytes")
	}
	// Passwords sealed before the box open under their old key's label.
	box, err := db.NewBox(opts.Key, "isp/internet-password", "pishkhan/isp/internet-password")
	if err != nil {
		return nil, err
	}
	if opts.GraceWeek == 0 {
		opts.GraceWeek = 7 * 24 * time.Hour
	}
	if opts.OnlineWindow == 0 {
		opts.OnlineWindow = 15 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d, bill: bill, sms: sms, box: box, opts: opts, now: opts.Now, log: opts.Logger}, nil
}

func (s *Service) encrypt(plain string) []byte { return s.box.Seal([]byte(plain)) }

func (s *Service) decrypt(sealed []byte) (string, error) {
	p, err := s.box.Open(sealed)
	return string(p), err
}

// DB is the service's database (for the app's benchmarks and demo).
func (s *Service) DB() *db.DB { return s.db }
