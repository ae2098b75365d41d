package welfare

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// What the welfare finance staff manage, by region: the deduction lists
// handed out, the settlement files imported, the settlement rows that
// matched nothing (resolved by hand) and each employee's account.

// ActionUnmatchedResolve is the audit action of resolving a row by hand.
const ActionUnmatchedResolve = "welfare_unmatched_resolve"

// ErrBadText is text that is not valid UTF-8 or holds a NUL byte.
var ErrBadText = fa.Refusal(domain, "bad_text", msgBadText).OnField("note")

// cleanText reports whether s is valid UTF-8 without NUL bytes (what
// both databases store as text).
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

var (
	ErrResolved    = fa.Refusal(domain, "resolved", msgResolved)
	ErrNoNote      = fa.Refusal(domain, "no_note", msgNoNote).OnField("note")
	ErrResolveInst = fa.Refusal(domain, "resolve_installment", msgResolveInst).OnField("installment")
)

type deductionTally struct {
	rows   int
	amount int64
}

func (t *deductionTally) add(d Deduction) { t.rows++; t.amount += d.Amount }

// WriteDeductionList writes a region's deduction list of month (format
// "csv" or "xlsx") and records who took it, when, with how many rows and
// how much.
func (s *Service) WriteDeductionList(ctx context.Context, by identity.Actor, w io.Writer, format string, regionID int64, month string) error {
	t := &deductionTally{}
	var err error
	if format == "xlsx" {
		err = s.writeDeductionsXLSX(ctx, w, regionID, month, t)
	} else {
		format = "csv"
		err = s.writeDeductionsCSV(ctx, w, regionID, month, t)
	}
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO welfare_deduction_lists (staff_id, region_id, month, format, rows_listed, amount, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, by.StaffID, regionID, month, format, t.rows, t.amount, s.now())
	return wrap("record deduction list", err)
}

// DeductionListRecord is one deduction list handed out.
type DeductionListRecord struct {
	ID        int64
	Staff     string
	Region    string // "" for every region
	Month     string
	Format    string
	Rows      int
	Amount    int64
	CreatedAt time.Time
}

// DeductionLists are the newest lists of the given regions (nil: all,
// including lists of every region).
func (s *Service) DeductionLists(ctx context.Context, regions []int64) ([]DeductionListRecord, error) {
	var staff []int64
	list, err := db.All(ctx, s.db, func(r db.Scanner) (DeductionListRecord, error) {
		var d DeductionListRecord
		var region, by int64
		err := r.Scan(&d.ID, &by, &region, &d.Region, &d.Month, &d.Format, &d.Rows, &d.Amount, &d.CreatedAt)
		staff = append(staff, by)
		return d, err
	}, `SELECT l.id, COALESCE(l.staff_id, 0), l.region_id, COALESCE(r.name, ''), l.month, l.format, l.rows_listed, l.amount, l.created_at
		FROM welfare_deduction_lists l LEFT JOIN welfare_regions r ON r.id = l.region_id
		WHERE `+regionFilter("l.region_id", regions)+` ORDER BY l.id DESC LIMIT 50`)
	if err == nil {
		err = staffNames(ctx, s.db, staff, func(i int, name string) { list[i].Staff = name })
	}
	return list, wrap("deduction lists", err)
}

// staffNames asks identity, in one query, the names of the staff members
// of a list's rows (staff[i] is row i's, 0 for none) and sets them.
func staffNames(ctx context.Context, q db.Querier, staff []int64, set func(i int, name string)) error {
	names, err := identity.NamesOf(ctx, q, nil, staff)
	if err != nil {
		return err
	}
	for i, id := range staff {
		set(i, names.StaffFullName(id))
	}
	return nil
}

// regionFilter is a WHERE condition on col for regions (nil: true). The
// ids are numbers read from the database, so they are written inline.
func regionFilter(col string, regions []int64) string {
	if regions == nil {
		return "1 = 1"
	}
	if len(regions) == 0 {
		return "1 = 0"
	}
	ids := make([]string, len(regions))
	for i, r := range regions {
		ids[i] = fmt.Sprint(r)
	}
	return col + " IN (" + strings.Join(ids, ", ") + ")"
}

// SettlementRecord is one imported settlement file.
type SettlementRecord struct {
	ID        int64
	FileName  string
	Staff     string
	Rows      int
	Settled   int // rows that paid an installment, whole or in part
	Unmatched int
	Open      int // unmatched rows not yet resolved
	Amount    int64
	CreatedAt time.Time
}

// Settlements are the newest settlement files.
func (s *Service) Settlements(ctx context.Context) ([]SettlementRecord, error) {
	var staff []int64
	list, err := db.All(ctx, s.db, func(r db.Scanner) (SettlementRecord, error) {
		var x SettlementRecord
		var by int64
		err := r.Scan(&x.ID, &x.FileName, &by, &x.Rows, &x.Settled, &x.Unmatched, &x.Open, &x.Amount, &x.CreatedAt)
		staff = append(staff, by)
		return x, err
	}, `SELECT s.id, s.file_name, COALESCE(s.staff_id, 0), s.rows_read, s.rows_settled, s.rows_unmatched,
		(SELECT COUNT(*) FROM welfare_unmatched_rows u WHERE u.settlement_id = s.id AND u.status = 'open'), s.amount, s.created_at
		FROM welfare_settlements s ORDER BY s.id DESC LIMIT 50`)
	if err == nil {
		err = staffNames(ctx, s.db, staff, func(i int, name string) { list[i].Staff = name })
	}
	return list, wrap("settlements", err)
}

