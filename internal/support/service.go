package support

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// Options configure the Service. Zero fields take the defaults noted.
type Options struct {
	// MaxFileBytes is the size limit of one attachment (2 MiB). The web
	// server's body limit must leave room for MaxFiles of them.
	MaxFileBytes int
	// MaxFiles is how many files one message may carry (3).
	MaxFiles int
	Now      func() time.Time
	Logger   *slog.Logger
}

// Area is what an area (cards, welfare, isp …) tells support about its
// customers: the services or cards a ticket may be about, and through
// them who its customers are, for announcements addressed to the area.
// Each area implements it and app registers it with AddArea.
type Area interface {
	// Audience is the area's key (stored on announcements) and its
	// Persian name (shown in the audience select).
	Audience() (key, label string)
	// CustomerServices lists the customer's services or cards in this
	// area as they should appear in the «سرویس» select ("adsl …",
	// "کارت ۶۰۳۷-****-1234"); none means the person is not a customer of
	// the area.
	CustomerServices(ctx context.Context, customerID int64) ([]string, error)
}

// Service is support's API.
type Service struct {
	db   *db.DB
	ids  *identity.Service
	sms  *notify.Service
	opts Options
	now  func() time.Time
	log  *slog.Logger

	mu    sync.RWMutex
	areas []Area

	// rotation remembers, per customer, how many announcements this
	// instance has shown, so that each refresh shows the next one.
	rotMu    sync.Mutex
	rotation map[int64]uint64

	// current caches the announcements not yet ended, for a second: the
	// home page of every customer asks for them, and they change a few
	// times a week (a new one shows within a second on every instance).
	curMu      sync.Mutex
	current    []Announcement
	currentAt  time.Time
	currentTTL time.Duration
}

// New returns the service.
func New(d *db.DB, ids *identity.Service, sms *notify.Service, opts Options) *Service {
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = 2 << 20
	}
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = 3
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d, ids: ids, sms: sms, opts: opts, now: opts.Now, log: opts.Logger, rotation: map[int64]uint64{}, currentTTL: time.Second}
}

// AddArea registers an area's services and audience.
func (s *Service) AddArea(a Area) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.areas = append(s.areas, a)
}

func (s *Service) areaList() []Area {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Area(nil), s.areas...)
}

// AudienceChoice is one entry of the announcement audience select.
type AudienceChoice struct{ Key, Label string }

// Audiences lists "all customers" and every registered area.
func (s *Service) Audiences() []AudienceChoice {
	out := []AudienceChoice{{AudienceAll, labelAllCustomers}}
	for _, a := range s.areaList() {
		k, l := a.Audience()
		out = append(out, AudienceChoice{k, labelCustomersOf(l)})
	}
	return out
}

// AudienceLabel names an audience key.
func (s *Service) AudienceLabel(key string) string {
	for _, a := range s.Audiences() {
		if a.Key == key {
			return a.Label
		}
	}
	return key
}

// CustomerServices lists what a ticket of this customer may be about:
// GeneralService first, then each area's services.
func (s *Service) CustomerServices(ctx context.Context, customerID int64) ([]string, error) {
	out := []string{GeneralService}
	for _, a := range s.areaList() {
		list, err := a.CustomerServices(ctx, customerID)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// MaxFileBytes and MaxFiles are the attachment limits, for the forms.
func (s *Service) MaxFileBytes() int { return s.opts.MaxFileBytes }
func (s *Service) MaxFiles() int     { return s.opts.MaxFiles }
