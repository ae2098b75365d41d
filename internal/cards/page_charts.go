package cards

import (
	"context"
	"html/template"

	"pishkhan/internal/web"
)

// accountsPage is «وضعیت حساب اعتباری» with its pictures.
type accountsPage struct {
	AccountSummary
	Credit template.HTML // credit used and available
	Due    template.HTML // unpaid installments per month
}

// dueMonths is how many months of unpaid installments the chart shows.
const dueMonths = 12

// creditChart draws the card's credit: used and still available, as
// shares of the whole credit.
func creditChart(s AccountSummary) template.HTML {
	if s.CreditLimit <= 0 {
		return ""
	}
	left := max(s.CreditLimit-s.Used, 0)
	return web.Chart{Title: titleCreditChart, Max: s.CreditLimit, Bars: []web.Bar{
		{Label: labelCreditUsed, Value: s.Used},
		{Label: labelCreditLeft, Value: left},
	}}.Meters()
}

// dueChart sums the unpaid installments (penalties included: they are
// paid with them) by Jalali month of their due date, earliest month at
// the right; an overdue month stays in the picture until it is paid.
func (p *Pages) dueChart(ctx context.Context, customerID int64) (template.HTML, error) {
	due, err := p.svc.DueInstallments(ctx, customerID)
	if err != nil || len(due) == 0 {
		return "", err
	}
	c := web.Chart{Title: titleDueChart}
	last := ""
	for _, in := range due { // oldest first
		month := monthLabel(in.DueOn)
		if month != last {
			if len(c.Bars) == dueMonths {
				break
			}
			c.Bars = append(c.Bars, web.Bar{Label: month})
			last = month
		}
		c.Bars[len(c.Bars)-1].Value += in.Amount + in.Penalty
	}
	return c.Columns(), nil
}
