package welfare

import (
	"html/template"

	"pishkhan/internal/web"
)

// balanceCharts are «موجودی»'s pictures: this month's credit and the
// purchase power, each used and left, as shares of the whole.
func balanceCharts(a *Account) []template.HTML {
	if a == nil || a.MonthlyCredit <= 0 {
		return nil
	}
	month, power := a.MonthAvailable(), a.Available()
	return []template.HTML{
		web.Chart{Title: "اعتبار ماهانه این ماه (ریال)", Max: a.MonthlyCredit, Bars: []web.Bar{
			{Label: "مصرف شده", Value: a.MonthlyCredit - month},
			{Label: "باقی مانده", Value: month},
		}}.Meters(),
		web.Chart{Title: "توان خرید (ریال)", Max: a.PurchasePower(), Bars: []web.Bar{
			{Label: "مصرف شده", Value: a.PurchasePower() - power},
			{Label: "باقی مانده", Value: power},
		}}.Meters(),
	}
}
