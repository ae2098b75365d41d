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

// Finance sees, for its regions, the deduction lists handed out, the
// settlement files imported (who, when, rows settled and unmatched) and
// resolves unmatched rows by hand (matched to an installment, which is
// then paid with its ledger row, or dismissed with a note), audited; and
// each employee's account, purchases and installments. Regional finance
// sees and resolves only its region's.
func TestFinanceSeesListsSettlementsAccountsAndResolvesUnmatchedRows(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		base := pageSite(t, e)
		p := e.employees(person{"70", "8", 40_000_000, 2, 0}, person{"71", "8", 45_000_000, 4, 0},
			person{"80", "9", 40_000_000, 2, 0}, person{"81", "9", 45_000_000, 4, 0})
		e.approved(p["70"], p["71"], 6)
		e.approved(p["80"], p["81"], 6)
		e.clock.Advance(OpeningDelay)
		m := e.merchant()
		must(e.buy(m, p["70"], 6_000_000, 3, "a"))
		must(e.buy(m, p["80"], 3_000_000, 3, "b"))
		inst70 := must(e.s.Installments(ctxb(), p["70"].CustomerID))
		inst80 := must(e.s.Installments(ctxb(), p["80"].CustomerID))

		fin, member := staffClient(t, e, base, "finance8", identity.RoleFinance)
		if err := e.s.AssignStaffRegion(ctxb(), member.ID, p["70"].RegionID); err != nil {
			t.Fatal(err)
		}
		fin.Get("/staff/welfare/payroll/deductions?region="+strconv.FormatInt(p["70"].RegionID, 10)+"&month=1403/07").Want(t, 200, "")
		file := fmt.Sprintf("installment_id,personnel_no,amount\n%d,70,2000000\n%d,70,2500000\n%d,80,999\n%d,55555,1000\n",
			inst70[0].ID, inst70[1].ID, inst80[0].ID+1000, inst80[0].ID)
		res, err := e.s.ImportSettlement(ctxb(), identity.Actor{StaffID: e.admin.ID}, "tir.csv", strings.NewReader(file))
		if err != nil || res.Settled != 1 || res.Unmatch != 3 {
			t.Fatalf("settlement: %+v %v", res, err)
		}
		open := must(e.s.UnmatchedRows(ctxb(), []int64{p["70"].RegionID}, true))
		if len(open) != 1 || open[0].PersonnelNo != "70" {
			t.Fatalf("region 8's open rows: %+v", open)
		}
		if all := must(e.s.UnmatchedRows(ctxb(), nil, true)); len(all) != 3 {
			t.Errorf("the head office's open rows: %d, want 3", len(all))
		}
		rec := fin.Get("/staff/welfare/payroll/records").Want(t, 200, "")
		rec.Has(t, `id="deduction-lists"`, "کارمند finance8", "منطقه ۸", "tir.csv", "مدیر", `data-id="`+strconv.FormatInt(open[0].ID, 10)+`"`).
			Lacks(t, "55555", "همه مناطق")

		// Resolving: a dismissal needs a note; another region's row is refused.
		row := "/staff/welfare/payroll/unmatched/" + strconv.FormatInt(open[0].ID, 10)
		fin.PostForm("/staff/welfare/payroll/records", row, url.Values{"decision": {"dismiss"}}).Want(t, http.StatusSeeOther, "/staff/welfare/payroll/records")
		fin.Get("/staff/welfare/payroll/records").Has(t, ErrNoNote.Message)
		var other int64
		for _, u := range must(e.s.UnmatchedRows(ctxb(), nil, true)) {
			if u.PersonnelNo == "80" {
				other = u.ID
			}
		}
		if err := e.s.ResolveUnmatched(ctxb(), member, "", other, 0, "x"); !errors.Is(err, ErrNotYourRegion) {
			t.Errorf("another region's row: %v", err)
		}
		if err := e.s.ResolveUnmatched(ctxb(), member, "", open[0].ID, inst70[2].ID, ""); !errors.Is(err, ErrNoNote) {
			t.Errorf("a match without a note: %v", err)
		}
		if err := e.s.ResolveUnmatched(ctxb(), member, "", open[0].ID, inst80[1].ID, "x"); !errors.Is(err, ErrResolveInst) {
			t.Errorf("matched to another region's installment: %v", err)
		}
		// The row paid 2,500,000 on installment 2 (of 2,000,000): too much;
		// finance matches it to installment 3 after checking, by the page.
		used := e.account(p["70"]).Used
		e.clock.Advance(time.Minute)
		fin.PostForm("/staff/welfare/payroll/records", row, url.Values{"decision": {"match"}, "installment": {strconv.FormatInt(inst70[1].ID, 10)}, "note": {"مبلغ"}}).
			Want(t, http.StatusSeeOther, "/staff/welfare/payroll/records")
		fin.Get("/staff/welfare/payroll/records").Has(t, ErrResolveInst.Message)
		if err := e.s.ResolveUnmatched(ctxb(), member, "", open[0].ID, 0, "دو بار واریز شده؛ به کارمند برگشت داده شد"); err != nil {
			t.Fatalf("dismiss: %v", err)
		}
		if err := e.s.ResolveUnmatched(ctxb(), member, "", open[0].ID, 0, "again"); !errors.Is(err, ErrResolved) {
			t.Errorf("resolving twice: %v", err)
		}
		if e.auditCount(ActionUnmatchedResolve, open[0].ID) != 1 || e.account(p["70"]).Used != used {
			t.Errorf("after the dismissal: %d audit rows, used %d (was %d)", e.auditCount(ActionUnmatchedResolve, open[0].ID), e.account(p["70"]).Used, used)
		}
		// The head office matches region 9's row to the right installment.
		before := e.account(p["80"]).Used
		if err := e.s.ResolveUnmatched(ctxb(), e.admin, "", other, inst80[0].ID, "شناسه قسط اشتباه تایپ شده بود"); err != nil {
			t.Fatalf("the head office matching: %v", err)
		}
		if got := must(e.s.Installments(ctxb(), p["80"].CustomerID))[0]; got.Paid != 999 || !got.Partial() || e.account(p["80"]).Used != before-999 {
			t.Errorf("after matching 999 rials: %+v, used %d (was %d)", got, e.account(p["80"]).Used, before)
		}
		rec = fin.Get("/staff/welfare/payroll/records").Want(t, 200, "")
		rec.Has(t, "دو بار واریز شده", "کنار گذاشته شد")

		// Accounts: region 8's only.
		fin.Get("/staff/welfare/accounts").Want(t, 200, "").Has(t, "کارمند شماره 70").Lacks(t, "کارمند شماره 80")
		fin.Get("/staff/welfare/accounts?q=70").Want(t, 200, "").Has(t, "کارمند شماره 70")
		fin.Get("/staff/welfare/accounts/"+strconv.FormatInt(p["80"].ID, 10)).Want(t, http.StatusForbidden, "")
		fin.Get("/staff/welfare/accounts/"+strconv.FormatInt(p["70"].ID, 10)).Want(t, 200, "").
			Has(t, "دیجی‌کالا", "۶٬۰۰۰٬۰۰۰ ریال", "تسویه شده", "تسویه نشده", `id="installments"`)
	})
}

// Text that is not valid UTF-8, or holds a NUL, is refused in Persian
// before it reaches either database.
func TestFinanceRefusesBadText(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6)
		p := must(e.buy(m, emp, 3_000_000, 3, "a"))
		for _, bad := range []string{"\xff\xfe", "a\x00b"} {
			if _, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{Amount: 1, IdempotencyKey: bad}); err == nil {
				t.Errorf("return key %q accepted", bad)
			}
			if err := e.s.ResolveUnmatched(ctxb(), e.admin, "", 1, 0, bad); !errors.Is(err, ErrBadText) {
				t.Errorf("note %q: %v", bad, err)
			}
		}
	})
}
