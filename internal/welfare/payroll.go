package welfare

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// Deduction is one row of a region's monthly deduction list: an
// installment to deduct from an employee's salary, or the arrears of an
// earlier one that was deducted only in part.
type Deduction struct {
	InstallmentID int64
	PersonnelNo   string
	NationalCode  string
	Name          string
	Region        string
	Month         string // the installment's own month (earlier for arrears)
	Arrears       bool
	Amount        int64
}

// «شرح» comes last, so files in the layout before it still read.
var deductionOrder = []string{"installment_id", "personnel_no", "national_code", "name", "region", "month", "amount", "kind"}

// amountColumn is where the amount is (the XLSX writer stores a number).
const amountColumn = 6

var monthPattern = regexp.MustCompile(`^\d{4}/\d{2}$`)

// ParseMonth checks a Jalali month "1404/02" (any digits).
func ParseMonth(s string) (string, error) {
	s = fa.LatinDigits(s)
	if !monthPattern.MatchString(s) {
		return "", ErrMonth
	}
	m, _ := strconv.Atoi(s[5:])
	if m < 1 || m > 12 {
		return "", ErrMonth
	}
	return s, nil
}

// EachDeduction streams the deductions of month for the employees of a
// region (regionID 0: every region), in personnel order: each unsettled
// installment due in month (what is still due of it), then the arrears
// of earlier installments deducted only in part. The month's credit
// bounds what is deducted from one salary («توان پرداخت یک قسط در ماه»):
// arrears are listed only up to the credit the month's installments leave,
// and what does not fit waits for a later month.
func (s *Service) EachDeduction(ctx context.Context, regionID int64, month string, fn func(Deduction) error) error {
	month, err := ParseMonth(month)
	if err != nil {
		return err
	}
	const cols = `i.id, e.personnel_no, e.national_code, e.first_name || ' ' || e.last_name AS name, r.name AS region, i.due_month,
		i.amount - i.paid - i.returned AS due, i.account_id, a.monthly_credit`
	const from = ` FROM welfare_installments i JOIN welfare_employees e ON e.id = i.employee_id JOIN welfare_regions r ON r.id = e.region_id
		JOIN welfare_accounts a ON a.id = i.account_id WHERE i.settled_at IS NULL AND ($2 = 0 OR e.region_id = $2) AND `
	q := `SELECT * FROM (SELECT ` + cols + `, 0 AS arrears` + from + `i.due_month = $1
		UNION ALL SELECT ` + cols + `, 1 AS arrears` + from + `i.due_month < $1 AND i.paid > 0) AS d
		ORDER BY personnel_no, account_id, arrears, due_month, id`
	rows, err := s.db.Query(ctx, q, month, regionID)
	if err != nil {
		return wrap("deductions", err)
	}
	defer rows.Close()
	var account, listed int64
	for rows.Next() {
		var d Deduction
		var acc, credit int64
		var arrears int
		if err := rows.Scan(&d.InstallmentID, &d.PersonnelNo, &d.NationalCode, &d.Name, &d.Region, &d.Month, &d.Amount, &acc, &credit, &arrears); err != nil {
			return wrap("deduction", err)
		}
		if acc != account {
			account, listed = acc, 0
		}
		if d.Arrears = arrears == 1; d.Arrears {
			d.Amount = min(d.Amount, credit-listed)
			if d.Amount <= 0 {
				continue
			}
		}
		listed += d.Amount
		if err := fn(d); err != nil {
			return err
		}
	}
	return wrap("deductions", rows.Err())
}

func (d Deduction) cells() []string {
	kind := deductionInstallment
	if d.Arrears {
		kind = deductionArrears
	}
	return []string{strconv.FormatInt(d.InstallmentID, 10), d.PersonnelNo, d.NationalCode, d.Name, d.Region, d.Month, strconv.FormatInt(d.Amount, 10), kind}
}

func deductionHeader() []string {
	h := make([]string, len(deductionOrder))
	for i, k := range deductionOrder {
		h[i] = deductionColumns[k][0]
	}
	return h
}

// WriteDeductionsCSV writes the deduction list as CSV (UTF-8 with a
// byte-order mark, so spreadsheet programs read the Persian right).
func (s *Service) WriteDeductionsCSV(ctx context.Context, w io.Writer, regionID int64, month string) error {
	return s.writeDeductionsCSV(ctx, w, regionID, month, &deductionTally{})
}

