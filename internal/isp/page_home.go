package isp

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
)

// GB writes bytes as the guide does: «4.24 گیگابایت» (1 GB = 1024 MB).
func GB(b int64) string {
	return inGB(fa.Digits(strconv.FormatFloat(float64(b)/float64(1<<30), 'f', 2, 64)))
}

// MBs writes bytes as megabytes with two decimals, the usage table's unit.
func MBs(b int64) string {
	return fa.Digits(strconv.FormatFloat(float64(b)/float64(MB), 'f', 2, 64))
}

// box is the home page's box and the account tab, in words.
type box struct {
	Name, Phone, City, Centre   string
	LineStatus, Online          string
	Service                     string
	StartsAt, EndsAt            time.Time
	DaysLeft                    string
	Traffic                     string
	Timed                       string
	Reserved, ReservedTraffic   string
	StaticIP, RouteIP           string
	Username                    string
	Expired, OutOfTraffic, Free bool
}

func (p *Pages) boxOf(r *http.Request, sub *Subscriber, c *identity.Customer) box {
	now := p.svc.now()
	b := box{Phone: fa.Digits(sub.Phone), City: sub.City, Centre: sub.Centre, LineStatus: LineStatusNames[sub.LineStatus],
		Online: labelOffline, Service: labelNoActiveService, StartsAt: sub.StartsAt, EndsAt: sub.EndsAt,
		DaysLeft: inDays(int64(DaysLeft(sub.EndsAt, now))), Traffic: GB(sub.TrafficLeft),
		Reserved: labelNoReserved, ReservedTraffic: GB(sub.ReservedTraffic), StaticIP: labelNoStaticIP, RouteIP: labelNoRouteIP,
		Username: sub.Username, Expired: sub.Expired(now), OutOfTraffic: sub.Plan != nil && sub.OutOfTraffic(now), Free: !sub.FreeAt.IsZero()}
	if c != nil {
		b.Name = c.FullName()
	}
	if sub.Suspended(now) {
		b.LineStatus = LineStatusNames[LineSuspended]
	}
	if on, err := p.svc.Online(r.Context(), sub.ID); err == nil && on {
		b.Online = labelOnline
	}
	if sub.Plan != nil {
		b.Service = sub.Plan.Name
		if sub.Unlimited() {
			b.Traffic = labelUnlimited
		}
	}
	if t := sub.TimedActive(now); t > 0 {
		b.Timed = amountUntil(GB(t), fa.FormatDateTime(sub.TimedUntil))
	}
	if sub.Reserved != nil {
		b.Reserved = sub.Reserved.Name
	}
	// An expired static IP is no longer the line's («فاقد IP استاتیک»);
	// it can still be renewed from «تمدید IP استاتیک».
	if sub.StaticIP != "" && sub.IPEndsAt.After(now) {
		b.StaticIP = sub.StaticIP
	}
	if sub.RouteIP != "" {
		b.RouteIP = sub.RouteIP
	}
	return b
}

// line loads the signed-in customer's line, brought up to now; a
// customer without one sees a page that says so.
func (p *Pages) line(w http.ResponseWriter, r *http.Request, customerID int64) (*Subscriber, bool) {
	sub, err := p.svc.Current(r.Context(), customerID)
	if errors.Is(err, ErrNotSubscriber) {
		p.web.Render(w, r, http.StatusNotFound, "isp/no_line", web.View{Title: titlePanel})
		return nil, false
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, false
	}
	return sub, true
}

type homePage struct {
	Box           box
	ProfilePrompt string
	Announcement  *support.Announcement
	Charts        []template.HTML // traffic and days left (page_charts.go)
}

// home is the panel's first page: the guide's box with its quick links.
func (p *Pages) home(w http.ResponseWriter, r *http.Request, customerID int64) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	c, err := p.ids.Customer(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := homePage{Box: p.boxOf(r, sub, c), Charts: dashboardCharts(sub, p.svc.now())}
	if len(c.MissingFields()) > 0 {
		page.ProfilePrompt = identity.IncompleteProfileMessage
	}
	// The guide's green box: a different announcement on each refresh.
	if p.sup != nil {
		if a, err := p.sup.AnnouncementFor(r.Context(), customerID, p.svc.now()); err == nil {
			page.Announcement = a
		}
	}
	p.web.Render(w, r, http.StatusOK, "isp/home", web.View{Title: titlePanel, Data: page})
}