// Unmatched row statuses.
const (
	UnmatchedOpen      = "open"
	UnmatchedMatched   = "matched"
	UnmatchedDismissed = "dismissed"
)

// UnmatchedRow is a settlement row that matched no installment.
type UnmatchedRow struct {
	ID            int64
	SettlementID  int64
	FileName      string
	Line          int
	InstallmentID int64
	PersonnelNo   string
	Amount        int64
	Reason        string
	Region        string
	Status        string
	ResolvedInst  int64
	ResolvedBy    string
	ResolvedAt    *time.Time
	Note          string
}

// UnmatchedRows lists the rows of the given regions (nil: all, with the
// rows of unknown personnel numbers), open ones (open true) or the newest
// resolved.
func (s *Service) UnmatchedRows(ctx context.Context, regions []int64, open bool) ([]UnmatchedRow, error) {
	cond := "u.status = 'open' ORDER BY u.id LIMIT 200"
	if !open {
		cond = "u.status <> 'open' ORDER BY u.resolved_at DESC, u.id DESC LIMIT 20"
	}
	var staff []int64
	list, err := db.All(ctx, s.db, func(r db.Scanner) (UnmatchedRow, error) {
		var u UnmatchedRow
		var by int64
		err := r.Scan(&u.ID, &u.SettlementID, &u.FileName, &u.Line, &u.InstallmentID, &u.PersonnelNo, &u.Amount, &u.Reason, &u.Region,
			&u.Status, &u.ResolvedInst, &by, &u.ResolvedAt, &u.Note)
		staff = append(staff, by)
		return u, err
	}, `SELECT u.id, u.settlement_id, s.file_name, u.line, u.installment_id, u.personnel_no, u.amount, u.reason, COALESCE(r.name, ''),
		u.status, u.resolved_installment_id, COALESCE(u.resolved_by, 0), u.resolved_at, u.note
		FROM welfare_unmatched_rows u JOIN welfare_settlements s ON s.id = u.settlement_id
		LEFT JOIN welfare_regions r ON r.id = u.region_id
		WHERE `+regionFilter("u.region_id", regions)+" AND "+cond)
	if err == nil {
		err = staffNames(ctx, s.db, staff, func(i int, name string) { list[i].ResolvedBy = name })
	}
	return list, wrap("unmatched rows", err)
}

// ResolveUnmatched is finance's decision on an unmatched row, once:
// matched to an unsettled installment of its regions (installmentID; the
// row's amount is paid on it as a settlement row would, the purchase
// power given back with its ledger row) or dismissed (installmentID 0)
// with a note. The note (why) is required either way. Audited.
func (s *Service) ResolveUnmatched(ctx context.Context, by *identity.StaffMember, ip string, rowID, installmentID int64, note string) error {
	if !cleanText(note) {
		return ErrBadText
	}
	note = strings.TrimSpace(fa.NormalizeInput(note))
	if note == "" {
		return ErrNoNote
	}
	if len([]rune(note)) > 500 {
		return errNoteLong
	}
	regions, err := s.StaffRegions(ctx, by)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var u UnmatchedRow
		var region int64
		err := tx.QueryRow(ctx, `SELECT id, settlement_id, amount, personnel_no, region_id, status FROM welfare_unmatched_rows WHERE id = $1`+db.ForUpdate(tx), rowID).
			Scan(&u.ID, &u.SettlementID, &u.Amount, &u.PersonnelNo, &region, &u.Status)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return wrap("read unmatched row", err)
		}
		if !inRegions(regions, region) {
			return ErrNotYourRegion
		}
		if u.Status != UnmatchedOpen {
			return ErrResolved
		}
		now := s.now()
		status, detail := UnmatchedDismissed, auditDismissed(note)
		if installmentID != 0 {
			if err := s.payByHand(ctx, tx, regions, installmentID, u.Amount, u.SettlementID, now); err != nil {
				return err
			}
			status, detail = UnmatchedMatched, fmt.Sprintf(fmtUnmatchedMatched, installmentID, note)
		}
		res, err := tx.Exec(ctx, `UPDATE welfare_unmatched_rows SET status = $1, resolved_installment_id = $2, resolved_by = $3, resolved_at = $4, note = $5
			WHERE id = $6 AND status = 'open'`, status, installmentID, by.ID, now, note, u.ID)
		if err != nil {
			return wrap("resolve unmatched row", err)
		}
		if res.RowsAffected != 1 {
			return ErrResolved
		}
		return s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: by.ID, IP: ip, Action: ActionUnmatchedResolve,
			TargetKind: "welfare_unmatched_row", TargetID: u.ID,
			Detail: fmt.Sprintf(fmtAuditUnmatched, u.PersonnelNo, u.Amount, u.SettlementID, detail)})
	})
}

