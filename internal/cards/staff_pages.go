package cards

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type staffPage struct {
	Query    string
	Error    string
	Customer *identity.Customer
	Summary  *AccountSummary
	Cards    []cardRow
	Active   []cardRow // cards a purchase can be registered on
	Purchase []purchaseView
	Types    []AccountType
	Key      string // idempotency key of the purchase form
	Attempts []AuthorizationAttempt
}

// newKey is a random idempotency key for one rendering of the purchase
// form: submitting the same form twice registers one purchase.
func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// staffCustomer is the card desk: find a customer by national code and
// see (and act on) everything the customer sees.
func (p *Pages) staffCustomer(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	q := fa.NormalizeInput(r.URL.Query().Get("q"))
	p.renderStaff(w, r, http.StatusOK, q, nil, nil)
}

func (p *Pages) renderStaff(w http.ResponseWriter, r *http.Request, status int, q string, c *identity.Customer, f *web.Form) {
	ctx := r.Context()
	page := staffPage{Query: q, Key: newKey()}
	if c == nil && q != "" {
		found, _, err := p.ids.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: q, Limit: 1})
		switch {
		case err != nil:
			page.Error = web.UserMessage(err)
		case len(found) == 0:
			page.Error = web.MsgNoCustomerWithCode
		default:
			c = found[0]
		}
	}
	if c != nil {
		page.Customer, page.Query = c, c.NationalCode
		var err error
		if page.Summary, err = p.svc.Accounts(ctx, c.ID); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		list, err := p.svc.Cards(ctx, c.ID)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		page.Cards = cardRows(list)
		for _, row := range page.Cards {
			if row.Active {
				page.Active = append(page.Active, row)
			}
		}
		purchases, err := p.svc.Purchases(ctx, c.ID)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		for _, pr := range purchases {
			page.Purchase = append(page.Purchase, newPurchaseView(pr))
		}
		if page.Attempts, err = p.svc.AuthorizationAttempts(ctx, c.ID, 20); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		if page.Types, err = p.svc.AccountTypes(ctx); err != nil {
			p.web.ServerError(w, r, err)
			return
		}
	}
	if f != nil && f.Get("key") != "" {
		page.Key = f.Get("key") // a failed submit keeps its key
	}
	p.web.Render(w, r, status, "cards/staff_customer", web.View{Title: titleStaffDesk, Layout: "staff", Form: f, Data: page})
}

// back returns staff to the customer's card desk.
func (p *Pages) back(w http.ResponseWriter, r *http.Request, customerID int64) {
	if c, err := p.ids.Customer(r.Context(), customerID); err == nil {
		web.Redirect(w, r, "/staff/cards?q="+url.QueryEscape(c.NationalCode))
		return
	}
	web.Redirect(w, r, "/staff/cards")
}

// outcome flashes the result of a staff action and goes back.
func (p *Pages) outcome(w http.ResponseWriter, r *http.Request, customerID int64, err error, success string) {
	var ce *fa.Error
	switch {
	case err == nil:
		p.web.SetFlash(w, "success", success)
	case errors.As(err, &ce):
		p.web.SetFlash(w, "error", ce.Message)
	default:
		p.web.ServerError(w, r, err)
		return
	}
	p.back(w, r, customerID)
}

