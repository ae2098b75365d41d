package welfare

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pishkhan/internal/identity"
)

func TestImportEmployeesTwiceChangesNothing(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		file := employeesHeader + person{"1001", "12", 40_000_000, 10, 0}.row() + person{"1002", "12", 50_000_000, 28, 11}.row()
		res, err := e.s.ImportEmployees(ctxb(), identity.Actor{}, strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 2 || res.Created != 2 || res.Updated != 0 {
			t.Fatalf("first import: %+v, want 2 rows created", res)
		}
		res, err = e.s.ImportEmployees(ctxb(), identity.Actor{}, strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 2 {
			t.Fatalf("second import of the same file: %+v, want 2 unchanged", res)
		}
		emp, err := e.s.FindEmployee(ctxb(), e.d, "1002")
		if err != nil {
			t.Fatal(err)
		}
		if emp.NetSalary != 50_000_000 || emp.ServiceYears != 28 || emp.ServiceMonths != 11 || emp.RegionName != "منطقه 12" {
			t.Errorf("employee 1002: %+v", emp)
		}
		// The employee can sign in to the portal: a customer with that code.
		c, err := e.ids.Customer(ctxb(), emp.CustomerID)
		if err != nil || c.NationalCode != emp.NationalCode {
			t.Fatalf("customer of 1002: %v %v", c, err)
		}
		// A raise is an update, and only that row changes.
		file2 := employeesHeader + person{"1001", "12", 40_000_000, 10, 0}.row() + person{"1002", "12", 60_000_000, 28, 11}.row()
		res, err = e.s.ImportEmployees(ctxb(), identity.Actor{}, strings.NewReader(file2))
		if err != nil || res.Updated != 1 || res.Unchanged != 1 {
			t.Fatalf("import with a raise: %+v %v, want 1 updated", res, err)
		}
	})
}

func TestImportEmployeesRefusesBadRowsWhole(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		file := employeesHeader +
			person{"2001", "5", 40_000_000, 10, 0}.row() + // line 2: good
			"2002,1234567890,علی,رضایی,5,منطقه 5,40000000,1,0,09120000000\n" + // line 3: bad national code
			person{"2003", "5", 40_000_000, 10, 12}.row() + // line 4: 12 months
			person{"2001", "5", 40_000_000, 10, 0}.row() // line 5: repeated
		_, err := e.s.ImportEmployees(ctxb(), identity.Actor{}, strings.NewReader(file))
		var ie *ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("import: %v, want *ImportError", err)
		}
		lines := []int{}
		for _, r := range ie.Rows {
			lines = append(lines, r.Line)
		}
		if len(lines) != 3 || lines[0] != 3 || lines[1] != 4 || lines[2] != 5 {
			t.Fatalf("bad lines %v (%+v), want [3 4 5]", lines, ie.Rows)
		}
		if _, err := e.s.FindEmployee(ctxb(), e.d, "2001"); !errors.Is(err, ErrNotFound) {
			t.Errorf("the good row 2 was stored from a refused file: %v", err)
		}
		var n int
		if err := e.d.QueryRow(ctxb(), "SELECT COUNT(*) FROM customers").Scan(&n); err != nil || n != 0 {
			t.Errorf("customers after a refused import: %d %v, want 0", n, err)
		}
		// A header without a required column.
		_, err = e.s.ImportEmployees(ctxb(), identity.Actor{}, strings.NewReader("personnel_no,national_code\n1,2\n"))
		if !errors.As(err, &ie) || ie.Rows[0].Line != 1 {
			t.Fatalf("missing columns: %v", err)
		}
	})
}

func TestImportEmployeesXLSXWithPersianHeaders(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		f := excelize.NewFile()
		header := []any{}
		for _, k := range EmployeeColumns {
			header = append(header, EmployeeColumnName(k))
		}
		p := person{"3001", "7", 45_000_000, 3, 4}
		f.SetSheetRow("Sheet1", "A1", &header)
		f.SetSheetRow("Sheet1", "A2", &[]any{"۳۰۰۱", p.code(), "زهرا", "کریمی", "7", "منطقه ۷", "۴۵٬۰۰۰٬۰۰۰", 3, 4, p.mobile()})
		var b bytes.Buffer
		if _, err := f.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		res, err := e.s.ImportEmployees(ctxb(), identity.Actor{}, &b)
		if err != nil || res.Created != 1 {
			t.Fatalf("xlsx import: %+v %v", res, err)
		}
		emp, err := e.s.FindEmployee(ctxb(), e.d, p.code())
		if err != nil || emp.PersonnelNo != "3001" || emp.NetSalary != 45_000_000 || emp.ServiceMonths != 4 {
			t.Fatalf("employee from xlsx: %+v %v", emp, err)
		}
	})
}

func TestRegionalStaffImportOnlyTheirRegion(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.employees(person{"4001", "21", 40_000_000, 1, 0}, person{"4002", "22", 40_000_000, 1, 0})
		r21, _ := e.s.FindEmployee(ctxb(), e.d, "4001")
		file := employeesHeader + person{"4003", "21", 40_000_000, 1, 0}.row() + person{"4004", "22", 40_000_000, 1, 0}.row()
		_, err := e.s.ImportRegionEmployees(ctxb(), identity.Actor{}, []int64{r21.RegionID}, strings.NewReader(file))
		var ie *ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 3 {
			t.Fatalf("a row of another region: %v", err)
		}
		file = employeesHeader + person{"4003", "21", 40_000_000, 1, 0}.row()
		if res, err := e.s.ImportRegionEmployees(ctxb(), identity.Actor{}, []int64{r21.RegionID}, strings.NewReader(file)); err != nil || res.Created != 1 {
			t.Fatalf("own region: %+v %v", res, err)
		}
	})
}
