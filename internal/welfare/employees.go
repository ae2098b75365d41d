package welfare

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// EmployeeColumns lists the columns of an employees file, in order.
var EmployeeColumns = []string{"personnel_no", "national_code", "first_name", "last_name", "region_code", "region", "net_salary", "service_years", "service_months", "mobile"}

// EmployeeColumnName is a column's Persian name.
func EmployeeColumnName(key string) string { return employeeColumns[key][0] }

// ImportResult counts what an import did.
type ImportResult struct {
	Rows      int
	Created   int
	Updated   int
	Unchanged int
}

// ImportEmployees reads an employees file (CSV or XLSX, first row the
// header) and creates or updates every employee in one transaction: a
// file with any bad row is refused whole with an *ImportError listing
// the rows (by line), and nothing is stored. Rows that say what is
// already stored change nothing, so importing the same file twice
// changes nothing the second time.
//
// An employee is linked to the customer with the same national code,
// created (password: the national code, changed at the first sign-in) if
// there is none. A stored mobile is not changed by an import: the guide
// has a changed number recorded only by support (ChangeMobile).
func (s *Service) ImportEmployees(ctx context.Context, by identity.Actor, r io.Reader) (*ImportResult, error) {
	return s.ImportRegionEmployees(ctx, by, nil, r)
}

// ImportRegionEmployees is ImportEmployees by the staff of some regions
// only: a row of another region (or a new one) is a bad row. nil regions
// means the head office (every region, new ones created).
func (s *Service) ImportRegionEmployees(ctx context.Context, by identity.Actor, allowed []int64, r io.Reader) (*ImportResult, error) {
	t, err := openTable(r, s.opts.Imports)
	if err != nil {
		return nil, err
	}
	defer t.close()
	if err := t.readHeader(employeeColumns, EmployeeColumns[:9]...); err != nil {
		return nil, err
	}
	var res *ImportResult
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res = &ImportResult{}
		bad := &rowErrors{}
		seenPersonnel := map[string]int{}
		seenCode := map[string]int{}
		regions := map[string]int64{}
		now := s.now()
		// Rows are stored importChunk at a time (upsertEmployees): a few
		// statements per chunk instead of several per row.
		pending, lines := make([]Employee, 0, importChunk), make([]int, 0, importChunk)
		flush := func() error {
			outcomes, problems, err := s.upsertEmployees(ctx, tx, by, pending, now)
			if err != nil {
				return err
			}
			for i, outcome := range outcomes {
				switch {
				case problems[i] != "":
					bad.add(lines[i], "%s", problems[i])
				case outcome == "created":
					res.Created++
				case outcome == "updated":
					res.Updated++
				default:
					res.Unchanged++
				}
			}
			pending, lines = pending[:0], lines[:0]
			return nil
		}
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
			line := t.line
			res.Rows++
			e, regionCode, regionName, problem := parseEmployeeRow(t, row)
			if problem != "" {
				bad.add(line, "%s", problem)
				continue
			}
			if first, ok := seenPersonnel[e.PersonnelNo]; ok {
				bad.add(line, fmtRowPersonnelTwice, e.PersonnelNo, first)
				continue
			}
			if first, ok := seenCode[e.NationalCode]; ok {
				bad.add(line, fmtRowNationalTwice, e.NationalCode, first)
				continue
			}
			seenPersonnel[e.PersonnelNo], seenCode[e.NationalCode] = line, line
			if bad.any() {
				// The file is refused already: only look for more bad rows.
				continue
			}
			regionID, ok := regions[regionCode]
			if !ok && allowed != nil {
				err := tx.QueryRow(ctx, "SELECT id FROM welfare_regions WHERE code = $1", regionCode).Scan(&regionID)
				if err != nil && !errors.Is(err, db.ErrNoRows) {
					return wrap("read region", err)
				}
				if !inRegions(allowed, regionID) {
					bad.add(line, fmtRowNotYourRegion, regionCode)
					continue
				}
			}
			if !ok {
				if regionID, err = s.upsertRegion(ctx, tx, regionCode, regionName, now); err != nil {
					return err
				}
				regions[regionCode] = regionID
			}
			e.RegionID = regionID
			pending = append(pending, e)
			lines = append(lines, line)
			if len(pending) == importChunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if err := bad.err(); err != nil {
			return err
		}
		if res.Created+res.Updated == 0 {
			return nil
		}
		return s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: actorKind(by), ActorID: by.StaffID, IP: by.IP, Action: ActionEmployeesImport,
			Detail: fmt.Sprintf(fmtAuditEmployeesFile, res.Rows, res.Created, res.Updated, res.Unchanged)})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func actorKind(by identity.Actor) string {
	if by.StaffID != 0 {
		return identity.KindStaff
	}
	return "system"
}

