package welfare

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// login signs an employee in to the portal on base.
func (e *env) login(t *testing.T, base string, emp *Employee) *client {
	t.Helper()
	if err := e.ids.ChangePassword(ctxb(), emp.CustomerID, "", pagePassword, pagePassword); err != nil {
		t.Fatal(err)
	}
	if err := e.ids.SetSecurityAnswers(ctxb(), emp.CustomerID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, base)
	c.PostForm("/login", "/login", url.Values{"identifier": {emp.NationalCode}, "password": {pagePassword}}).Want(t, http.StatusSeeOther, "/")
	return c
}

func (e *env) auditCount(action string, targetID int64) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(ctxb(), "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND target_id = $2", action, targetID).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// An applicant withdraws a pending application (waiting for the guarantor
// or for finance): the guarantee is freed, the guarantor is told, the
// withdrawal is audited, the guarantor's and finance's decisions are
// refused with «انصراف», and the applicant may apply again. An approved
// application, or someone else's, cannot be withdrawn.
func TestWithdrawAPendingApplication(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.employees(person{"70", "8", 40_000_000, 2, 0}, person{"71", "8", 45_000_000, 4, 0}, person{"72", "8", 45_000_000, 4, 0})
		a := must(e.s.Apply(ctxb(), p["70"].CustomerID, 6, p["71"].NationalCode))
		if err := e.s.Withdraw(ctxb(), p["72"].CustomerID, a.ID, ""); !errors.Is(err, ErrNotFound) {
			t.Fatalf("someone else's application: %v", err)
		}
		if err := e.s.Withdraw(ctxb(), p["70"].CustomerID, a.ID, "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if g := must(e.s.Employee(ctxb(), p["71"].ID)); g.Guarantees != 0 {
			t.Errorf("the guarantee is still counted: %d", g.Guarantees)
		}
		if n := e.auditCount(ActionWithdraw, a.ID); n != 1 {
			t.Errorf("audit rows: %d", n)
		}
		if !strings.Contains(e.sms(p["71"].CustomerID), "انصراف") {
			t.Errorf("the guarantor was not told:\n%s", e.sms(p["71"].CustomerID))
		}
		if err := e.s.GuarantorDecide(ctxb(), p["71"].CustomerID, a.ID, true); !errors.Is(err, ErrWithdrawn) {
			t.Errorf("the guarantor approving a withdrawn application: %v", err)
		}
		if err := e.s.Withdraw(ctxb(), p["70"].CustomerID, a.ID, ""); !errors.Is(err, ErrNotWithdrawable) {
			t.Errorf("withdrawing twice: %v", err)
		}

		// Again, withdrawn while waiting for finance.
		b, err := e.s.Apply(ctxb(), p["70"].CustomerID, 6, p["71"].NationalCode)
		if err != nil {
			t.Fatalf("applying again after the withdrawal: %v", err)
		}
		if err := e.s.GuarantorDecide(ctxb(), p["71"].CustomerID, b.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Withdraw(ctxb(), p["70"].CustomerID, b.ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := e.s.FinanceDecide(ctxb(), e.admin, "", b.ID, true, ""); !errors.Is(err, ErrWithdrawn) {
			t.Errorf("finance approving a withdrawn application: %v", err)
		}
		if _, err := e.s.Account(ctxb(), p["70"].CustomerID); !errors.Is(err, ErrNoAccount) {
			t.Errorf("an account after the withdrawal: %v", err)
		}
		withdrawn := must(e.s.RecentlyWithdrawn(ctxb(), nil))
		if len(withdrawn) != 2 || withdrawn[0].ID != b.ID {
			t.Errorf("finance's list of withdrawn: %+v", withdrawn)
		}

		// Approved: too late to withdraw.
		c := e.approved(p["70"], p["71"], 6)
		if err := e.s.Withdraw(ctxb(), p["70"].CustomerID, c.ID, ""); !errors.Is(err, ErrNotWithdrawable) {
			t.Errorf("withdrawing an approved application: %v", err)
		}
	})
}

// The pages: «انصراف از درخواست» on «وضعیت درخواست», a confirmation
// page, then the state, the form to apply again, the guarantor's list and
// finance's desk all show the withdrawal.
func TestWithdrawPages(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		base := pageSite(t, e)
		p := e.employees(person{"70", "8", 40_000_000, 2, 0}, person{"71", "8", 45_000_000, 4, 0})
		a := must(e.s.Apply(ctxb(), p["70"].CustomerID, 6, p["71"].NationalCode))
		cust := e.login(t, base, p["70"])
		path := "/welfare/applications/" + strconv.FormatInt(a.ID, 10) + "/withdraw"
		cust.Get("/welfare").Want(t, 200, "").Has(t, `href="`+path+`"`, "انصراف از درخواست").Lacks(t, `action="/welfare/apply"`)
		cust.Get(path).Want(t, 200, "").Has(t, "بله، انصراف می‌دهم", "در انتظار تایید ضامن")
		cust.PostForm(path, path, url.Values{}).Want(t, http.StatusSeeOther, "/welfare")
		cust.Get("/welfare").Want(t, 200, "").Has(t, StatusNames[StatusWithdrawn], `action="/welfare/apply"`).Lacks(t, `href="`+path+`"`)
		cust.Get(path).Want(t, http.StatusSeeOther, "/welfare")
		other := e.employees(person{"73", "8", 40_000_000, 2, 0})["73"]
		e.login(t, base, other).Get(path).Want(t, http.StatusNotFound, "")

		g := e.login(t, base, p["71"])
		g.Get("/welfare/guarantees").Want(t, 200, "").Has(t, StatusNames[StatusWithdrawn]).Lacks(t, "تایید ضمانت</button>")
		staff, _ := staffClient(t, e, base, "headoffice", "admin")
		staff.Get("/staff/welfare").Want(t, 200, "").Has(t, `id="withdrawn"`, "کارمند شماره 70")
	})
}
