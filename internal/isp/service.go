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
	ErrNotSubscriber     = &fa.Error{Code: "not_subscriber", Message: "برای حساب شما خط اینترنتی ثبت نشده است."}
	ErrNoPlan            = &fa.Error{Code: "no_plan", Message: "سرویس انتخاب شده یافت نشد."}
	ErrWrongOldPassword  = &fa.Error{Code: "wrong_old_password", Message: "کلمه عبور قدیم اینترنت نادرست است."}
	ErrPasswordRepeat    = &fa.Error{Code: "password_repeat", Message: "تکرار کلمه عبور جدید با کلمه عبور جدید یکسان نیست."}
	ErrPasswordFormat    = &fa.Error{Code: "password_format", Message: "کلمه عبور اینترنت باید ۶ تا ۳۲ حرف لاتین، رقم یا نشانه باشد."}
	ErrPasswordSame      = &fa.Error{Code: "password_same", Message: "کلمه عبور جدید نباید با کلمه عبور قدیم یکسان باشد."}
	ErrNoActiveService   = &fa.Error{Code: "no_active_service", Message: "شما سرویس فعالی ندارید؛ از سربرگ خرید سرویس استفاده نمایید."}
	ErrSamePlan          = &fa.Error{Code: "same_plan", Message: "سرویس جدید با سرویس فعلی یکسان است."}
	ErrReservedTaken     = &fa.Error{Code: "reserved_taken", Message: "شما یک سرویس رزرو دارید؛ پس از شروع آن سرویس بعدی را بخرید."}
	ErrNoStaticIP        = &fa.Error{Code: "no_static_ip", Message: "برای خط شما IP استاتیک ثبت نشده است."}
	ErrMonths            = &fa.Error{Code: "months", Message: "مدت تمدید را از فهرست انتخاب نمایید."}
	ErrFreeUsed          = &fa.Error{Code: "free_used", Message: "شارژ رایگان تنها یک مرتبه اعمال می شود و پیش تر از آن استفاده کرده اید."}
	ErrFreeNotNeeded     = &fa.Error{Code: "free_not_needed", Message: "روز و ترافیک سرویس شما هنوز تمام نشده است؛ شارژ رایگان تنها پس از اتمام آنها اعمال می شود."}
	ErrUsername          = &fa.Error{Code: "username", Message: "نام کاربری اینترنت باید ۳ تا ۳۲ حرف کوچک لاتین، رقم، نقطه، خط تیره یا زیرخط باشد."}
	ErrUsernameTaken     = &fa.Error{Code: "username_taken", Message: "این نام کاربری اینترنت پیش تر ثبت شده است."}
	ErrAlreadySubscriber = &fa.Error{Code: "already_subscriber", Message: "برای این مشترک پیش تر خط اینترنت ثبت شده است."}
	ErrPhone             = &fa.Error{Code: "phone", Message: "شماره تلفن خط باید ۴ تا ۱۱ رقم باشد."}
	ErrPhoneTaken        = &fa.Error{Code: "phone_taken", Message: "این شماره تلفن برای مشترک دیگری ثبت شده است."}
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
