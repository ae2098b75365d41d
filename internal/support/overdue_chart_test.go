package support_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/support"
)

// chartTitles are the text alternatives of the charts on a page, in order.
func chartTitles(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<svg role="img"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestPageOverdueChartCountsTheDatabase: the queue's chart holds, for
// each department the staff member serves, the number of tickets that
// Ticket.Overdue flags — an answered ticket past only its first-answer
// target, a closed one and one still in time are not counted; a
// department member sees only their department's bar.
func TestPageOverdueChartCountsTheDatabase(t *testing.T) {
	pageEngines(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		a := s.customer(ali())
		boss, ab := s.staffIn("boss", []string{identity.RoleAdmin})
		_, tb := s.staffIn("reza", []string{identity.RoleSupport}, "technical")
		start := s.clock.Now()
		s.open(a.ID, "technical", support.PriorityVeryHigh) // first answer due in 2 h
		s.open(a.ID, "technical", support.PriorityVeryHigh)
		answered := s.open(a.ID, "technical", support.PriorityVeryHigh)
		closed := s.open(a.ID, "technical", support.PriorityVeryHigh)
		s.open(a.ID, "finance", support.PriorityVeryHigh)
		s.open(a.ID, "finance", support.PriorityHigh) // first answer due in 4 h
		if err := s.svc.Answer(ctx, boss, answered.ID, "در حال بررسی است", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.svc.Close(ctx, boss, closed.ID); err != nil {
			t.Fatal(err)
		}

		// At the due time itself every target is met.
		s.clock.Set(start.Add(2 * time.Hour))
		if got, want := chartTitles(ab.Get("/staff/support").Want(t, http.StatusOK, "").Body),
			"تیکت‌های تأخیردار به تفکیک واحد: پشتیبانی فنی ۰ تیکت؛ امور مالی ۰ تیکت؛ فروش ۰ تیکت؛ رفاهی ۰ تیکت"; len(got) != 1 || got[0] != want {
			t.Errorf("chart at the due time %q, want %q", got, want)
		}

		s.clock.Set(start.Add(3 * time.Hour))
		got := chartTitles(ab.Get("/staff/support").Want(t, http.StatusOK, "").Body)
		want := "تیکت‌های تأخیردار به تفکیک واحد: پشتیبانی فنی ۲ تیکت؛ امور مالی ۱ تیکت؛ فروش ۰ تیکت؛ رفاهی ۰ تیکت"
		if len(got) != 1 || got[0] != want {
			t.Fatalf("chart %q, want %q", got, want)
		}
		// The same figures from the tickets themselves, by Go's rule.
		all, _, err := s.svc.Queue(ctx, boss, support.QueueFilter{Status: "all", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, tk := range all {
			if tk.Overdue(s.clock.Now()) != "" {
				counts[tk.DepartmentName]++
			}
		}
		for name, n := range counts {
			if !strings.Contains(got[0], name+" "+fa.Digits(strconv.Itoa(n))+" تیکت") {
				t.Errorf("chart %q lacks %s with %d", got[0], name, n)
			}
		}
		if len(counts) != 2 {
			t.Errorf("overdue by department %v", counts)
		}

		// A member of one department sees its bar only.
		if got, want := chartTitles(tb.Get("/staff/support").Want(t, http.StatusOK, "").Body),
			"تیکت‌های تأخیردار به تفکیک واحد: پشتیبانی فنی ۲ تیکت"; len(got) != 1 || got[0] != want {
			t.Errorf("member's chart %q, want %q", got, want)
		}
	})
}