// parseEmployeeRow checks one row; problem is its Persian message.
func parseEmployeeRow(t *table, row []string) (e Employee, regionCode, regionName, problem string) {
	var err error
	e.PersonnelNo = t.get(row, "personnel_no")
	if e.PersonnelNo == "" || len(e.PersonnelNo) > 20 || !fa.AllDigits(e.PersonnelNo) {
		return e, "", "", msgRowPersonnelNo
	}
	if e.NationalCode, err = fa.ParseNationalCode(t.get(row, "national_code")); err != nil {
		return e, "", "", fa.MsgNationalCode
	}
	e.FirstName, e.LastName = t.get(row, "first_name"), t.get(row, "last_name")
	if e.FirstName == "" || e.LastName == "" || utf8.RuneCountInString(e.FirstName) > 60 || utf8.RuneCountInString(e.LastName) > 60 {
		return e, "", "", msgRowName
	}
	regionCode, regionName = t.get(row, "region_code"), t.get(row, "region")
	if regionCode == "" || len(regionCode) > 20 || regionName == "" || utf8.RuneCountInString(regionName) > 100 {
		return e, "", "", msgRowRegion
	}
	if e.NetSalary, err = fa.ParseRials(t.get(row, "net_salary")); err != nil || e.NetSalary < 0 {
		return e, "", "", msgRowSalary
	}
	y, err1 := strconv.Atoi(t.get(row, "service_years"))
	m, err2 := strconv.Atoi(t.get(row, "service_months"))
	if err1 != nil || err2 != nil || y < 0 || y > 60 || m < 0 || m > 11 {
		return e, "", "", msgRowService
	}
	e.ServiceYears, e.ServiceMonths = y, m
	if mob := t.get(row, "mobile"); mob != "" {
		if e.Mobile, err = fa.ParseMobile(mob); err != nil {
			return e, "", "", fa.MsgMobile
		}
	}
	return e, regionCode, regionName, ""
}

func (s *Service) upsertRegion(ctx context.Context, tx *db.Tx, code, name string, now time.Time) (int64, error) {
	var id int64
	var stored string
	err := tx.QueryRow(ctx, "SELECT id, name FROM welfare_regions WHERE code = $1", code).Scan(&id, &stored)
	if errors.Is(err, db.ErrNoRows) {
		err = tx.QueryRow(ctx, "INSERT INTO welfare_regions (code, name, created_at) VALUES ($1, $2, $3) RETURNING id", code, name, now).Scan(&id)
		return id, wrap("add region", err)
	}
	if err != nil {
		return 0, wrap("read region", err)
	}
	if stored != name {
		_, err = tx.Exec(ctx, "UPDATE welfare_regions SET name = $1 WHERE id = $2", name, id)
	}
	return id, wrap("rename region", err)
}

func wrap(doing string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("welfare: %s: %w", doing, err)
}

const employeeCols = `e.id, e.personnel_no, e.national_code, e.customer_id, e.region_id, r.name, e.first_name, e.last_name,
	e.net_salary, e.service_years, e.service_months, e.mobile, e.guarantees`

const employeeFrom = ` FROM welfare_employees e JOIN welfare_regions r ON r.id = e.region_id `

func scanEmployee(r db.Scanner) (Employee, error) {
	var e Employee
	err := r.Scan(&e.ID, &e.PersonnelNo, &e.NationalCode, &e.CustomerID, &e.RegionID, &e.RegionName, &e.FirstName, &e.LastName,
		&e.NetSalary, &e.ServiceYears, &e.ServiceMonths, &e.Mobile, &e.Guarantees)
	return e, err
}

