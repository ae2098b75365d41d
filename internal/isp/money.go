package isp

import "pishkhan/internal/fa"

// Money rules of the ISP area (billing's VAT and payable rules apply on
// top; see internal/billing/money.go).
//
// Remaining value of a service being changed («مبلغ باقیمانده سرویس»,
// «مبنای محاسبه: روزهای باقیمانده»): what was paid for it, times the days
// left, divided by the service's days, rounded DOWN to the whole rial
// (integer division; the subscriber is never credited a fraction of a
// rial that was not paid). The guide: a 2,000,000-rial yearly (365-day)
// service with 352 days left is worth 2,000,000 × 352 / 365 =
// 1,928,767.1… → 1,928,767 rials; the order for an 8,000,000 service
// then comes to 8,000,000 + 720,000 VAT − 1,928,767 = 6,791,233 payable.
//
// Post-paid monthly bill («مبلغ محاسبه شده»), the guide's table of
// «سابقه قبوض»: a whole Jalali month of 29 or 30 days bills the monthly
// price and counts 30 days (Esfand 1393, 29 days: 227,900 for 30 days);
// a whole month of 31 days bills price × 31 / 30, rounded DOWN (215,000
// → 222,166.6… → 222,166). A month the line used only in part (its
// service started or ended within it) bills the days used: price × days
// / 30, rounded down, so a line is never billed for a day before its
// activation.

// RemainingValue is the value of days left of a service of planDays that
// cost paid.
func RemainingValue(paid int64, planDays, daysLeft int) int64 {
	if planDays <= 0 || daysLeft <= 0 || paid <= 0 {
		return 0
	}
	if daysLeft > planDays {
		daysLeft = planDays
	}
	return paid * int64(daysLeft) / int64(planDays)
}

// MonthlyBill is the bill of a whole post-paid month of monthDays days:
// the days it counts and the amount.
func MonthlyBill(monthlyPrice int64, monthDays int) (int, int64) {
	if monthDays <= 30 {
		return 30, max(monthlyPrice, 0)
	}
	return monthDays, PartMonthBill(monthlyPrice, monthDays)
}

// PartMonthBill is the bill of days used of a post-paid month.
func PartMonthBill(monthlyPrice int64, days int) int64 {
	if monthlyPrice <= 0 || days <= 0 {
		return 0
	}
	return monthlyPrice * int64(days) / 30
}

// daysBetween counts Tehran calendar days from a to b (b − a).
func daysBetween(a, b fa.Date) int {
	ta := a.Time(fa.Tehran)
	tb := b.Time(fa.Tehran)
	// Calendar days, rounded: a DST change makes a day 23 or 25 hours.
	return int((tb.Sub(ta) + 12*3600e9) / (24 * 3600e9))
}
