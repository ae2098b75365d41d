// Package isp is the ISP subscriber panel (seed 004, Partak CRM): plans,
// subscriptions with days and traffic, reserved services, timed traffic,
// static IPs, the free charge, usage sessions fed by Pishkhan's RADIUS
// server, purchases through billing, post-paid bills, campaign charges,
// line status history and documents.
package isp

import (
	"embed"
	"io/fs"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds the ISP tables; every subscriber is a customers row.
var Schema = &db.Schema{
	Name:     "isp",
	FS:       func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
	Requires: []*db.Schema{identity.Schema},
}

// Plan kinds.
const (
	PlanService = "service"
	PlanTraffic = "traffic"
	PlanTimed   = "timed"
)

// MB is one megabyte; the guide: «۱۰۲۴ مگابایت برابر با ۱ گیگابایت».
const MB int64 = 1 << 20

// Plan is something sold: a service, a traffic package or timed traffic.
type Plan struct {
	ID          int64
	Kind        string
	Name        string
	Description string
	Price       int64
	Days        int   // service length; timed traffic validity
	TrafficMB   int64 // 0 on a service: unlimited
	SpeedKbps   int
	Postpaid    bool
	Active      bool
	Position    int
}

// Line statuses («وضعیت خط»).
const (
	LineOperating  = "operating"  // بهره برداری
	LineCollection = "collection" // در لیست جمع آوری
	LineSuspended  = "suspended"  // قطع
)

// Purchase types («نوع خرید»).
const (
	BoughtByAdmin  = "admin"  // مدیر سامانه
	BoughtByAgent  = "agent"  // حضور نماینده فروش
	BoughtOnline   = "online" // آنلاین
	BoughtFree     = "free"   // شارژ رایگان
	BoughtCampaign = "campaign"
)

// Subscriber is one line and its service state, as the home box shows it.
type Subscriber struct {
	ID         int64
	CustomerID int64
	Phone      string
	City       string
	Centre     string
	Username   string
	LineStatus string

	Plan        *Plan // the active service; nil when none
	Paid        int64
	StartsAt    time.Time
	EndsAt      time.Time
	TrafficLeft int64 // bytes

	Reserved        *Plan
	ReservedPaid    int64
	ReservedTraffic int64

	TimedLeft  int64
	TimedUntil time.Time

	FreeAt    time.Time
	FreeUntil time.Time

	StaticIP   string
	IPStartsAt time.Time
	IPEndsAt   time.Time
	IPMonthly  int64
	RouteIP    string

	DocsDeadline time.Time
	CreatedAt    time.Time
}

// Purchase is one row of «سابقه سرویس های خریداری شده».
type Purchase struct {
	ID           int64
	Name         string
	Kind         string
	PurchaseType string
	Amount       int64
	Note         string
	At           time.Time
}

// Bill is one post-paid month («سابقه قبوض»).
type Bill struct {
	ID       int64
	StartsOn string
	EndsOn   string
	Service  string
	Days     int
	Amount   int64
	Note     string
}

// CampaignCharge is one row of «شارژ کمپین ها».
type CampaignCharge struct {
	ID        int64
	At        time.Time
	Service   string
	TrafficMB int64
	Result    string
}

// LineStatus is one row of «سابقه وضعیت خط تلفن».
type LineStatus struct {
	ID     int64
	Status string
	Note   string
	At     time.Time
}

// Session is one usage session («ریز مصرف»).
type Session struct {
	ID        int64
	StartedAt time.Time
	EndedAt   time.Time // zero while online
	Download  int64     // received by the subscriber, bytes
	Upload    int64     // sent by the subscriber, bytes
	Deducted  int64     // taken from their traffic, bytes
	IP        string
}
