package identity

import (
	"context"
	"time"
)

// scopeCaptchaIP counts captchas drawn per address (a plain rate limit:
// every captcha shown is one, whatever is done with it).
const scopeCaptchaIP = "captcha_ip"

// ErrTooManyCaptchas: the address drew CaptchaLimit captchas in its window.
var ErrTooManyCaptchas = &Error{Code: "too_many_captchas", Message: "درخواست‌های فراموشی کلمه عبور از این نشانی بیش از حد است؛ لطفاً بعداً دوباره تلاش کنید"}

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