func (s *Service) employeeWhere(ctx context.Context, q db.Querier, where string, args ...any) (*Employee, error) {
	e, err := scanEmployee(q.QueryRow(ctx, "SELECT "+employeeCols+employeeFrom+"WHERE "+where, args...))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, wrap("read employee", err)
	}
	return &e, nil
}

// importChunk is how many rows of an employees file are stored together.
const importChunk = 500

// upsertEmployees stores es (distinct personnel numbers and national
// codes, as the file's checks ensure), each created, updated or
// unchanged; problems[i] is a row's Persian message when it contradicts
// what is stored. Known employees are read with two queries, new ones'
// customers looked up with one and created together
// (identity.CreateCustomersTx), new employees written with multi-row
// INSERTs; only changed rows are updated one by one.
func (s *Service) upsertEmployees(ctx context.Context, tx *db.Tx, by identity.Actor, es []Employee, now time.Time) (outcomes, problems []string, err error) {
	if len(es) == 0 {
		return nil, nil, nil
	}
	outcomes, problems = make([]string, len(es)), make([]string, len(es))
	personnel, codes := make([]any, len(es)), make([]any, len(es))
	for i, e := range es {
		personnel[i], codes[i] = e.PersonnelNo, e.NationalCode
	}
	byPersonnel, byCode := map[string]Employee{}, map[string]Employee{}
	for _, q := range []struct {
		col  string
		keys []any
		into map[string]Employee
		key  func(Employee) string
	}{
		{"e.personnel_no", personnel, byPersonnel, func(e Employee) string { return e.PersonnelNo }},
		{"e.national_code", codes, byCode, func(e Employee) string { return e.NationalCode }},
	} {
		found, err := db.All(ctx, tx, scanEmployee, "SELECT "+employeeCols+employeeFrom+"WHERE "+q.col+" IN ("+db.Placeholders(tx.Engine(), len(q.keys), 1)+")", q.keys...)
		if err != nil {
			return nil, nil, wrap("read employees", err)
		}
		for _, e := range found {
			q.into[q.key(e)] = e
		}
	}

	var fresh []int // rows of new employees
	for i, e := range es {
		old, isOld := byPersonnel[e.PersonnelNo]
		if other, ok := byCode[e.NationalCode]; ok && (!isOld || other.ID != old.ID) {
			problems[i] = msgCodeTaken(e.NationalCode, other.PersonnelNo)
			continue
		}
		if !isOld {
			fresh = append(fresh, i)
			outcomes[i] = "created"
			continue
		}
		if outcomes[i], err = s.updateEmployee(ctx, tx, old, e, now); err != nil {
			return nil, nil, err
		}
	}
	if len(fresh) == 0 {
		return outcomes, problems, nil
	}

	// Their customers: the one with the same national code, or a new one
	// (password: the national code).
	freshCodes := make([]string, len(fresh))
	for k, i := range fresh {
		freshCodes[k] = es[i].NationalCode
	}
	customerOf, err := identity.CustomersByNationalCode(ctx, tx, freshCodes)
	if err != nil {
		return nil, nil, wrap("find customers", err)
	}
	var create []identity.NewCustomer
	for _, i := range fresh {
		e := es[i]
		if _, ok := customerOf[e.NationalCode]; !ok {
			create = append(create, identity.NewCustomer{NationalCode: e.NationalCode, FirstName: e.FirstName, LastName: e.LastName, Mobile: e.Mobile})
		}
	}
	created, err := s.ids.CreateCustomersTx(ctx, tx, by, create)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range created {
		customerOf[c.NationalCode] = c.ID
	}

	employees := make([][]any, len(fresh))
	for k, i := range fresh {
		e := es[i]
		employees[k] = []any{e.PersonnelNo, e.NationalCode, customerOf[e.NationalCode], e.RegionID, e.FirstName, e.LastName,
			e.NetSalary, e.ServiceYears, e.ServiceMonths, e.Mobile, now, now}
	}
	err = db.InsertRows(ctx, tx, `INSERT INTO welfare_employees (personnel_no, national_code, customer_id, region_id, first_name, last_name,
		net_salary, service_years, service_months, mobile, created_at, updated_at)`, "", employees, nil)
	return outcomes, problems, wrap("add employees", err)
}