func (s *Service) writeDeductionsCSV(ctx context.Context, w io.Writer, regionID int64, month string, t *deductionTally) error {
	if _, err := io.WriteString(w, "\xEF\xBB\xBF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(deductionHeader()); err != nil {
		return err
	}
	err := s.EachDeduction(ctx, regionID, month, func(d Deduction) error { t.add(d); return cw.Write(d.cells()) })
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteDeductionsXLSX writes the deduction list as an XLSX sheet, with
// excelize's stream writer (rows go to a temporary file, not memory).
func (s *Service) WriteDeductionsXLSX(ctx context.Context, w io.Writer, regionID int64, month string) error {
	return s.writeDeductionsXLSX(ctx, w, regionID, month, &deductionTally{})
}

func (s *Service) writeDeductionsXLSX(ctx context.Context, w io.Writer, regionID int64, month string, t *deductionTally) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := deductionSheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	row := 1
	put := func(cells []string, amount int64) error {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = c
		}
		if amount >= 0 {
			vals[amountColumn] = amount
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, vals)
	}
	if err := put(deductionHeader(), -1); err != nil {
		return err
	}
	if err := s.EachDeduction(ctx, regionID, month, func(d Deduction) error { t.add(d); return put(d.cells(), d.Amount) }); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// SettlementResult is what a settlement file did.
type SettlementResult struct {
	ID        int64
	Rows      int
	Settled   int
	Amount    int64
	Partial   int        // installments deducted in part (the rest is arrears)
	Unmatched []RowError // rows that match no unsettled installment (the first maxRowErrors)
	Unmatch   int        // how many rows matched nothing (kept for finance to resolve)
	Finished  int        // purchases whose last installment this settled
}

