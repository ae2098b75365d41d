package welfare

import (
	"context"
	"errors"

	"pishkhan/internal/otp"
)

// cooldownOf turns otp's cool-down refusal for p into ErrCodeCooldown
// naming the purchase and the wait (RetryAfter); other errors pass
// unchanged.
func (s *Service) cooldownOf(ctx context.Context, p *Purchase, err error) error {
	if !errors.Is(err, otp.ErrCooldown) {
		return err
	}
	wait, werr := s.otp.SMSRetryAfter(ctx, p.CustomerID, PurposePurchase)
	if werr != nil {
		return werr
	}
	return codeCooldown(p.ID, wait, err)
}