// payByHand pays amount on an installment as a settlement row would.
func (s *Service) payByHand(ctx context.Context, tx *db.Tx, regions []int64, installmentID, amount, settlementID int64, now time.Time) error {
	var account, purchase, region int64
	err := tx.QueryRow(ctx, `SELECT i.account_id, i.purchase_id, e.region_id FROM welfare_installments i JOIN welfare_employees e ON e.id = i.employee_id
		WHERE i.id = $1`, installmentID).Scan(&account, &purchase, &region)
	if errors.Is(err, db.ErrNoRows) || (err == nil && !inRegions(regions, region)) {
		return ErrResolveInst
	}
	if err != nil {
		return wrap("read installment", err)
	}
	res, err := tx.Exec(ctx, `UPDATE welfare_installments SET paid = paid + $1, settlement_id = $2,
		settled_at = CASE WHEN amount - paid - returned = $1 THEN $3 ELSE settled_at END
		WHERE id = $4 AND settled_at IS NULL AND amount - paid - returned >= $1`, amount, settlementID, now, installmentID)
	if err != nil {
		return wrap("pay installment", err)
	}
	if res.RowsAffected != 1 {
		return ErrResolveInst
	}
	if err := giveBack(ctx, tx, map[int64]int64{account: amount}, settlementID, now); err != nil {
		return err
	}
	fin, err := tx.Exec(ctx, `UPDATE welfare_purchases SET finished_at = $1 WHERE id = $2 AND finished_at IS NULL AND status = $3
		AND NOT EXISTS (SELECT 1 FROM welfare_installments i WHERE i.purchase_id = welfare_purchases.id AND i.settled_at IS NULL)`,
		now, purchase, PurchaseConfirmed)
	if err != nil {
		return wrap("finish purchase", err)
	}
	if fin.RowsAffected == 1 {
		if _, err := tx.Exec(ctx, "UPDATE welfare_accounts SET open_purchases = open_purchases - 1 WHERE id = $1 AND open_purchases > 0", account); err != nil {
			return wrap("count open purchases", err)
		}
	}
	return nil
}

// AccountRow is one employee's account on finance's list.
type AccountRow struct {
	Employee
	MonthlyCredit int64
	Ceiling       int
	Used          int64
	Arrears       int64 // still due of installments deducted in part
}

// FinanceAccounts lists the accounts of the given regions' employees
// (nil: all), found by personnel number, national code or name.
func (s *Service) FinanceAccounts(ctx context.Context, regions []int64, q string) ([]AccountRow, error) {
	q = strings.TrimSpace(fa.NormalizeInput(q))
	like := db.Contains(q)
	list, err := db.All(ctx, s.db, func(r db.Scanner) (AccountRow, error) {
		var a AccountRow
		return a, r.Scan(&a.ID, &a.PersonnelNo, &a.NationalCode, &a.FirstName, &a.LastName, &a.RegionName, &a.MonthlyCredit, &a.Ceiling, &a.Used, &a.Arrears)
	}, `SELECT e.id, e.personnel_no, e.national_code, e.first_name, e.last_name, r.name, a.monthly_credit, a.ceiling, a.used,
		COALESCE((SELECT SUM(i.amount - i.paid - i.returned) FROM welfare_installments i WHERE i.account_id = a.id AND i.settled_at IS NULL AND i.paid > 0), 0)
		FROM welfare_accounts a JOIN welfare_employees e ON e.id = a.employee_id JOIN welfare_regions r ON r.id = e.region_id
		WHERE `+regionFilter("e.region_id", regions)+` AND ($1 = '' OR e.personnel_no = $1 OR e.national_code = $1
			OR (e.first_name || ' ' || e.last_name) LIKE $2 ESCAPE '\')
		ORDER BY e.personnel_no LIMIT 100`, q, like)
	return list, wrap("finance accounts", err)
}

// AccountView is one employee's account, purchases and installments.
type AccountView struct {
	Employee     *Employee
	Account      *Account
	Purchases    []Purchase
	Installments []Installment
}

// FinanceAccount is an employee's account for finance, if the employee
// is of their regions.
func (s *Service) FinanceAccount(ctx context.Context, regions []int64, employeeID int64) (*AccountView, error) {
	e, err := s.Employee(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	if !inRegions(regions, e.RegionID) {
		return nil, ErrNotYourRegion
	}
	v := &AccountView{Employee: e}
	if v.Account, err = s.Account(ctx, e.CustomerID); err != nil && !errors.Is(err, ErrNoAccount) {
		return nil, err
	}
	if v.Purchases, err = db.All(ctx, s.db, scanPurchase, "SELECT "+purchaseCols+purchaseFrom+"WHERE p.customer_id = $1 ORDER BY p.id DESC LIMIT 100", e.CustomerID); err != nil {
		return nil, wrap("purchases", err)
	}
	if v.Installments, err = s.Installments(ctx, e.CustomerID); err != nil {
		return nil, err
	}
	return v, nil
}
