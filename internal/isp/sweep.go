package isp

import (
	"context"
	"errors"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Contact gives a customer's mobile and name for SMS notices.
type Contact func(ctx context.Context, customerID int64) (mobile, name string, err error)

// Sweep does the area's time rules that nobody's click triggers: the SMS
// notices, the collection list after an unanswered free charge, the
// suspension after the documents' grace week, last month's post-paid
// bills and this month's campaign charges. Each step is idempotent, so
// an hourly job may run it as often as it likes.
func (s *Service) Sweep(ctx context.Context, contact Contact) error {
	var errs []error
	if _, err := s.SendNotices(ctx, contact); err != nil {
		errs = append(errs, err)
	}
	if _, err := s.SweepFreeCharges(ctx); err != nil {
		errs = append(errs, err)
	}
	if _, err := s.SweepDocuments(ctx); err != nil {
		errs = append(errs, err)
	}
	if _, err := s.BillAndCharge(ctx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// BillAndCharge bills every post-paid line for last Jalali month and
// gives campaign lines this month's traffic (each once); it returns how
// many lines were charged now.
func (s *Service) BillAndCharge(ctx context.Context) (int, error) {
	ids, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) { var id int64; return id, r.Scan(&id) },
		`SELECT s.id FROM isp_subscribers s JOIN isp_plans p ON p.id = s.plan_id WHERE p.postpaid = 1`)
	if err != nil {
		return 0, err
	}
	today := fa.JalaliOf(s.now())
	last := fa.Date{Year: today.Year, Month: today.Month, Day: 1}.AddMonths(-1)
	charged := 0
	for _, id := range ids {
		if _, err := s.BillMonth(ctx, id, last.Year, last.Month); err != nil {
			return charged, err
		}
		ok, err := s.ChargeCampaign(ctx, id)
		if err != nil {
			return charged, err
		}
		if ok {
			charged++
		}
	}
	return charged, nil
}
