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
		web.Chart{Title: chartMonthCredit, Max: a.MonthlyCredit, Bars: []web.Bar{
			{Label: barUsed, Value: a.MonthlyCredit - month},
			{Label: barLeft, Value: month},
		}}.Meters(),
		web.Chart{Title: chartPower, Max: a.PurchasePower(), Bars: []web.Bar{
			{Label: barUsed, Value: a.PurchasePower() - power},
			{Label: barLeft, Value: power},
		}}.Meters(),
	}
}
