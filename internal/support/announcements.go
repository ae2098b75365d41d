package support

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// NewAnnouncement is what staff write.
type NewAnnouncement struct {
	Title    string
	Body     string
	Audience string
	StartsAt time.Time
	EndsAt   time.Time
}

// CreateAnnouncement stores an announcement written by staff member by.
func (s *Service) CreateAnnouncement(ctx context.Context, by int64, in NewAnnouncement) (*Announcement, error) {
	a := Announcement{Title: cleanText(in.Title), Body: cleanText(in.Body), Audience: in.Audience,
		StartsAt: in.StartsAt, EndsAt: in.EndsAt, CreatedBy: by, CreatedAt: s.now()}
	switch {
	case a.Title == "":
		return nil, ErrAnnTitle
	case utf8.RuneCountInString(a.Title) > maxTitle:
		return nil, ErrTooLong.OnField("title")
	case a.Body == "":
		return nil, ErrAnnBody
	case utf8.RuneCountInString(a.Body) > maxBody:
		return nil, ErrTooLong.OnField("body")
	case !slices.ContainsFunc(s.Audiences(), func(c AudienceChoice) bool { return c.Key == a.Audience }):
		return nil, ErrAudience
	case !a.EndsAt.After(a.StartsAt):
		return nil, ErrDates
	}
	err := s.db.ExecReturning(ctx, `INSERT INTO support_announcements (title, body, audience, starts_at, ends_at, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, a.Title, a.Body, a.Audience, a.StartsAt, a.EndsAt, by, a.CreatedAt).Scan(&a.ID)
	if err != nil {
		return nil, fmt.Errorf("support: create announcement: %w", err)
	}
	s.forgetAnnouncements()
	return &a, nil
}

func scanAnnouncement(r db.Scanner) (Announcement, error) {
	var a Announcement
	return a, r.Scan(&a.ID, &a.Title, &a.Body, &a.Audience, &a.StartsAt, &a.EndsAt, &a.CreatedBy, &a.CreatedAt)
}

const announcementColumns = "id, title, body, audience, starts_at, ends_at, created_by, created_at"

// Announcements lists announcements for the back office, newest first.
func (s *Service) Announcements(ctx context.Context, offset, limit int) ([]Announcement, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM support_announcements").Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("support: count announcements: %w", err)
	}
	list, err := db.All(ctx, s.db, scanAnnouncement, "SELECT "+announcementColumns+" FROM support_announcements ORDER BY id DESC LIMIT $1 OFFSET $2", limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("support: list announcements: %w", err)
	}
	return list, total, nil
}

// EndAnnouncement ends an announcement now (it stays in the list).
func (s *Service) EndAnnouncement(ctx context.Context, id int64) error {
	now := s.now()
	res, err := s.db.Exec(ctx, "UPDATE support_announcements SET ends_at = $1 WHERE id = $2 AND ends_at > $1", now, id)
	if err != nil {
		return fmt.Errorf("support: end announcement %d: %w", id, err)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	s.forgetAnnouncements()
	return nil
}

// AnnouncementFor returns one announcement that is current at now and
// addressed to the customer (all customers, or an area they are a
// customer of), or nil when there is none. Each call for the same
// customer shows the next one in turn, so every refresh of the home page
// brings another, as the guide describes.
func (s *Service) AnnouncementFor(ctx context.Context, customerID int64, now time.Time) (*Announcement, error) {
	list, err := s.currentAnnouncements(ctx, now)
	if err != nil {
		return nil, err
	}
	areas := map[string]bool{AudienceAll: true}
	for _, a := range s.areaList() {
		key, _ := a.Audience()
		if !slices.ContainsFunc(list, func(an Announcement) bool { return an.Audience == key }) {
			continue // nobody asked: no need to ask the area
		}
		services, err := a.CustomerServices(ctx, customerID)
		if err != nil {
			return nil, err
		}
		areas[key] = len(services) > 0
	}
	list = slices.DeleteFunc(list, func(an Announcement) bool { return !areas[an.Audience] })
	if len(list) == 0 {
		return nil, nil
	}
	s.rotMu.Lock()
	if len(s.rotation) > 100_000 {
		clear(s.rotation) // a bound on memory; rotation merely restarts
	}
	n := s.rotation[customerID]
	s.rotation[customerID] = n + 1
	s.rotMu.Unlock()
	a := list[n%uint64(len(list))]
	return &a, nil
}

// currentAnnouncements are the announcements showing at now, from a
// list of those not ended that is read at most once a second (wall
// clock: the cache's age is real time, whatever clock the rules use).
func (s *Service) currentAnnouncements(ctx context.Context, now time.Time) ([]Announcement, error) {
	s.curMu.Lock()
	cached, at := s.current, s.currentAt
	s.curMu.Unlock()
	if at.IsZero() || time.Since(at) > s.currentTTL {
		list, err := db.All(ctx, s.db, scanAnnouncement, "SELECT "+announcementColumns+
			" FROM support_announcements WHERE ends_at > $1 ORDER BY id", now)
		if err != nil {
			return nil, fmt.Errorf("support: current announcements: %w", err)
		}
		s.curMu.Lock()
		s.current, s.currentAt = list, time.Now()
		s.curMu.Unlock()
		cached = list
	}
	out := make([]Announcement, 0, len(cached))
	for _, a := range cached {
		if !a.StartsAt.After(now) && a.EndsAt.After(now) {
			out = append(out, a)
		}
	}
	return out, nil
}

// forgetAnnouncements drops the cache after staff change announcements,
// so this instance shows the change at once.
func (s *Service) forgetAnnouncements() {
	s.curMu.Lock()
	s.currentAt = time.Time{}
	s.curMu.Unlock()
}

// ParseDay reads a Jalali date typed by staff ("1405/01/01", any digits)
// as the start of that day in Tehran.
func ParseDay(s string) (time.Time, error) {
	d, err := fa.ParseDate(strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, ErrDate
	}
	return d.Time(fa.Tehran), nil
}
