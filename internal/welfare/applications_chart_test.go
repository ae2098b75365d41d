package welfare

import (
	"regexp"
	"slices"
	"testing"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// chartAlts are the text alternatives of the charts on a page, in order.
func chartAlts(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<svg role="img"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestStaffApplicationsCharts: the finance desk's charts hold the
// applications awaiting the guarantor and the region's finance, and
// those awaiting finance per region — approved, rejected and withdrawn
// ones left out, a region's name in Persian digits — for the head office
// every region, for a regional staff member theirs; the figures equal
// the desk's own list and the database's count.
func TestStaffApplicationsCharts(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		base := pageSite(t, e)
		p := e.employees(
			person{"21", "8", 40_000_000, 2, 0}, person{"31", "8", 40_000_000, 2, 0},
			person{"22", "8", 40_000_000, 2, 0}, person{"32", "8", 40_000_000, 2, 0},
			person{"23", "8", 40_000_000, 2, 0}, person{"33", "8", 40_000_000, 2, 0},
			person{"24", "9", 40_000_000, 2, 0}, person{"34", "9", 40_000_000, 2, 0},
			person{"25", "9", 40_000_000, 2, 0}, person{"35", "9", 40_000_000, 2, 0},
			person{"26", "9", 40_000_000, 2, 0}, person{"36", "9", 40_000_000, 2, 0},
			person{"27", "9", 40_000_000, 2, 0}, person{"37", "9", 40_000_000, 2, 0},
			person{"28", "11", 40_000_000, 2, 0}, person{"38", "11", 40_000_000, 2, 0},
		)
		apply := func(no, guarantor string) *Application {
			t.Helper()
			return must(e.s.Apply(ctxb(), p[no].CustomerID, 6, p[guarantor].NationalCode))
		}
		guaranteed := func(no, guarantor string, approve bool) *Application {
			t.Helper()
			a := apply(no, guarantor)
			if err := e.s.GuarantorDecide(ctxb(), p[guarantor].CustomerID, a.ID, approve); err != nil {
				t.Fatal(err)
			}
			return a
		}
		apply("21", "31")               // awaiting the guarantor
		guaranteed("22", "32", true)    // awaiting finance
		guaranteed("23", "33", true)    // awaiting finance
		guaranteed("24", "34", true)    // awaiting finance
		e.approved(p["25"], p["35"], 6) // decided
		guaranteed("26", "36", false)   // rejected by the guarantor
		w := apply("27", "37")          // withdrawn
		if err := e.s.Withdraw(ctxb(), p["27"].CustomerID, w.ID, ""); err != nil {
			t.Fatal(err)
		}
		apply("28", "38") // awaiting the guarantor

		head, _ := staffClient(t, e, base, "head", identity.RoleAdmin)
		got := chartAlts(head.Get("/staff/welfare").Want(t, 200, "").Body)
		want := []string{
			"درخواست‌های در انتظار تصمیم به تفکیک مرحله: در انتظار تایید ضامن ۲ درخواست؛ در انتظار تایید امور مالی منطقه ۳ درخواست",
			"درخواست‌های در انتظار تایید امور مالی به تفکیک منطقه: منطقه ۱۱ ۰ درخواست؛ منطقه ۸ ۲ درخواست؛ منطقه ۹ ۱ درخواست",
		}
		if !slices.Equal(got, want) {
			t.Errorf("head office charts\n%q\nwant\n%q", got, want)
		}

		// The database: the desk's list per region and the applications
		// still with their guarantors.
		pending := must(e.s.PendingFinance(ctxb(), nil))
		perRegion := map[string]int{}
		for _, a := range pending {
			perRegion[fa.Digits(a.Applicant.RegionName)]++
		}
		var withGuarantors int
		if err := e.d.QueryRow(ctxb(), "SELECT COUNT(*) FROM welfare_applications WHERE status = $1", StatusGuarantorPending).Scan(&withGuarantors); err != nil {
			t.Fatal(err)
		}
		if len(pending) != 3 || withGuarantors != 2 || perRegion["منطقه ۸"] != 2 || perRegion["منطقه ۹"] != 1 {
			t.Errorf("database: %d awaiting finance %v, %d awaiting guarantors", len(pending), perRegion, withGuarantors)
		}

		fin, m := staffClient(t, e, base, "finance9", identity.RoleFinance)
		if err := e.s.AssignStaffRegion(ctxb(), m.ID, p["24"].RegionID); err != nil {
			t.Fatal(err)
		}
		got = chartAlts(fin.Get("/staff/welfare").Want(t, 200, "").Body)
		want = []string{
			"درخواست‌های در انتظار تصمیم به تفکیک مرحله: در انتظار تایید ضامن ۰ درخواست؛ در انتظار تایید امور مالی منطقه ۱ درخواست",
			"درخواست‌های در انتظار تایید امور مالی به تفکیک منطقه: منطقه ۹ ۱ درخواست",
		}
		if !slices.Equal(got, want) {
			t.Errorf("region 9's charts\n%q\nwant\n%q", got, want)
		}
	})
}
