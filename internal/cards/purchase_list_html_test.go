package cards

import (
	"strings"
	"testing"
)

// Purchases reads installments in due-day order; a schedule that is not
// in seq order then (two with one due day) is sorted, ties kept stable.
func TestSortScheduleBySeq(t *testing.T) {
	list := []Installment{{ID: 7, Seq: 2}, {ID: 5, Seq: 1}, {ID: 9, Seq: 3}}
	sortSchedule(list)
	if list[0].ID != 5 || list[1].ID != 7 || list[2].ID != 9 {
		t.Fatalf("sorted schedule %+v", list)
	}
}

// A due day the writer cannot read directly still gets monthLabel's
// answer, escaped.
func TestScheduleMonthOfOddDueDay(t *testing.T) {
	got := string(scheduleHTML([]Installment{{Seq: 1, DueOn: "1403/07/15"}, {Seq: 2, DueOn: "<1403/13/01>"}}))
	for _, want := range []string{`<td data-label="ماه">مهر ۱۴۰۳</td>`, `<td data-label="ماه">&lt;۱۴۰۳/۱۳/۰۱&gt;</td>`} {
		if !strings.Contains(got, want) {
			t.Errorf("schedule lacks %s:\n%s", want, got)
		}
	}
}
