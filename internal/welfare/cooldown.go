package welfare

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/otp"
)

// CooldownError is a purchase whose code could not be sent because the
// customer was sent a purchase code less than the cool-down ago (by this
// store or another). The purchase exists, pending: the store asks for the
// code again with /resend after RetryAfter.
type CooldownError struct {
	PurchaseID int64
	RetryAfter time.Duration
}

// CodeCooldown is CooldownError's code for programs.
const CodeCooldown = "code_cooldown"

func (e *CooldownError) Error() string {
	return fmt.Sprintf("welfare: %s: purchase %d, retry after %s", CodeCooldown, e.PurchaseID, e.RetryAfter)
}

// Seconds is RetryAfter in whole seconds, rounded up (at least 1).
func (e *CooldownError) Seconds() int {
	return max(int((e.RetryAfter+time.Second-1)/time.Second), 1)
}

// UserMessage says what happened and when to ask again.
func (e *CooldownError) UserMessage() string {
	return fmt.Sprintf("خرید شماره %s ثبت شد، اما برای این مشتری کمتر از یک دقیقه پیش رمز خرید ارسال شده است؛ %s ثانیه دیگر «ارسال دوباره رمز» را بزنید.",
		fa.Digits(strconv.FormatInt(e.PurchaseID, 10)), fa.Digits(strconv.Itoa(e.Seconds())))
}

// cooldownOf turns otp's cool-down refusal for p into a CooldownError
// naming the purchase and the wait; other errors pass unchanged.
func (s *Service) cooldownOf(ctx context.Context, p *Purchase, err error) error {
	if !errors.Is(err, otp.ErrCooldown) {
		return err
	}
	wait, werr := s.otp.SMSRetryAfter(ctx, p.CustomerID, PurposePurchase)
	if werr != nil {
		return werr
	}
	return &CooldownError{PurchaseID: p.ID, RetryAfter: wait}
}