// ImportSettlement records the employer's remittance: each row (an
// installment of the deduction list, as deducted) settles that
// installment if it is unsettled and the personnel number and amount
// match. A malformed file is refused whole (*ImportError); rows that do
// not match are listed in the result and change nothing. The file is
// recorded by the SHA-256 of its bytes: importing it again returns
// ErrAlreadyImported and changes nothing; and an installment is settled
// only once whatever file carries it.
//
// The file streams (one pass, hashed as it is read); what it settles is
// given back to each account's purchase power with one ledger row per
// account, in the same transaction.
func (s *Service) ImportSettlement(ctx context.Context, by identity.Actor, name string, r io.Reader) (*SettlementResult, error) {
	h := sha256.New()
	t, err := openTable(io.TeeReader(r, h), s.opts.Imports)
	if err != nil {
		return nil, err
	}
	defer t.close()
	if err := t.readHeader(deductionColumns, "installment_id", "personnel_no", "amount"); err != nil {
		return nil, err
	}
	var res *SettlementResult
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res = &SettlementResult{}
		now := s.now()
		// The file row comes first with a placeholder hash: the real one
		// is known only once the whole file has been read.
		if err := tx.QueryRow(ctx, `INSERT INTO welfare_settlements (file_hash, file_name, staff_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			fmt.Sprintf("pending:%d", now.UnixNano()), fa.Clip(name, 200), by.StaffID, now).Scan(&res.ID); err != nil {
			return wrap("record settlement", err)
		}
		bad := &rowErrors{}
		perAccount := map[int64]int64{}
		seen := map[int64]bool{} // an installment is paid once per file
		chunk := make([]settleRow, 0, settleChunk)
		for {
			row, err := t.read()
			if errors.Is(err, io.EOF) {
				break
			}
			var ie *ImportError
			if errors.As(err, &ie) {
				bad.add(ie.Rows[0].Line, "%s", ie.Rows[0].Message)
				break
			}
			if err != nil {
				return err
			}
			res.Rows++
			line := t.line
			id, err1 := strconv.ParseInt(t.get(row, "installment_id"), 10, 64)
			amount, err2 := fa.ParseRials(t.get(row, "amount"))
			personnel := t.get(row, "personnel_no")
			if err1 != nil || id <= 0 || err2 != nil || amount <= 0 || personnel == "" {
				bad.add(line, "%s", msgRowSettlement)
				continue
			}
			if bad.any() {
				continue
			}
			if seen[id] {
				if err := s.keepUnmatched(ctx, tx, res, settleRow{line: line, id: id, amount: amount, personnel: personnel},
					msgRowInstallmentTwice(id)); err != nil {
					return err
				}
				continue
			}
			seen[id] = true
			chunk = append(chunk, settleRow{line: line, id: id, amount: amount, personnel: personnel})
			if len(chunk) == settleChunk {
				if err := s.settleChunk(ctx, tx, res, chunk, perAccount, now); err != nil {
					return err
				}
				chunk = chunk[:0]
			}
		}
		if !bad.any() && len(chunk) > 0 {
			if err := s.settleChunk(ctx, tx, res, chunk, perAccount, now); err != nil {
				return err
			}
		}
		if err := bad.err(); err != nil {
			return err
		}
		sum := hex.EncodeToString(h.Sum(nil))
		_, err := tx.Exec(ctx, "UPDATE welfare_settlements SET file_hash = $1, rows_read = $2, rows_settled = $3, amount = $4, rows_unmatched = $5 WHERE id = $6",
			sum, res.Rows, res.Settled+res.Partial, res.Amount, res.Unmatch, res.ID)
		if db.IsUniqueViolation(err) {
			return ErrAlreadyImported
		}
		if err != nil {
			return wrap("record settlement", err)
		}
		if err := giveBack(ctx, tx, perAccount, res.ID, now); err != nil {
			return err
		}
		// Purchases whose last installment is now settled are finished:
		// their account may buy again where the product waits for that.
		fin, err := tx.Exec(ctx, `UPDATE welfare_purchases SET finished_at = $1 WHERE finished_at IS NULL AND status = $2
			AND id IN (SELECT purchase_id FROM welfare_installments WHERE settlement_id = $3)
			AND NOT EXISTS (SELECT 1 FROM welfare_installments i WHERE i.purchase_id = welfare_purchases.id AND i.settled_at IS NULL)`,
			now, PurchaseConfirmed, res.ID)
		if err != nil {
			return wrap("finish purchases", err)
		}
		res.Finished = int(fin.RowsAffected)
		if res.Finished > 0 {
			// A purchase with an installment in this file and none left
			// unsettled was finished by this file.
			if _, err := tx.Exec(ctx, `UPDATE welfare_accounts SET open_purchases = open_purchases - f.n
				FROM (SELECT p.account_id, COUNT(*) AS n FROM welfare_purchases p WHERE p.finished_at IS NOT NULL
					AND p.id IN (SELECT purchase_id FROM welfare_installments WHERE settlement_id = $1) GROUP BY p.account_id) AS f
				WHERE welfare_accounts.id = f.account_id`, res.ID); err != nil {
				return wrap("count open purchases", err)
			}
		}
		return s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: actorKind(by), ActorID: by.StaffID, IP: by.IP, Action: ActionSettlement,
			TargetKind: "welfare_settlement", TargetID: res.ID,
			Detail: fmt.Sprintf(fmtAuditSettlement, fa.Clip(name, 200), res.Rows, res.Settled, res.Partial, res.Amount, res.Unmatch)})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// settleChunk is how many rows one statement settles: a round trip per
// row would cost PostgreSQL more than the work itself.
const settleChunk = 500

type settleRow struct {
	line      int
	id        int64
	amount    int64
	personnel string
}

// settleChunk pays the rows that match an unsettled installment of the
// same employee with no more than is still due of it, in one UPDATE …
// FROM (VALUES …): a row of the whole due settles the installment, a
// smaller one is a partial deduction (paid grows, the rest stays due and
// is listed as arrears later). The other rows are kept as unmatched.
func (s *Service) settleChunk(ctx context.Context, tx *db.Tx, res *SettlementResult, rows []settleRow, perAccount map[int64]int64, now time.Time) error {
	var q strings.Builder
	q.WriteString(`UPDATE welfare_installments SET paid = welfare_installments.paid + v.column2, settlement_id = $2,
		settled_at = CASE WHEN welfare_installments.amount - welfare_installments.paid - welfare_installments.returned = v.column2 THEN $1
			ELSE welfare_installments.settled_at END
		FROM (VALUES `)
	args := make([]any, 0, 2+3*len(rows))
	args = append(args, now, res.ID)
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&q, "(CAST($%d AS BIGINT), CAST($%d AS BIGINT), CAST($%d AS TEXT))", n+1, n+2, n+3)
		args = append(args, r.id, r.amount, r.personnel)
	}
	q.WriteString(`) AS v, welfare_employees e
		WHERE welfare_installments.id = v.column1 AND v.column2 <= welfare_installments.amount - welfare_installments.paid - welfare_installments.returned
		AND welfare_installments.settled_at IS NULL
		AND e.id = welfare_installments.employee_id AND e.personnel_no = v.column3
		RETURNING welfare_installments.id, welfare_installments.account_id, welfare_installments.settled_at`)
	type settled struct {
		account int64
		full    bool
	}
	done := map[int64]settled{}
	rs, err := tx.Query(ctx, q.String(), args...)
	if err != nil {
		return wrap("settle installments", err)
	}
	for rs.Next() {
		var id int64
		var v settled
		var at *time.Time
		if err := rs.Scan(&id, &v.account, &at); err != nil {
			rs.Close()
			return wrap("settle installments", err)
		}
		v.full = at != nil
		done[id] = v
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return wrap("settle installments", err)
	}
	for _, r := range rows {
		if v, ok := done[r.id]; ok {
			delete(done, r.id)
			if v.full {
				res.Settled++
			} else {
				res.Partial++
			}
			res.Amount += r.amount
			perAccount[v.account] += r.amount
			continue
		}
		if err := s.keepUnmatched(ctx, tx, res, r, s.whyUnmatched(ctx, tx, r.id, r.amount, r.personnel)); err != nil {
			return err
		}
	}
	return nil
}

// keepUnmatched records a row that settled nothing, for finance to
// resolve by hand, under the region of its personnel number's employee.
func (s *Service) keepUnmatched(ctx context.Context, tx *db.Tx, res *SettlementResult, r settleRow, why string) error {
	res.Unmatch++
	if len(res.Unmatched) < maxRowErrors {
		res.Unmatched = append(res.Unmatched, RowError{Line: r.line, Message: why})
	}
	_, err := tx.Exec(ctx, `INSERT INTO welfare_unmatched_rows (settlement_id, line, installment_id, personnel_no, amount, reason, region_id)
		VALUES ($1, $2, $3, $4, $5, $6, COALESCE((SELECT region_id FROM welfare_employees WHERE personnel_no = $4), 0))`,
		res.ID, r.line, r.id, r.personnel, r.amount, why)
	return wrap("keep unmatched row", err)
}

// giveBack returns what a settlement settled to each account's purchase
// power, with one ledger row per account, 500 accounts per statement. The
// update is conditional (used never goes below zero); a shortfall is an
// internal error and rolls the file back.
func giveBack(ctx context.Context, tx *db.Tx, perAccount map[int64]int64, ref int64, now time.Time) error {
	ids := make([]int64, 0, len(perAccount))
	for id := range perAccount {
		ids = append(ids, id)
	}
	slices.Sort(ids) // a fixed order: concurrent files lock accounts alike
	for len(ids) > 0 {
		n := min(len(ids), settleChunk)
		var upd, led strings.Builder
		upd.WriteString("UPDATE welfare_accounts SET used = used - v.column2 FROM (VALUES ")
		led.WriteString("INSERT INTO welfare_ledger (account_id, kind, used_change, month_change, ref_id, created_at) VALUES ")
		uargs := make([]any, 0, 2*n)
		largs := []any{ref, now}
		for i, id := range ids[:n] {
			if i > 0 {
				upd.WriteString(", ")
				led.WriteString(", ")
			}
			fmt.Fprintf(&upd, "(CAST($%d AS BIGINT), CAST($%d AS BIGINT))", len(uargs)+1, len(uargs)+2)
			uargs = append(uargs, id, perAccount[id])
			fmt.Fprintf(&led, "($%d, 'settlement', $%d, 0, $1, $2)", len(largs)+1, len(largs)+2)
			largs = append(largs, id, -perAccount[id])
		}
		upd.WriteString(") AS v WHERE welfare_accounts.id = v.column1 AND welfare_accounts.used >= v.column2")
		res, err := tx.Exec(ctx, upd.String(), uargs...)
		if err != nil {
			return wrap("give back purchase power", err)
		}
		if res.RowsAffected != int64(n) {
			return fmt.Errorf("welfare: give back purchase power: %d of %d accounts would go below zero", int64(n)-res.RowsAffected, n)
		}
		if _, err := tx.Exec(ctx, led.String(), largs...); err != nil {
			return wrap("ledger", err)
		}
		ids = ids[n:]
	}
	return nil
}

// whyUnmatched says why a settlement row settles nothing.
func (s *Service) whyUnmatched(ctx context.Context, tx *db.Tx, id, amount int64, personnel string) string {
	var due int64
	var settled *string
	var owner string
	err := tx.QueryRow(ctx, `SELECT i.amount - i.paid - i.returned, CASE WHEN i.settled_at IS NULL THEN NULL ELSE 'x' END, e.personnel_no
		FROM welfare_installments i JOIN welfare_employees e ON e.id = i.employee_id WHERE i.id = $1`, id).Scan(&due, &settled, &owner)
	switch {
	case err != nil:
		return msgRowNoInstallment(id)
	case owner != personnel:
		return msgRowNotOwner(id, personnel)
	case settled != nil:
		return msgRowSettled(id)
	case amount > due:
		return msgRowOverDue(amount, id, due)
	}
	return msgRowMatchesNone
}
