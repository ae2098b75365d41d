package welfare

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/identity"
)

func (e *env) ledgerRows(accountID int64, kind string) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(ctxb(), "SELECT COUNT(*) FROM welfare_ledger WHERE account_id = $1 AND kind = $2", accountID, kind).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// A store's return takes the amount off the last installments and gives
// the purchase power back; a cancellation gives back the rest, the
// month's credit and closes the installments; each writes one ledger row
// and an SMS; a repeated request (same key) does nothing twice.
func TestStoreReturnsAndCancelsAPurchase(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6) // monthly credit 10,000,000
		p := must(e.buy(m, emp, 6_000_000, 3, "p1"))
		acc := e.account(emp)
		ret, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{Amount: 1_000_000, IdempotencyKey: "r1"})
		if err != nil || ret.Kind != ReturnGoods || ret.Amount != 1_000_000 {
			t.Fatalf("return: %+v %v", ret, err)
		}
		again := must(e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{Amount: 1_000_000, IdempotencyKey: "r1"}))
		if again.ID != ret.ID {
			t.Errorf("the same return twice: %d and %d", ret.ID, again.ID)
		}
		if a := e.account(emp); a.Used != 5_000_000 || a.MonthUsed != 2_000_000 || e.ledgerRows(acc.ID, ReturnGoods) != 1 {
			t.Errorf("after the return: %+v, %d ledger rows", a, e.ledgerRows(acc.ID, ReturnGoods))
		}
		list := must(e.s.Installments(ctxb(), emp.CustomerID))
		if list[2].Due() != 1_000_000 || list[2].Returned != 1_000_000 || list[0].Due() != 2_000_000 {
			t.Errorf("installments after the return: %+v", list)
		}
		if !strings.Contains(e.sms(emp.CustomerID), "برگشت کالا به مبلغ ۱٬۰۰۰٬۰۰۰ ریال") {
			t.Errorf("no SMS of the return:\n%s", e.sms(emp.CustomerID))
		}
		if _, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{Amount: 5_000_001, IdempotencyKey: "r2"}); !errors.Is(err, ErrReturnAmount) {
			t.Errorf("returning more than is due: %v", err)
		}

		c, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{IdempotencyKey: "c1"})
		if err != nil || c.Kind != ReturnCancel || c.Amount != 5_000_000 {
			t.Fatalf("cancel: %+v %v", c, err)
		}
		if again := must(e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{IdempotencyKey: "c1"})); again.ID != c.ID {
			t.Errorf("the same cancellation twice: %d and %d", c.ID, again.ID)
		}
		if _, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{IdempotencyKey: "c2"}); !errors.Is(err, ErrPurchaseCancelled) {
			t.Errorf("cancelling again with another key: %v", err)
		}
		a := e.account(emp)
		if a.Used != 0 || a.MonthUsed != 0 || e.ledgerRows(acc.ID, ReturnCancel) != 1 {
			t.Errorf("after the cancellation: %+v, %d ledger rows", a, e.ledgerRows(acc.ID, ReturnCancel))
		}
		var open int
		e.d.QueryRow(ctxb(), "SELECT open_purchases FROM welfare_accounts WHERE id = $1", a.ID).Scan(&open)
		if open != 0 {
			t.Errorf("open purchases after the cancellation: %d", open)
		}
		if f := settlementCSV(e, 0, "1403/07"); strings.Count(string(f), "\n") != 1 {
			t.Errorf("a cancelled purchase is still deducted:\n%s", f)
		}
		// The 8th does not give the month's credit back a second time.
		e.clock.Set(at(1403, 7, 9))
		e.s.RestoreMonthlyCredit(ctxb())
		if a := e.account(emp); a.MonthUsed != 0 {
			t.Errorf("month used after the 8th: %d", a.MonthUsed)
		}
		if !strings.Contains(e.sms(emp.CustomerID), "لغو شد") {
			t.Errorf("no SMS of the cancellation")
		}

		// A pending purchase is cancelled; its code then confirms nothing.
		e.clock.Advance(time.Hour)
		pend := must(e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: emp.NationalCode, Amount: 1_000_000, Installments: 1, IdempotencyKey: "p2"}))
		code := e.lastCode(emp.CustomerID)
		if _, err := e.s.ReturnPurchase(ctxb(), m, pend.ID, ReturnRequest{Amount: 1, IdempotencyKey: "r3"}); !errors.Is(err, ErrReturnPending) {
			t.Errorf("a return of a pending purchase: %v", err)
		}
		if c, err := e.s.ReturnPurchase(ctxb(), m, pend.ID, ReturnRequest{IdempotencyKey: "c3"}); err != nil || c.Kind != ReturnCancel || c.Amount != 0 {
			t.Fatalf("cancelling a pending purchase: %+v %v", c, err)
		}
		if _, err := e.s.ConfirmPurchase(ctxb(), m, pend.ID, MethodSMS, code); !errors.Is(err, ErrPurchaseCancelled) {
			t.Errorf("confirming a cancelled purchase: %v", err)
		}
	})
}

