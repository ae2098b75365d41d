package welfare

import (
	"context"
	"errors"
)

// Welfare credit as support sees it (support.Area): its customers are the
// employees, and a ticket may be about their Tavana card. The portal's
// menu shows the Tavana pages to the same people.

// Audience is the key and name of employees for announcements.
func (s *Service) Audience() (string, string) { return "welfare", labelTavana }

// CustomerServices names the employee's Tavana card; none: not an
// employee.
func (s *Service) CustomerServices(ctx context.Context, customerID int64) ([]string, error) {
	_, err := s.EmployeeOfCustomer(ctx, customerID)
	if errors.Is(err, ErrNotEmployee) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []string{labelTavana}, nil
}
