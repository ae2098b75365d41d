package welfare

import (
	"context"
	"errors"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// Product reads the active product (Tavana card).
func (s *Service) Product(ctx context.Context, q db.Querier, id int64) (*Product, error) {
	where, args := "active = 1 ORDER BY id LIMIT 1", []any{}
	if id != 0 {
		where, args = "id = $1", []any{id}
	}
	var p Product
	var one int
	err := q.QueryRow(ctx, "SELECT id, code, name, min_installments, max_installments, one_open_purchase FROM welfare_products WHERE "+where, args...).
		Scan(&p.ID, &p.Code, &p.Name, &p.MinInstallments, &p.MaxInstallments, &one)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, wrap("read product", err)
	}
	p.OneOpenPurchase = one == 1
	return &p, nil
}

// CheckGuarantor names every rule guarantor fails for applicant: the same
// region; service strictly under 28 years 11 months; a net salary equal
// to or above the applicant's; fewer than 3 guarantees already. Two
// colleagues may guarantee each other: nothing forbids it.
func CheckGuarantor(applicant, guarantor *Employee) error {
	if applicant.ID == guarantor.ID {
		return ErrSelfGuarantor
	}
	var problems []string
	if guarantor.RegionID != applicant.RegionID {
		problems = append(problems, msgGuarantorRegion)
	}
	if guarantor.ServiceInMonths() >= GuarantorServiceLimit {
		problems = append(problems, msgGuarantorService)
	}
	if guarantor.NetSalary < applicant.NetSalary {
		problems = append(problems, msgGuarantorSalary)
	}
	if guarantor.Guarantees >= MaxGuarantees {
		problems = append(problems, msgGuarantorCount)
	}
	if len(problems) > 0 {
		return guarantorRefused(problems...)
	}
	return nil
}

// Apply is the employee's request from the portal: the number of
// installments (within the product's bounds) and the guarantor, by
// national code or personnel number. The guarantor's count is raised by
// a conditional update, so two requests naming the same colleague at
// once cannot make a 4th guarantee. The applicant and the guarantor are
// told by SMS.
func (s *Service) Apply(ctx context.Context, customerID int64, installments int, guarantorKey string) (*Application, error) {
	var app *Application
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		applicant, err := s.employeeWhere(ctx, tx, "e.customer_id = $1", customerID)
		if errors.Is(err, ErrNotFound) {
			return ErrNotEmployee
		}
		if err != nil {
			return err
		}
		p, err := s.Product(ctx, tx, 0)
		if err != nil {
			return err
		}
		if installments < p.MinInstallments || installments > p.MaxInstallments {
			return ErrInstallments.Saying(msgInstallmentsBetween(p.MinInstallments, p.MaxInstallments))
		}
		var open int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM welfare_applications WHERE employee_id = $1 AND is_open = 1", applicant.ID).Scan(&open); err != nil {
			return wrap("count applications", err)
		}
		if open > 0 {
			return ErrOpenApplication
		}
		guarantor, err := s.FindEmployee(ctx, tx, guarantorKey)
		if errors.Is(err, ErrNotFound) {
			return ErrNoGuarantor
		}
		if err != nil {
			return err
		}
		if err := CheckGuarantor(applicant, guarantor); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE welfare_employees SET guarantees = guarantees + 1 WHERE id = $1 AND guarantees < $2", guarantor.ID, MaxGuarantees)
		if err != nil {
			return wrap("count guarantee", err)
		}
		if res.RowsAffected != 1 {
			return guarantorRefused(msgGuarantorCount)
		}
		now := s.now()
		app = &Application{EmployeeID: applicant.ID, CustomerID: customerID, ProductID: p.ID, Installments: installments,
			GuarantorID: guarantor.ID, Status: StatusGuarantorPending, CreatedAt: now, UpdatedAt: now, Applicant: *applicant, Guarantor: *guarantor}
		err = tx.QueryRow(ctx, `INSERT INTO welfare_applications (employee_id, customer_id, product_id, installments, guarantor_id, status, is_open, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id`,
			applicant.ID, customerID, p.ID, installments, guarantor.ID, StatusGuarantorPending, now).Scan(&app.ID)
		if db.IsUniqueViolation(err) {
			return ErrOpenApplication
		}
		if err != nil {
			return wrap("add application", err)
		}
		if err := s.tell(ctx, tx, applicant, smsApplied, textApplied(installments, guarantor.FullName())); err != nil {
			return err
		}
		return s.tell(ctx, tx, guarantor, smsGuaranteeAsked, textGuaranteeAsked(applicant.FullName()))
	})
	if err != nil {
		return nil, err
	}
	return app, nil
}