// Once an installment was deducted, a purchase cannot be cancelled whole;
// a return of what is still due finishes it.
func TestReturnAfterADeduction(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6)
		p := must(e.buy(m, emp, 6_000_000, 3, "p1"))
		list := must(e.s.Installments(ctxb(), emp.CustomerID))
		file := fmt.Sprintf("installment_id,personnel_no,amount\n%d,70,2000000\n", list[0].ID)
		if _, err := e.s.ImportSettlement(ctxb(), identity.Actor{}, "07.csv", strings.NewReader(file)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{IdempotencyKey: "c"}); !errors.Is(err, ErrCancelAfterPaid) {
			t.Fatalf("cancelling after a deduction: %v", err)
		}
		r := must(e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{Amount: 4_000_000, IdempotencyKey: "r"}))
		if r.Kind != ReturnGoods {
			t.Errorf("kind %q", r.Kind)
		}
		fin := must(e.s.Purchases(ctxb(), emp.CustomerID))
		if len(fin) != 1 || fin[0].FinishedAt == nil || fin[0].Returned != 4_000_000 {
			t.Errorf("the purchase after returning the rest: %+v", fin)
		}
		if a := e.account(emp); a.Used != 0 {
			t.Errorf("used: %d", a.Used)
		}
		if _, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{Amount: 1, IdempotencyKey: "r4"}); !errors.Is(err, ErrNothingToReturn) {
			t.Errorf("a return with nothing due: %v", err)
		}
	})
}

// The store's API and the sales agent's page cancel and return; the
// same request twice answers the same return.
func TestReturnThroughTheAPIAndThePage(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, _ := openAccount(t, e, 6)
		call := apiStore(t, e)
		code, _, p := call("/api/welfare/purchases", map[string]any{"customer": emp.Mobile, "amount": 6_000_000, "installments": 3, "idempotency_key": "o1"})
		if code != http.StatusOK {
			t.Fatal(p)
		}
		path := "/api/welfare/purchases/" + jsonID(p)
		if code, _, out := call(path+"/confirm", map[string]any{"code": e.lastCode(emp.CustomerID)}); code != http.StatusOK {
			t.Fatal(out)
		}
		code, _, r1 := call(path+"/returns", map[string]any{"amount": 1_500_000, "idempotency_key": "ret-1"})
		if code != http.StatusOK || r1["kind"] != ReturnGoods || r1["purchase_returned"] != float64(1_500_000) {
			t.Fatalf("return: %d %v", code, r1)
		}
		if code, _, again := call(path+"/returns", map[string]any{"amount": 1_500_000, "idempotency_key": "ret-1"}); code != http.StatusOK || again["id"] != r1["id"] || again["purchase_returned"] != float64(1_500_000) {
			t.Fatalf("the same return again: %d %v", code, again)
		}
		if code, _, bad := call(path+"/returns", map[string]any{"amount": 9_000_000, "idempotency_key": "ret-2"}); code != http.StatusUnprocessableEntity || bad["code"] != ErrReturnAmount.Code {
			t.Errorf("too much: %d %v", code, bad)
		}
		code, _, c := call(path+"/cancel", map[string]any{"idempotency_key": "can-1"})
		if code != http.StatusOK || c["kind"] != ReturnCancel || c["amount"] != float64(4_500_000) {
			t.Fatalf("cancel: %d %v", code, c)
		}
		if a := e.account(emp); a.Used != 0 {
			t.Errorf("used after the API's cancellation: %d", a.Used)
		}

		// The sales agent's page.
		base := pageSite(t, e)
		m := e.merchant()
		e.clock.Advance(time.Hour)
		sale := must(e.buy(m, emp, 3_000_000, 3, "page"))
		staff, member := staffClient(t, e, base, "seller", identity.RoleSalesAgent)
		if err := e.s.LinkMerchantStaff(ctxb(), member.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		page := "/staff/welfare/sales/" + strconv.FormatInt(sale.ID, 10)
		staff.Get(page).Want(t, 200, "").Has(t, "لغو کامل خرید", "ثبت برگشت کالا")
		staff.PostForm(page, page+"/return", url.Values{"kind": {"return"}, "amount": {"abc"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, "مبلغ برگشتی را به ریال وارد کنید.")
		k1 := between(staff.Get(page).Body, `name="key" value="`, `"`)
		staff.PostForm(page, page+"/return", url.Values{"kind": {"return"}, "amount": {"۵۰۰٬۰۰۰"}, "key": {k1}}).Want(t, http.StatusSeeOther, page)
		staff.Get(page).Want(t, 200, "").Has(t, "برگشت کالا به مبلغ ۵۰۰٬۰۰۰ ریال ثبت شد", `id="sale-returned"`)
		// One form submitted twice (same key): one return.
		form := staff.Get(page)
		key := between(form.Body, `name="key" value="`, `"`)
		for range 2 {
			staff.PostForm(page, page+"/return", url.Values{"kind": {"cancel"}, "key": {key}}).Want(t, http.StatusSeeOther, page)
		}
		staff.Get(page).Want(t, 200, "").Has(t, `data-status="cancelled"`).Lacks(t, "لغو کامل خرید")
		var n int
		e.d.QueryRow(ctxb(), "SELECT COUNT(*) FROM welfare_returns WHERE purchase_id = $1", sale.ID).Scan(&n)
		if n != 2 {
			t.Errorf("returns of the page's purchase: %d, want 2 (the return and one cancellation)", n)
		}
	})
}

func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(after, to)
	return v
}