// formCustomer is the customer a staff form names.
func (p *Pages) formCustomer(ctx context.Context, f *web.Form) *identity.Customer {
	id, err := strconv.ParseInt(f.Get("customer_id"), 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	c, err := p.ids.Customer(ctx, id)
	if err != nil {
		return nil
	}
	return c
}

// rialsField reads an amount; empty is zero when optional.
func rialsField(f *web.Form, field string, optional bool) int64 {
	v := f.Get(field)
	if v == "" && optional {
		return 0
	}
	n, err := fa.ParseRials(v)
	if err != nil {
		f.Fail(field, web.MsgAmountInRials)
		return 0
	}
	return n
}

// staffIssueAccount opens an account. A credit account's floor is minus
// its limit; other accounts hold their balance down to the balance.
func (p *Pages) staffIssueAccount(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	c := p.formCustomer(r.Context(), f)
	if c == nil {
		p.web.NotFound(w, r)
		return
	}
	types, err := p.svc.AccountTypes(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	var typ *AccountType
	for i := range types {
		if types[i].Code == f.Get("acct_type") {
			typ = &types[i]
		}
	}
	if typ == nil {
		f.Fail("acct_type", msgChooseAccountType)
	}
	number := f.Required("acct_number", labelAccountNumber)
	if number != "" && (!fa.AllDigits(number) || len(number) > 20) {
		f.Fail("acct_number", msgAccountNumberFormat)
	}
	opened := ""
	if v := f.Get("acct_opened"); v != "" {
		d, err := fa.ParseDate(v)
		if err != nil {
			f.Fail("acct_opened", msgAccountOpenedDate)
		} else {
			opened = d.String()
		}
	}
	balance := rialsField(f, "acct_balance", true)
	withdrawable := rialsField(f, "acct_withdrawable", true)
	limit := rialsField(f, "acct_limit", true)
	if !f.Valid() {
		p.renderStaff(w, r, http.StatusUnprocessableEntity, "", c, f)
		return
	}
	in := NewAccount{CustomerID: c.ID, TypeCode: typ.Code, Number: number, OpenedOn: opened,
		Balance: balance, Withdrawable: withdrawable, Floor: -limit}
	if !typ.Credit {
		in.Floor = balance
		if in.Withdrawable == 0 {
			in.Withdrawable = balance
		}
	}
	if _, err := p.svc.IssueAccount(WithStaff(r.Context(), m.ID), in); err != nil {
		var ce *fa.Error
		if errors.As(err, &ce) {
			f.Fail("acct_balance", ce.Message)
			p.renderStaff(w, r, http.StatusUnprocessableEntity, "", c, f)
			return
		}
		if db.IsUniqueViolation(err) {
			f.Fail("acct_number", msgAccountNumberTaken)
			p.renderStaff(w, r, http.StatusUnprocessableEntity, "", c, f)
			return
		}
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgAccountOpened(typ.Name))
	p.back(w, r, c.ID)
}

// noHolderMobile says why a card cannot be issued to a holder without a
// mobile: its secrets go only to the holder, by SMS.
func noHolderMobile(err error) error {
	if errors.Is(err, identity.ErrNoMobile) {
		return errNoHolderMobile
	}
	return err
}

// renderIssued shows a new card, without its secrets: the PIN, CVV2 and
// static second password went to the holder by SMS.
func (p *Pages) renderIssued(w http.ResponseWriter, r *http.Request, ic *IssuedCard) {
	page := struct {
		Card     *IssuedCard
		Number   string
		Customer *identity.Customer
	}{Card: ic, Number: fa.Digits(groupCard(ic.Number))}
	if c, err := p.ids.Customer(r.Context(), ic.CustomerID); err == nil {
		page.Customer = c
	}
	w.Header().Set("Cache-Control", "no-store")
	p.web.Render(w, r, http.StatusOK, "cards/staff_issued", web.View{Title: titleIssued, Layout: "staff", Data: page})
}

// groupCard writes a card number in groups of four, as printed.
func groupCard(n string) string {
	out := ""
	for i := 0; i < len(n); i += 4 {
		if i > 0 {
			out += " "
		}
		out += n[i:min(i+4, len(n))]
	}
	return out
}

// staffIssueCard issues a card on a credit account.
func (p *Pages) staffIssueCard(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	acct, err := p.svc.account(r.Context(), p.svc.db, web.PathID(r, "id"))
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	ic, err := p.svc.IssueCard(WithSecretsBySMS(WithStaff(r.Context(), m.ID)), acct.CustomerID, acct.ID)
	if err != nil {
		p.outcome(w, r, acct.CustomerID, noHolderMobile(err), "")
		return
	}
	p.renderIssued(w, r, ic)
}

// staffSetLimit sets a credit account's limit.
func (p *Pages) staffSetLimit(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	acct, err := p.svc.account(r.Context(), p.svc.db, web.PathID(r, "id"))
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	limit := rialsField(f, "new_limit", false)
	if !f.Valid() {
		p.outcome(w, r, acct.CustomerID, errBadLimit.Saying(f.Errors["new_limit"]), "")
		return
	}
	err = p.svc.SetLimit(WithStaff(r.Context(), m.ID), acct.ID, limit)
	if errors.Is(err, ErrBadAmounts) {
		err = errBadLimit
	}
	p.outcome(w, r, acct.CustomerID, err, msgLimitSet(limit))
}

// staffCard reads the card in the path (any customer's).
func (p *Pages) staffCard(w http.ResponseWriter, r *http.Request) (*Card, bool) {
	c, err := p.svc.card(r.Context(), p.svc.db, web.PathID(r, "id"))
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, false
	}
	return c, true
}

func (p *Pages) staffBlock(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if c, ok := p.staffCard(w, r); ok {
		p.outcome(w, r, c.CustomerID, p.svc.Block(WithStaff(r.Context(), m.ID), c.ID), msgStaffBlocked(c.Masked))
	}
}

func (p *Pages) staffUnblock(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if c, ok := p.staffCard(w, r); ok {
		p.outcome(w, r, c.CustomerID, p.svc.Unblock(WithStaff(r.Context(), m.ID), c.ID), msgStaffUnblocked(c.Masked))
	}
}

// staffReplace issues a replacement for a lost card and shows its
// secrets once.
func (p *Pages) staffReplace(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	c, ok := p.staffCard(w, r)
	if !ok {
		return
	}
	ic, err := p.svc.Replace(WithSecretsBySMS(WithStaff(r.Context(), m.ID)), c.ID)
	if err != nil {
		p.outcome(w, r, c.CustomerID, noHolderMobile(err), "")
		return
	}
	p.renderIssued(w, r, ic)
}

// staffPurchase registers a purchase made at a counter. The form carries
// a random idempotency key, so a double submit buys once.
func (p *Pages) staffPurchase(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	cust := p.formCustomer(r.Context(), f)
	if cust == nil {
		p.web.NotFound(w, r)
		return
	}
	cardID, _ := strconv.ParseInt(f.Get("card_id"), 10, 64)
	card, err := p.svc.card(r.Context(), p.svc.db, cardID)
	if err != nil || card.CustomerID != cust.ID {
		f.Fail("card_id", msgChooseCard)
	}
	total := rialsField(f, "total", false)
	cash := rialsField(f, "cash_share", true)
	n, err := strconv.Atoi(f.Get("installments"))
	if err != nil || n < 1 || n > MaxInstallments {
		f.Fail("installments", msgInstallmentsBetween(MaxInstallments))
	}
	policy := f.MaxLength("policy_number", labelPolicyNumber, 40)
	var on fa.Date
	if v := f.Get("purchased_on"); v != "" {
		if on, err = fa.ParseDate(v); err != nil {
			f.Fail("purchased_on", msgPurchaseDate)
		}
	}
	key := f.Get("key")
	if key == "" || len(key) > 64 {
		f.Fail("total", msgReopenForm)
	}
	if f.Valid() && (total <= 0 || cash < 0 || cash >= total) {
		f.Fail("cash_share", msgCashShareLess)
	}
	if !f.Valid() {
		p.renderStaff(w, r, http.StatusUnprocessableEntity, "", cust, f)
		return
	}
	number, err := p.svc.CardNumber(r.Context(), card.ID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	res, err := p.svc.Purchase(WithStaff(r.Context(), m.ID), "staff", PurchaseRequest{CardNumber: number, Total: total, CashShare: cash,
		Installments: n, PolicyNumber: policy, Merchant: f.Get("merchant"), IdempotencyKey: key, On: on})
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	switch {
	case res.Repeated:
		p.web.SetFlash(w, "info", msgPurchaseRepeated(res.PurchaseID, res.Message))
	case res.Approved:
		p.web.SetFlash(w, "success", msgPurchaseApproved(res.PurchaseID))
	default:
		p.web.SetFlash(w, "error", msgPurchaseDeclined(res.Message))
	}
	p.back(w, r, cust.ID)
}

// staffReverse reverses an approved purchase, with a reason.
func (p *Pages) staffReverse(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	var customerID int64
	err := p.svc.db.QueryRow(r.Context(), "SELECT COALESCE(customer_id, 0) FROM card_purchases WHERE id = $1", id).Scan(&customerID)
	if errors.Is(err, db.ErrNoRows) || (err == nil && customerID == 0) {
		p.web.NotFound(w, r)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	err = p.svc.ReversePurchase(r.Context(), m.ID, id, f.Get("reason"))
	p.outcome(w, r, customerID, err, msgPurchaseReversed(id))
}