// updateEmployee brings a known employee up to date with e: "updated" or
// "unchanged". A stored mobile is kept (only support changes it).
func (s *Service) updateEmployee(ctx context.Context, tx *db.Tx, old, e Employee, now time.Time) (string, error) {
	mobile := old.Mobile
	if mobile == "" {
		mobile = e.Mobile
	}
	if old.RegionID == e.RegionID && old.FirstName == e.FirstName && old.LastName == e.LastName && old.NetSalary == e.NetSalary &&
		old.ServiceYears == e.ServiceYears && old.ServiceMonths == e.ServiceMonths && old.Mobile == mobile {
		return "unchanged", nil
	}
	_, err := tx.Exec(ctx, `UPDATE welfare_employees SET region_id = $1, first_name = $2, last_name = $3, net_salary = $4,
		service_years = $5, service_months = $6, mobile = $7, updated_at = $8 WHERE id = $9`,
		e.RegionID, e.FirstName, e.LastName, e.NetSalary, e.ServiceYears, e.ServiceMonths, mobile, now, old.ID)
	if err != nil {
		return "", wrap("update employee", err)
	}
	if old.NetSalary != e.NetSalary {
		// The monthly credit follows the salary the region reports.
		if _, err := tx.Exec(ctx, "UPDATE welfare_accounts SET monthly_credit = $1 WHERE employee_id = $2", MonthlyCredit(e.NetSalary), old.ID); err != nil {
			return "", wrap("update monthly credit", err)
		}
	}
	return "updated", nil
}

// EmployeeOfCustomer is the employee record of a portal customer.
func (s *Service) EmployeeOfCustomer(ctx context.Context, customerID int64) (*Employee, error) {
	e, err := s.employeeWhere(ctx, s.db, "e.customer_id = $1", customerID)
	if errors.Is(err, ErrNotFound) {
		return nil, ErrNotEmployee
	}
	return e, err
}

// FindEmployee finds an employee by national code or personnel number.
func (s *Service) FindEmployee(ctx context.Context, q db.Querier, key string) (*Employee, error) {
	key = strings.TrimSpace(fa.NormalizeInput(key))
	if key == "" {
		return nil, ErrNotFound
	}
	if code, err := fa.ParseNationalCode(key); err == nil {
		if e, err := s.employeeWhere(ctx, q, "e.national_code = $1", code); err == nil || !errors.Is(err, ErrNotFound) {
			return e, err
		}
	}
	return s.employeeWhere(ctx, q, "e.personnel_no = $1", key)
}

// Employee reads one employee.
func (s *Service) Employee(ctx context.Context, id int64) (*Employee, error) {
	return s.employeeWhere(ctx, s.db, "e.id = $1", id)
}

// Regions lists the regions.
func (s *Service) Regions(ctx context.Context) ([]Region, error) {
	return db.All(ctx, s.db, func(r db.Scanner) (Region, error) {
		var g Region
		return g, r.Scan(&g.ID, &g.Code, &g.Name, &g.Organisation)
	}, "SELECT id, code, name, organisation FROM welfare_regions ORDER BY code")
}

// StaffRegions are the regions a staff member works for; nil means the
// head office (every region).
func (s *Service) StaffRegions(ctx context.Context, m *identity.StaffMember) ([]int64, error) {
	if m == nil || m.HasRole(identity.RoleAdmin) {
		return nil, nil
	}
	return db.All(ctx, s.db, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, "SELECT region_id FROM welfare_staff_regions WHERE staff_id = $1 ORDER BY region_id", m.ID)
}

// AssignStaffRegion makes staffID a member of the region's staff.
func (s *Service) AssignStaffRegion(ctx context.Context, staffID, regionID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO welfare_staff_regions (staff_id, region_id) VALUES ($1, $2)
			ON CONFLICT (staff_id, region_id) DO NOTHING`, staffID, regionID)
		return wrap("assign region", err)
	})
}

func inRegions(regions []int64, id int64) bool {
	if regions == nil {
		return true
	}
	for _, r := range regions {
		if r == id {
			return true
		}
	}
	return false
}
