package isp

import (
	"context"
	"errors"
)

// The ISP panel as support sees it (support.Area): its customers are
// those with a line, and a ticket may be about their internet service.
// The portal's menu shows the panel to the same people.

// Audience is the key and name of subscribers for announcements.
func (s *Service) Audience() (string, string) { return "isp", labelInternet }

// CustomerServices names the customer's internet line and service; none:
// not a subscriber.
func (s *Service) CustomerServices(ctx context.Context, customerID int64) ([]string, error) {
	sub, err := s.SubscriberOf(ctx, customerID)
	if errors.Is(err, ErrNotSubscriber) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	name := internetLine(sub.Username)
	if sub.Plan != nil {
		name += " (" + sub.Plan.Name + ")"
	}
	return []string{name}, nil
}
