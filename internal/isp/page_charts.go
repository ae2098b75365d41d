package isp

import (
	"context"
	"html/template"
	"strconv"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// usageDays is how many days the usage page's chart shows.
const usageDays = 30

// dailyChart is the usage page's picture: traffic used per Tehran day over
// the last 30 days, in megabytes as the usage table writes them.
func (p *Pages) dailyChart(ctx context.Context, subID int64) (template.HTML, error) {
	days, err := p.svc.DailyUsage(ctx, subID, usageDays)
	if err != nil {
		return "", err
	}
	c := web.Chart{Title: chartDailyUsage(usageDays)}
	for _, d := range days {
		c.Bars = append(c.Bars, web.Bar{Label: fa.Digits(strconv.Itoa(d.Day.Day)) + " " + fa.MonthName(d.Day.Month), Value: d.Bytes, Text: MBs(d.Bytes)})
	}
	return c.Columns(), nil
}

// dashboardCharts are the home page's pictures: traffic left and used of
// the service (packages bought on top count in the whole), and days left
// and gone. An unlimited service has no traffic picture; no service, none.
func dashboardCharts(sub *Subscriber, now time.Time) []template.HTML {
	if sub.Plan == nil || sub.Expired(now) {
		return nil
	}
	var out []template.HTML
	if !sub.Unlimited() {
		left := max(sub.TrafficLeft, 0)
		whole := max(sub.Plan.TrafficMB*MB, left)
		out = append(out, web.Chart{Title: chartServiceTraffic, Max: whole, Bars: []web.Bar{
			{Label: chartTrafficLeft, Value: left, Text: GB(left)},
			{Label: chartTrafficUsed, Value: whole - left, Text: GB(whole - left)},
		}}.Meters())
	}
	left := int64(DaysLeft(sub.EndsAt, now))
	whole := max(int64(daysBetween(fa.JalaliOf(sub.StartsAt), fa.JalaliOf(sub.EndsAt))), left)
	out = append(out, web.Chart{Title: chartServiceDays, Max: whole, Bars: []web.Bar{
		{Label: chartDaysLeft, Value: left, Text: inDays(left)},
		{Label: chartDaysGone, Value: whole - left, Text: inDays(whole - left)},
	}}.Meters())
	return out
}
