package identity

import (
	"context"
	"time"

	"github.com/dchest/captcha"
)

// scopeCaptchaIP counts captchas drawn per address (a plain rate limit:
// every captcha shown is one, whatever is done with it). One allowance
// covers every anonymous page that draws one (password recovery, the
// identity provider's sign-in, signup's confirmation, the sandbox bank):
// what it bounds is rows written per address, whichever page writes them.
const scopeCaptchaIP = "captcha_ip"

// ErrTooManyCaptchas: the address drew CaptchaLimit captchas in its window.
var ErrTooManyCaptchas = refusal("too_many_captchas", msgTooManyCaptchas)

// allowCaptcha takes one captcha of ip's allowance: 0 when it may draw
// one, else how long until it may. Without it every anonymous GET of
// /password/forgot wrote a row, as fast as anyone could ask; expired
// captchas are deleted by the hourly cleanup (DeleteExpired).
func (s *Service) allowCaptcha(ctx context.Context, ip string) (time.Duration, error) {
	ok, retry, err := s.reserve(ctx, scopeCaptchaIP, ip, s.opts.CaptchaLimit)
	if err != nil || ok {
		return 0, err
	}
	return retry, nil
}

// NewCaptcha draws a captcha for a page shown to ip, within ip's
// allowance (CaptchaLimit, shared with /password/forgot). Over it, it
// returns ErrTooManyCaptchas with the minutes left in its Persian message
// and RetryAfter set, and writes nothing: pages answer 429 with it.
func (s *Service) NewCaptcha(ctx context.Context, ip string) (string, error) {
	retry, err := s.allowCaptcha(ctx, ip)
	if err != nil {
		return "", err
	}
	if retry > 0 {
		return "", lockedError(ErrTooManyCaptchas, retry, 0)
	}
	return captcha.New(), nil
}
