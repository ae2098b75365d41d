package isp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

const planColumns = "id, kind, name, description, price, days, traffic_mb, speed_kbps, postpaid, active, position"

func scanPlan(r db.Scanner) (*Plan, error) {
	var p Plan
	var postpaid, active int64
	if err := r.Scan(&p.ID, &p.Kind, &p.Name, &p.Description, &p.Price, &p.Days, &p.TrafficMB, &p.SpeedKbps, &postpaid, &active, &p.Position); err != nil {
		return nil, err
	}
	p.Postpaid, p.Active = postpaid != 0, active != 0
	return &p, nil
}

func planByID(ctx context.Context, q db.Querier, id int64) (*Plan, error) {
	p, err := scanPlan(q.QueryRow(ctx, "SELECT "+planColumns+" FROM isp_plans WHERE id = $1", id))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNoPlan
	}
	if err != nil {
		return nil, fmt.Errorf("isp: load plan %d: %w", id, err)
	}
	return p, nil
}

// Plan reads one plan.
func (s *Service) Plan(ctx context.Context, id int64) (*Plan, error) { return planByID(ctx, s.db, id) }

// Plans lists the plans of a kind on sale (all of them, for staff, when
// all is set), in the staff's order.
func (s *Service) Plans(ctx context.Context, kind string, all bool) ([]*Plan, error) {
	q := "SELECT " + planColumns + " FROM isp_plans WHERE kind = $1"
	if !all {
		q += " AND active = 1"
	}
	return db.All(ctx, s.db, scanPlan, q+" ORDER BY position, id", kind)
}

// SavePlan adds a plan (ID 0) or changes one (staff).
func (s *Service) SavePlan(ctx context.Context, p *Plan) error { return s.savePlan(ctx, p, nil) }

// A plan's refusals (admin).
var (
	errPlanKind    = fa.Refusal("isp", "plan_kind", msgPlanKind)
	errPlanName    = fa.Refusal("isp", "plan_name", msgPlanName)
	errPlanDays    = fa.Refusal("isp", "plan_days", msgPlanDays)
	errPlanTraffic = fa.Refusal("isp", "plan_traffic", msgPlanTraffic)
	errPlanSpeed   = fa.Refusal("isp", "plan_speed", msgPlanSpeed)
)

// errFreeCharge: the free charge's days or traffic are out of range.
var errFreeCharge = fa.Refusal("isp", "free_charge", msgFreeCharge)

// savePlan is SavePlan with the staff member's audit row written in the
// plan's transaction (nil: none), so a plan is never added unaudited.
func (s *Service) savePlan(ctx context.Context, p *Plan, audit func(tx *db.Tx) error) error {
	p.Name = fa.Clip(p.Name, 200)
	p.Description = fa.Clip(p.Description, 1000)
	switch {
	case p.Kind != PlanService && p.Kind != PlanTraffic && p.Kind != PlanTimed:
		return errPlanKind
	case p.Name == "":
		return errPlanName
	case p.Price < 0 || p.Price > 100_000_000_000:
		return fa.ErrAmount
	case p.Days < 0 || p.Days > 3660 || (p.Kind != PlanTraffic && p.Days == 0):
		return errPlanDays
	case p.TrafficMB < 0 || p.TrafficMB > 100_000_000 || (p.Kind != PlanService && p.TrafficMB == 0):
		return errPlanTraffic
	case p.SpeedKbps < 0 || p.SpeedKbps > 10_000_000:
		return errPlanSpeed
	}
	if p.Kind == PlanTraffic {
		p.Days = 0
	}
	b := func(v bool) int64 {
		if v {
			return 1
		}
		return 0
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if p.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO isp_plans (kind, name, description, price, days, traffic_mb, speed_kbps, postpaid, active, position)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
				p.Kind, p.Name, p.Description, p.Price, int64(p.Days), p.TrafficMB, int64(p.SpeedKbps), b(p.Postpaid), b(p.Active), int64(p.Position)).Scan(&p.ID)
		} else {
			_, err = tx.Exec(ctx, `UPDATE isp_plans SET name = $1, description = $2, price = $3, days = $4, traffic_mb = $5, speed_kbps = $6,
		postpaid = $7, active = $8, position = $9 WHERE id = $10`,
				p.Name, p.Description, p.Price, int64(p.Days), p.TrafficMB, int64(p.SpeedKbps), b(p.Postpaid), b(p.Active), int64(p.Position), p.ID)
		}
		if err != nil || audit == nil {
			return err
		}
		return audit(tx)
	})
}

// Label is how a plan reads in lists: its name, and its price.
func (p *Plan) Label() string {
	return strings.TrimSpace(p.Name)
}

// FreeCharge is the admin's free-charge setting.
type FreeCharge struct {
	Days int
	MB   int64
}

// FreeChargeSetting reads it.
func (s *Service) FreeChargeSetting(ctx context.Context) (FreeCharge, error) {
	var f FreeCharge
	err := s.db.QueryRow(ctx, "SELECT free_days, free_mb FROM isp_settings WHERE id = 1").Scan(&f.Days, &f.MB)
	return f, err
}

// SetFreeCharge changes it (admin).
func (s *Service) SetFreeCharge(ctx context.Context, f FreeCharge) error {
	return s.setFreeCharge(ctx, f, nil)
}

// setFreeCharge is SetFreeCharge with the staff member's audit row
// written in the same transaction (nil: none).
func (s *Service) setFreeCharge(ctx context.Context, f FreeCharge, audit func(tx *db.Tx) error) error {
	if f.Days < 0 || f.Days > 30 || f.MB < 0 || f.MB > 100_000 || (f.Days == 0 && f.MB == 0) {
		return errFreeCharge
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE isp_settings SET free_days = $1, free_mb = $2 WHERE id = 1", int64(f.Days), f.MB); err != nil || audit == nil {
			return err
		}
		return audit(tx)
	})
}