// tell queues an SMS to an employee in tx.
func (s *Service) tell(ctx context.Context, tx *db.Tx, e *Employee, reason, text string) error {
	if e.Mobile == "" {
		return nil
	}
	_, err := s.sms.Queue(ctx, tx, notify.Message{PersonID: e.CustomerID, RecipientName: e.FullName(), To: e.Mobile, Reason: reason,
		Text: text + "\n" + labelTavana})
	return err
}

const applicationCols = `a.id, a.employee_id, a.customer_id, a.product_id, a.installments, a.guarantor_id, a.status, a.reason,
	a.opens_at, a.created_at, a.updated_at, a.guarantor_decided_at, a.finance_decided_at, a.finance_staff_id`

func scanApplication(r db.Scanner) (Application, error) {
	var a Application
	err := r.Scan(&a.ID, &a.EmployeeID, &a.CustomerID, &a.ProductID, &a.Installments, &a.GuarantorID, &a.Status, &a.Reason,
		&a.OpensAt, &a.CreatedAt, &a.UpdatedAt, &a.GuarantorAt, &a.FinanceAt, &a.FinanceStaffID)
	return a, err
}

// withPeople fills the applicant and guarantor of each application.
func (s *Service) withPeople(ctx context.Context, q db.Querier, list []Application) error {
	for i := range list {
		a, err := s.employeeWhere(ctx, q, "e.id = $1", list[i].EmployeeID)
		if err != nil {
			return err
		}
		g, err := s.employeeWhere(ctx, q, "e.id = $1", list[i].GuarantorID)
		if err != nil {
			return err
		}
		list[i].Applicant, list[i].Guarantor = *a, *g
	}
	return nil
}

func (s *Service) applications(ctx context.Context, q db.Querier, where string, args ...any) ([]Application, error) {
	list, err := db.All(ctx, q, scanApplication, "SELECT "+applicationCols+" FROM welfare_applications a WHERE "+where, args...)
	if err != nil {
		return nil, wrap("read applications", err)
	}
	return list, s.withPeople(ctx, q, list)
}

// Applications lists a customer's applications, newest first («وضعیت
// درخواست»).
func (s *Service) Applications(ctx context.Context, customerID int64) ([]Application, error) {
	return s.applications(ctx, s.db, "a.customer_id = $1 ORDER BY a.id DESC", customerID)
}

// GuaranteeRequests lists what a customer was asked to guarantee, newest
// first («تایید یا رد ضمانت»).
func (s *Service) GuaranteeRequests(ctx context.Context, customerID int64) ([]Application, error) {
	return s.applications(ctx, s.db, `a.guarantor_id IN (SELECT id FROM welfare_employees WHERE customer_id = $1) ORDER BY a.id DESC LIMIT 50`, customerID)
}

// application reads one application for update.
func (s *Service) application(ctx context.Context, tx *db.Tx, id int64) (*Application, error) {
	list, err := s.applications(ctx, tx, "a.id = $1"+db.ForUpdate(tx), id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

// GuarantorDecide is the guarantor's «تایید یا رد ضمانت». Only the named
// guarantor may decide, once. A rejection frees the guarantee and lets
// the applicant apply again.
func (s *Service) GuarantorDecide(ctx context.Context, customerID, applicationID int64, approve bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.application(ctx, tx, applicationID)
		if err != nil {
			return err
		}
		if a.Guarantor.CustomerID != customerID {
			return ErrNotFound
		}
		now := s.now()
		next, open := StatusFinancePending, 1
		if !approve {
			next, open = StatusGuarantorRejected, 0
		}
		res, err := tx.Exec(ctx, `UPDATE welfare_applications SET status = $1, is_open = $2, guarantor_decided_at = $3, updated_at = $3
			WHERE id = $4 AND status = $5`, next, open, now, a.ID, StatusGuarantorPending)
		if err != nil {
			return wrap("guarantor decision", err)
		}
		if res.RowsAffected != 1 {
			return withdrawnOr(a, ErrNotPending)
		}
		if !approve {
			if err := s.releaseGuarantee(ctx, tx, a.GuarantorID); err != nil {
				return err
			}
			return s.tell(ctx, tx, &a.Applicant, smsGuaranteeRejected, textGuaranteeRejected(a.Guarantor.FullName()))
		}
		return s.tell(ctx, tx, &a.Applicant, smsGuaranteeApproved, textGuaranteeApproved)
	})
}

func (s *Service) releaseGuarantee(ctx context.Context, tx *db.Tx, guarantorID int64) error {
	_, err := tx.Exec(ctx, "UPDATE welfare_employees SET guarantees = guarantees - 1 WHERE id = $1 AND guarantees > 0", guarantorID)
	return wrap("release guarantee", err)
}

