package billing

import (
	"context"
	"errors"
	"fmt"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// invoiceYearSpan separates years in invoice numbers: number = Jalali year
// × invoiceYearSpan + sequence, so 14040000001 is the first of 1404.
const invoiceYearSpan = 10_000_000

// issueInvoice writes the invoice of a paid order inside the settling
// transaction. The number comes from a per-year counter bumped by one
// upsert (the row lock orders concurrent issuers on PostgreSQL; SQLite's
// writer already does), so numbers are sequential and unique. Seller and
// buyer are copied now, so the invoice never changes.
func (s *Service) issueInvoice(ctx context.Context, tx *db.Tx, o *Order, sel Seller) (*Invoice, error) {
	if inv, err := invoiceWhere(ctx, tx, "i.order_id = $1", o.ID); err == nil {
		return inv, nil // issued already; an order has one invoice
	} else if !errors.Is(err, ErrInvoiceNotFound) {
		return nil, err
	}
	now := s.now()
	c, err := identity.CustomerContact(ctx, tx, o.CustomerID)
	if err != nil {
		return nil, fmt.Errorf("billing: read buyer %d: %w", o.CustomerID, err)
	}
	b := Buyer{CustomerID: o.CustomerID, Name: c.FullName(), NationalCode: c.NationalCode, Address: c.Address, PostalCode: c.PostalCode}
	year := int64(fa.JalaliOf(now).Year)
	var seq int64
	if err := tx.QueryRow(ctx, `INSERT INTO billing_invoice_counters (year, last) VALUES ($1, 1)
		ON CONFLICT (year) DO UPDATE SET last = billing_invoice_counters.last + 1 RETURNING last`, year).Scan(&seq); err != nil {
		return nil, fmt.Errorf("billing: next invoice number: %w", err)
	}
	if seq >= invoiceYearSpan {
		return nil, fmt.Errorf("billing: invoice numbers of year %d exhausted", year)
	}
	inv := &Invoice{Number: year*invoiceYearSpan + seq, OrderID: o.ID, Tracking: o.Tracking, Seller: sel, Buyer: b,
		Lines: o.Lines, Price: o.Price, VATRate: o.VATRate, VAT: o.VAT, Subscription: o.Subscription, Total: o.Total(),
		Remaining: o.Remaining, WalletUsed: o.WalletUsed, Paid: o.Payable, IssuedAt: now}
	_, err = tx.Exec(ctx, `INSERT INTO billing_invoices (number, order_id, customer_id,
		seller_name, seller_national_id, seller_economic_code, seller_address, seller_postal_code, seller_phone,
		buyer_name, buyer_national_code, buyer_address, buyer_postal_code,
		price, vat_rate, vat, subscription, total, remaining, wallet_used, paid, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
		inv.Number, o.ID, o.CustomerID, sel.Name, sel.NationalID, sel.EconomicCode, sel.Address, sel.PostalCode, sel.Phone,
		b.Name, b.NationalCode, b.Address, b.PostalCode,
		inv.Price, inv.VATRate, inv.VAT, inv.Subscription, inv.Total, inv.Remaining, inv.WalletUsed, inv.Paid, now)
	if err != nil {
		return nil, fmt.Errorf("billing: insert invoice of order %d: %w", o.ID, err)
	}
	for i, l := range inv.Lines {
		if _, err := tx.Exec(ctx, "INSERT INTO billing_invoice_lines (invoice_number, position, description, amount) VALUES ($1, $2, $3, $4)",
			inv.Number, int64(i+1), l.Description, l.Amount); err != nil {
			return nil, fmt.Errorf("billing: insert invoice line: %w", err)
		}
	}
	return inv, nil
}

// Invoice returns an invoice by number, for staff. Customer pages use
// CustomerInvoice.
func (s *Service) Invoice(ctx context.Context, number int64) (*Invoice, error) {
	return invoiceWhere(ctx, s.db, "i.number = $1", number)
}

// CustomerInvoice returns one of the customer's own invoices; another
// customer's is not found.
func (s *Service) CustomerInvoice(ctx context.Context, customerID, number int64) (*Invoice, error) {
	inv, err := s.Invoice(ctx, number)
	if err != nil {
		return nil, err
	}
	if inv.Buyer.CustomerID != customerID {
		return nil, ErrInvoiceNotFound
	}
	return inv, nil
}

// InvoiceForOrder returns the invoice of a paid order.
func (s *Service) InvoiceForOrder(ctx context.Context, orderID int64) (*Invoice, error) {
	return invoiceWhere(ctx, s.db, "i.order_id = $1", orderID)
}

// InvoicesOf lists a customer's invoices, newest first, without lines.
func (s *Service) InvoicesOf(ctx context.Context, customerID int64, page int) (Page[Invoice], error) {
	page, size, offset := s.paging(page)
	out := Page[Invoice]{Page: page, PageSize: size}
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM billing_invoices WHERE customer_id = $1", customerID).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("billing: count invoices: %w", err)
	}
	var err error
	out.Items, err = db.All(ctx, s.db, scanInvoice, "SELECT "+invoiceColumns+
		" FROM billing_invoices i JOIN billing_orders o ON o.id = i.order_id WHERE i.customer_id = $1 ORDER BY i.number DESC LIMIT $2 OFFSET $3",
		customerID, int64(size), int64(offset))
	if err != nil {
		return out, fmt.Errorf("billing: list invoices: %w", err)
	}
	return out, nil
}

const invoiceColumns = `i.number, i.order_id, o.tracking, i.customer_id,
	i.seller_name, i.seller_national_id, i.seller_economic_code, i.seller_address, i.seller_postal_code, i.seller_phone,
	i.buyer_name, i.buyer_national_code, i.buyer_address, i.buyer_postal_code,
	i.price, i.vat_rate, i.vat, i.subscription, i.total, i.remaining, i.wallet_used, i.paid, i.issued_at`

func scanInvoice(r db.Scanner) (Invoice, error) {
	var i Invoice
	err := r.Scan(&i.Number, &i.OrderID, &i.Tracking, &i.Buyer.CustomerID,
		&i.Seller.Name, &i.Seller.NationalID, &i.Seller.EconomicCode, &i.Seller.Address, &i.Seller.PostalCode, &i.Seller.Phone,
		&i.Buyer.Name, &i.Buyer.NationalCode, &i.Buyer.Address, &i.Buyer.PostalCode,
		&i.Price, &i.VATRate, &i.VAT, &i.Subscription, &i.Total, &i.Remaining, &i.WalletUsed, &i.Paid, &i.IssuedAt)
	return i, err
}

// invoiceWhere reads one invoice with its lines.
func invoiceWhere(ctx context.Context, q db.Querier, cond string, arg int64) (*Invoice, error) {
	inv, err := scanInvoice(q.QueryRow(ctx, "SELECT "+invoiceColumns+
		" FROM billing_invoices i JOIN billing_orders o ON o.id = i.order_id WHERE "+cond, arg))
	if err != nil {
		return nil, notFound(err, ErrInvoiceNotFound)
	}
	inv.Lines, err = db.All(ctx, q, func(r db.Scanner) (Line, error) {
		var l Line
		err := r.Scan(&l.Description, &l.Amount)
		return l, err
	}, "SELECT description, amount FROM billing_invoice_lines WHERE invoice_number = $1 ORDER BY position", inv.Number)
	if err != nil {
		return nil, fmt.Errorf("billing: lines of invoice %d: %w", inv.Number, err)
	}
	return &inv, nil
}
