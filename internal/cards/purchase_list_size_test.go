package cards

import (
	"runtime"
	"testing"
	"time"
)

// TestPurchaseListSizing: the writer's buffer is sized from the list, so
// the rows are written without growing it (one allocation, then handed to
// the template without a copy). It fails when the markup of a row or an
// installment outgrows the constants, which would make every page grow
// and copy its buffer again.
func TestPurchaseListSizing(t *testing.T) {
	paid := time.Date(2024, 10, 6, 8, 0, 0, 0, time.UTC)
	schedule := func(n int) []Installment {
		var l []Installment
		for i := range n {
			in := Installment{Seq: i + 1, DueOn: "1403/07/15", Amount: 1_234_567_890, Penalty: 123_456_789}
			if i%2 == 0 {
				in.PaidAt = &paid
			}
			l = append(l, in)
		}
		return l
	}
	row := PurchaseRow{Date: "1403/06/15", PolicyNumber: "9000000001-ABCDEFGHIJ", CashShare: 9_999_999_999, InstallmentShare: 9_999_999_999,
		Total: 19_999_999_998, Installments: 36, Paid: 18, Left: 18, Penalty: 999_999_999, TotalPaid: 9_999_999_999, Payable: 9_999_999_999, Violations: 12}
	for _, n := range []int{0, 1, 3, 36} {
		row.Schedule = schedule(n)
		list := []PurchaseRow{row, row, row}
		est := 3 * (purchaseRowBytes + n*installmentRowBytes)
		if got := len(purchaseListRows(list)); got > est {
			t.Errorf("%d installments a purchase: %d bytes written, estimate %d", n, got, est)
		}
		// Bytes allocated a call: the buffer once, plus the small
		// strings of dates and numbers (under 100 bytes an
		// installment). A buffer that grows allocates it again, and a
		// copy into a string doubles it.
		const runs = 50
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			_ = purchaseListRows(list)
		}
		runtime.ReadMemStats(&after)
		perCall := int(after.TotalAlloc-before.TotalAlloc) / runs
		t.Logf("%d installments: %d bytes written, %d allocated a call", n, len(purchaseListRows(list)), perCall)
		if limit := est + 3*n*100 + 512; perCall > limit {
			t.Errorf("%d installments a purchase: %d bytes allocated a call, want at most %d (the buffer once)", n, perCall, limit)
		}
	}
}