// PendingFinance lists the applications waiting for the finance staff
// of the given regions (nil: every region).
func (s *Service) PendingFinance(ctx context.Context, regions []int64) ([]Application, error) {
	list, err := s.applications(ctx, s.db, "a.status = $1 ORDER BY a.id", StatusFinancePending)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, a := range list {
		if inRegions(regions, a.Applicant.RegionID) {
			out = append(out, a)
		}
	}
	return out, nil
}

// FinanceDecide is the region finance staff's approval or rejection
// (reason required). Approval opens the credit account, usable 72 hours
// later, and sends the account's SMS with the app's download link.
// Audited.
func (s *Service) FinanceDecide(ctx context.Context, by *identity.StaffMember, ip string, applicationID int64, approve bool, reason string) error {
	reason = strings.TrimSpace(fa.NormalizeInput(reason))
	if !approve && reason == "" {
		return ErrNoReason
	}
	if len([]rune(reason)) > 500 {
		return errReasonLong
	}
	regions, err := s.StaffRegions(ctx, by)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.application(ctx, tx, applicationID)
		if err != nil {
			return err
		}
		if !inRegions(regions, a.Applicant.RegionID) {
			return ErrNotYourRegion
		}
		now := s.now()
		next, open := StatusApproved, 1
		var opensAt *time.Time
		if approve {
			t := now.Add(OpeningDelay)
			opensAt = &t
		} else {
			next, open = StatusFinanceRejected, 0
		}
		res, err := tx.Exec(ctx, `UPDATE welfare_applications SET status = $1, is_open = $2, finance_decided_at = $3, updated_at = $3,
			finance_staff_id = $4, reason = $5, opens_at = $6 WHERE id = $7 AND status = $8`,
			next, open, now, by.ID, reason, opensAt, a.ID, StatusFinancePending)
		if err != nil {
			return wrap("finance decision", err)
		}
		if res.RowsAffected != 1 {
			return withdrawnOr(a, ErrNotPending)
		}
		detail := auditRejected(reason)
		if approve {
			detail = auditApproved(fa.FormatDateTime(*opensAt))
		}
		if err := s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: by.ID, IP: ip, Action: ActionFinanceDecision,
			TargetKind: identity.KindCustomer, TargetID: a.CustomerID, Detail: auditDecision(a.ID, detail)}); err != nil {
			return err
		}
		if !approve {
			if err := s.releaseGuarantee(ctx, tx, a.GuarantorID); err != nil {
				return err
			}
			return s.tell(ctx, tx, &a.Applicant, smsFinanceRejected, textFinanceRejected(reason))
		}
		return s.openAccount(ctx, tx, a, *opensAt, now)
	})
}

// openAccount creates the credit account of an approved application and
// sends the guide's SMS: the app's download link and its guides.
func (s *Service) openAccount(ctx context.Context, tx *db.Tx, a *Application, opensAt, now time.Time) error {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO welfare_accounts (customer_id, employee_id, application_id, product_id, monthly_credit, ceiling, opens_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (customer_id) DO UPDATE SET application_id = EXCLUDED.application_id,
		product_id = EXCLUDED.product_id, monthly_credit = EXCLUDED.monthly_credit, ceiling = EXCLUDED.ceiling,
		opens_at = EXCLUDED.opens_at, activated_at = NULL RETURNING id`,
		a.CustomerID, a.EmployeeID, a.ID, a.ProductID, MonthlyCredit(a.Applicant.NetSalary), a.Installments, opensAt, now).Scan(&id)
	if err != nil {
		return wrap("open account", err)
	}
	if err := s.tell(ctx, tx, &a.Applicant, smsFinanceApproved, textFinanceApproved(fa.FormatDateTime(opensAt))); err != nil {
		return err
	}
	return s.tell(ctx, tx, &a.Applicant, smsAccountCreated, AccountCreatedSMS)
}

// ActivateDue marks the accounts whose 72 hours have passed as active and
// tells their holders by SMS. The credit is usable from opens_at whether
// or not this job has run (the check is by clock); it is idempotent.
func (s *Service) ActivateDue(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, "SELECT id FROM welfare_accounts WHERE activated_at IS NULL AND opens_at <= $1 ORDER BY id LIMIT 1000", now)
	if err != nil {
		return 0, wrap("due accounts", err)
	}
	n := 0
	for _, id := range ids {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			var employeeID int64
			err := tx.QueryRow(ctx, "UPDATE welfare_accounts SET activated_at = $1 WHERE id = $2 AND activated_at IS NULL RETURNING employee_id", now, id).Scan(&employeeID)
			if errors.Is(err, db.ErrNoRows) {
				return nil
			}
			if err != nil {
				return wrap("activate", err)
			}
			e, err := s.employeeWhere(ctx, tx, "e.id = $1", employeeID)
			if err != nil {
				return err
			}
			n++
			return s.tell(ctx, tx, e, smsActivated, textActivated)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
