package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"pishkhan/internal/db"
)

// What other packages may ask about people. People are identity's: a
// domain or area that needs a customer's mobile for the bank, a buyer for
// an invoice, the names beside a list's rows or the customers of an
// import's national codes asks here, and never reads identity's tables
// itself (TestIdentityTablesOnlyInIdentity in internal/area fails when one
// does). So identity may change how it keeps people with no area
// following.
//
// Each question takes the caller's db.Querier and runs through it: inside
// the caller's transaction when it passes its *db.Tx (the invoice is
// written in the transaction that settles the order; an import finds its
// customers in its own), on the database otherwise. They need nothing
// else of the service, so they are functions: a package that holds no
// *Service (billing) asks the same way. Each is one query, whatever the
// number of people asked about, so a list page stays a fixed number of
// queries.

// Contact is what another package may read of one customer to reach or
// bill them.
type Contact struct {
	ID           int64
	NationalCode string
	FirstName    string
	LastName     string
	Mobile       string // 09xxxxxxxxx or ""
	Address      string
	PostalCode   string
}

// FullName is the name as invoices and lists show it.
func (c *Contact) FullName() string {
	return (&Customer{FirstName: c.FirstName, LastName: c.LastName}).FullName()
}

// CustomerContact reads customer id's contact; ErrNotFound when there is
// no such customer.
func CustomerContact(ctx context.Context, q db.Querier, id int64) (*Contact, error) {
	c := Contact{ID: id}
	err := q.QueryRow(ctx, "SELECT national_code, first_name, last_name, mobile, address, postal_code FROM customers WHERE id = $1", id).
		Scan(&c.NationalCode, &c.FirstName, &c.LastName, &c.Mobile, &c.Address, &c.PostalCode)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("identity: contact of customer %d: %w", id, err)
	}
	return &c, nil
}

// CustomersByNationalCode finds the customers of the given national codes
// (normalised, as stored) in one query: national code → customer ID. A
// code with no customer is absent from the map.
func CustomersByNationalCode(ctx context.Context, q db.Querier, codes []string) (map[string]int64, error) {
	out := make(map[string]int64, len(codes))
	if len(codes) == 0 {
		return out, nil
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := q.Query(ctx, "SELECT id, national_code FROM customers WHERE national_code IN ("+db.Placeholders(q.Engine(), len(args), 1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("identity: customers by national code: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, fmt.Errorf("identity: customers by national code: %w", err)
		}
		out[code] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("identity: customers by national code: %w", err)
	}
	return out, nil
}

// CustomerName is what a list shows of a customer.
type CustomerName struct {
	Name         string // FullName
	NationalCode string
}

// StaffName is what a list shows of a staff member.
type StaffName struct {
	FullName string
	Username string
	Disabled bool
}

// Names are the names of the people of a list, by ID. Someone not found
// (a deleted staff member, an ID of 0) has the zero name.
type Names struct {
	Customers map[int64]CustomerName
	Staff     map[int64]StaffName
}

// Customer is customer id's name ("" when unknown).
func (n Names) Customer(id int64) CustomerName { return n.Customers[id] }

// StaffFullName is staff member id's full name ("" when unknown).
func (n Names) StaffFullName(id int64) string { return n.Staff[id].FullName }

// NamesOf reads the names of the given customers and staff members in one
// query (IDs may repeat; 0 is skipped).
func NamesOf(ctx context.Context, q db.Querier, customerIDs, staffIDs []int64) (Names, error) {
	n := Names{Customers: map[int64]CustomerName{}, Staff: map[int64]StaffName{}}
	customers, staff := distinctIDs(customerIDs), distinctIDs(staffIDs)
	var parts []string
	var args []any
	if len(customers) > 0 {
		parts = append(parts, "SELECT 'c', id, first_name, last_name, national_code, FALSE FROM customers WHERE id IN ("+
			db.ListFrom(q.Engine(), len(customers), len(args)+1)+")")
		args = append(args, customers...)
	}
	if len(staff) > 0 {
		parts = append(parts, "SELECT 's', id, full_name, '', username, disabled FROM staff WHERE id IN ("+
			db.ListFrom(q.Engine(), len(staff), len(args)+1)+")")
		args = append(args, staff...)
	}
	if len(parts) == 0 {
		return n, nil
	}
	rows, err := q.Query(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return n, fmt.Errorf("identity: names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, a, b, c string
		var id int64
		var disabled bool
		if err := rows.Scan(&kind, &id, &a, &b, &c, &disabled); err != nil {
			return n, fmt.Errorf("identity: names: %w", err)
		}
		if kind == "c" {
			n.Customers[id] = CustomerName{Name: (&Customer{FirstName: a, LastName: b}).FullName(), NationalCode: c}
		} else {
			n.Staff[id] = StaffName{FullName: a, Username: c, Disabled: disabled}
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("identity: names: %w", err)
	}
	return n, nil
}

// CustomerMatchSQL is a condition for a list that searches its rows by
// their customer in the same query, where asking for the matching
// customers first could return any number of them: true when the
// customer whose ID is the caller's column idCol has the national code
// codeArg or a first or last name LIKE likeArg (codeArg and likeArg are
// placeholders of the caller's statement, such as "$1" and "$2"). The
// condition is correlated, looked up by the customer's key for each
// candidate row, as a join would be.
func CustomerMatchSQL(idCol, codeArg, likeArg string) string {
	return "EXISTS (SELECT 1 FROM customers ic WHERE ic.id = " + idCol + " AND (ic.national_code = " + codeArg +
		" OR ic.last_name LIKE " + likeArg + " OR ic.first_name LIKE " + likeArg + "))"
}

// distinctIDs is ids without repeats and zeros, as query arguments.
func distinctIDs(ids []int64) []any {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	out := make([]any, 0, len(sorted))
	for _, id := range sorted {
		if id != 0 {
			out = append(out, id)
		}
	}
	return out
}
