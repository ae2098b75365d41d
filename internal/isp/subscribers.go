package isp

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

const subscriberColumns = `s.id, s.customer_id, s.phone, s.city, s.centre, s.username, s.line_status,
	s.plan_id, s.paid, s.starts_at, s.ends_at, s.traffic_left,
	s.reserved_plan_id, s.reserved_paid, s.reserved_traffic, s.timed_left, s.timed_until,
	s.free_at, s.free_until, s.static_ip, s.ip_starts_at, s.ip_ends_at, s.ip_monthly, s.route_ip,
	s.docs_deadline, s.created_at`

func t0(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return *p
}

// tp is a time for a nullable column: NULL for the zero time.
func tp(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// scanSubscriber reads a row; plans are loaded by the caller.
func scanSubscriber(r db.Scanner) (*Subscriber, *int64, *int64, error) {
	var sub Subscriber
	var planID, reservedID *int64
	var starts, ends, timedUntil, freeAt, freeUntil, ipStarts, ipEnds, docs *time.Time
	err := r.Scan(&sub.ID, &sub.CustomerID, &sub.Phone, &sub.City, &sub.Centre, &sub.Username, &sub.LineStatus,
		&planID, &sub.Paid, &starts, &ends, &sub.TrafficLeft,
		&reservedID, &sub.ReservedPaid, &sub.ReservedTraffic, &sub.TimedLeft, &timedUntil,
		&freeAt, &freeUntil, &sub.StaticIP, &ipStarts, &ipEnds, &sub.IPMonthly, &sub.RouteIP,
		&docs, &sub.CreatedAt)
	if err != nil {
		return nil, nil, nil, err
	}
	sub.StartsAt, sub.EndsAt, sub.TimedUntil = t0(starts), t0(ends), t0(timedUntil)
	sub.FreeAt, sub.FreeUntil, sub.IPStartsAt, sub.IPEndsAt, sub.DocsDeadline = t0(freeAt), t0(freeUntil), t0(ipStarts), t0(ipEnds), t0(docs)
	return &sub, planID, reservedID, nil
}

// loadSubscriber reads one subscriber by a condition on s, with plans.
func loadSubscriber(ctx context.Context, q db.Querier, cond string, arg any, lock bool) (*Subscriber, error) {
	query := "SELECT " + subscriberColumns + " FROM isp_subscribers s WHERE " + cond
	if lock {
		query += db.ForUpdate(q)
	}
	sub, planID, reservedID, err := scanSubscriber(q.QueryRow(ctx, query, arg))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotSubscriber
	}
	if err != nil {
		return nil, fmt.Errorf("isp: load subscriber: %w", err)
	}
	if planID != nil {
		if sub.Plan, err = planByID(ctx, q, *planID); err != nil {
			return nil, err
		}
	}
	if reservedID != nil {
		if sub.Reserved, err = planByID(ctx, q, *reservedID); err != nil {
			return nil, err
		}
	}
	return sub, nil
}

// NewSubscriber registers a line for a customer (staff, import, demo).
type NewSubscriber struct {
	CustomerID int64
	Phone      string
	City       string
	Centre     string
	Username   string
	Password   string
	Note       string // the first line status's note
}

var (
	usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)
	phonePattern    = regexp.MustCompile(`^[0-9]{4,11}$`)
)

func checkPassword(p string) error {
	if len(p) < 6 || len(p) > 32 {
		return ErrPasswordFormat
	}
	for _, c := range p {
		if c < 0x21 || c > 0x7e {
			return ErrPasswordFormat
		}
	}
	return nil
}

// CreateSubscriber registers a line in operation («بهره برداری»).
func (s *Service) CreateSubscriber(ctx context.Context, n NewSubscriber) (*Subscriber, error) {
	var out *Subscriber
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		out, err = s.createSubscriber(ctx, tx, n)
		return err
	})
	return out, err
}

func (s *Service) createSubscriber(ctx context.Context, tx *db.Tx, n NewSubscriber) (*Subscriber, error) {
	n.Username = strings.ToLower(strings.TrimSpace(fa.LatinDigits(n.Username)))
	n.Phone = strings.TrimSpace(fa.LatinDigits(n.Phone))
	if !usernamePattern.MatchString(n.Username) {
		return nil, ErrUsername
	}
	if !phonePattern.MatchString(n.Phone) {
		return nil, ErrPhone
	}
	if err := checkPassword(n.Password); err != nil {
		return nil, err
	}
	now := s.now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO isp_subscribers (customer_id, phone, city, centre, username, password_enc, line_status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
		n.CustomerID, n.Phone, strings.TrimSpace(n.City), strings.TrimSpace(n.Centre), n.Username, s.encrypt(n.Password), LineOperating, now).Scan(&id)
	if errors.Is(err, db.ErrNoRows) {
		var taken int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM isp_subscribers WHERE customer_id = $1", n.CustomerID).Scan(&taken); err != nil {
			return nil, err
		}
		if taken > 0 {
			return nil, ErrAlreadySubscriber
		}
		return nil, ErrUsernameTaken
	}
	if err != nil {
		return nil, fmt.Errorf("isp: insert subscriber: %w", err)
	}
	if err := addLineStatus(ctx, tx, id, LineOperating, n.Note, now); err != nil {
		return nil, err
	}
	if err := s.signInByPhone(ctx, tx, n.CustomerID, n.Phone); err != nil {
		return nil, err
	}
	return loadSubscriber(ctx, tx, "s.id = $1", id, false)
}

// signInByPhone registers the line's number as its subscriber's sign-in
// identifier, in the transaction that registers or changes the line.
func (s *Service) signInByPhone(ctx context.Context, tx *db.Tx, customerID int64, phone string) error {
	if s.opts.Identity == nil {
		return nil
	}
	err := s.opts.Identity.SetLineNumber(ctx, tx, customerID, phone)
	switch {
	case errors.Is(err, identity.ErrIdentifierTaken):
		return ErrPhoneTaken
	case errors.Is(err, identity.ErrLineNumber):
		return ErrPhone // all zeros
	}
	return err
}

func addLineStatus(ctx context.Context, tx *db.Tx, subID int64, status, note string, at time.Time) error {
	if _, err := tx.Exec(ctx, "INSERT INTO isp_line_statuses (subscriber_id, status, note, at) VALUES ($1, $2, $3, $4)",
		subID, status, fa.Clip(note, 500), at); err != nil {
		return fmt.Errorf("isp: add line status: %w", err)
	}
	return nil
}

// setLineStatus changes the line's status if it differs, with its
// history row.
func setLineStatus(ctx context.Context, tx *db.Tx, sub *Subscriber, status, note string, at time.Time) error {
	if sub.LineStatus == status {
		return nil
	}
	res, err := tx.Exec(ctx, "UPDATE isp_subscribers SET line_status = $1 WHERE id = $2 AND line_status = $3", status, sub.ID, sub.LineStatus)
	if err != nil {
		return fmt.Errorf("isp: set line status: %w", err)
	}
	if res.RowsAffected == 0 {
		return nil // another writer changed it first; its row tells the story
	}
	sub.LineStatus = status
	return addLineStatus(ctx, tx, sub.ID, status, note, at)
}

// errLineStatus: a status not in the list.
var errLineStatus = fa.Refusal("isp", "line_status", msgLineStatus)

// SetLineStatus is the staff's change of a line's status.
func (s *Service) SetLineStatus(ctx context.Context, subscriberID int64, status, note string, audit func(tx *db.Tx) error) error {
	if _, ok := LineStatusNames[status]; !ok {
		return errLineStatus
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		sub, err := loadSubscriber(ctx, tx, "s.id = $1", subscriberID, true)
		if err != nil {
			return err
		}
		if err := setLineStatus(ctx, tx, sub, status, note, s.now()); err != nil {
			return err
		}
		tx.AfterCommit(func() { s.kickNAS(sub.ID) }) // a NAS may hold a session the new status forbids
		if audit != nil {
			return audit(tx)
		}
		return nil
	})
}

// Current is the customer's line with its state brought up to now: a
// reserved service whose turn has come is started.
//
// Every page of the panel calls it, and a promotion is due at most once
// per service, so the line is read first without a transaction: a write
// transaction per page view (SQLite's single writer) used to queue every
// panel page behind every other.
func (s *Service) Current(ctx context.Context, customerID int64) (*Subscriber, error) {
	sub, err := loadSubscriber(ctx, s.db, "s.customer_id = $1", customerID, false)
	if err != nil || !promotionDue(sub, s.now()) {
		return sub, err
	}
	var out *Subscriber
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		sub, err := loadSubscriber(ctx, tx, "s.customer_id = $1", customerID, true)
		if err != nil {
			return err
		}
		if err := s.promote(ctx, tx, sub, s.now()); err != nil {
			return err
		}
		out = sub
		return nil
	})
	return out, err
}

// Subscriber reads a line by its id (staff).
func (s *Service) Subscriber(ctx context.Context, id int64) (*Subscriber, error) {
	return loadSubscriber(ctx, s.db, "s.id = $1", id, false)
}

// SubscriberOf reads a customer's line without changing it.
func (s *Service) SubscriberOf(ctx context.Context, customerID int64) (*Subscriber, error) {
	return loadSubscriber(ctx, s.db, "s.customer_id = $1", customerID, false)
}

// promotionDue says whether the line has a reserved service whose turn
// has come: none is active, or the active one has ended.
func promotionDue(sub *Subscriber, now time.Time) bool {
	return sub.Reserved != nil && (sub.Plan == nil || !sub.EndsAt.After(now))
}

// promote starts the reserved service when the active one has ended.
func (s *Service) promote(ctx context.Context, tx *db.Tx, sub *Subscriber, now time.Time) error {
	if !promotionDue(sub, now) {
		return nil
	}
	start := now
	ends := start.AddDate(0, 0, sub.Reserved.Days)
	res, err := tx.Exec(ctx, `UPDATE isp_subscribers SET plan_id = reserved_plan_id, paid = reserved_paid, starts_at = $1, ends_at = $2,
		traffic_left = reserved_traffic, reserved_plan_id = NULL, reserved_paid = 0, reserved_traffic = 0, free_at = NULL, free_until = NULL
		WHERE id = $3 AND reserved_plan_id = $4`, start, ends, sub.ID, sub.Reserved.ID)
	if err != nil {
		return fmt.Errorf("isp: start reserved service: %w", err)
	}
	if res.RowsAffected == 0 {
		return nil
	}
	if p := sub.Reserved; p.Postpaid && p.TrafficMB > 0 {
		if _, err := recordCampaignCharge(ctx, tx, sub.ID, p, now); err != nil {
			return err
		}
	}
	sub.Plan, sub.Paid, sub.StartsAt, sub.EndsAt, sub.TrafficLeft = sub.Reserved, sub.ReservedPaid, start, ends, sub.ReservedTraffic
	sub.Reserved, sub.ReservedPaid, sub.ReservedTraffic, sub.FreeAt, sub.FreeUntil = nil, 0, 0, time.Time{}, time.Time{}
	return setLineStatus(ctx, tx, sub, LineOperating, noteReservedStarts, now)
}

// InternetPassword reveals the internet password («نمایش کلمه عبور»).
func (s *Service) InternetPassword(ctx context.Context, subscriberID int64) (string, error) {
	var sealed []byte
	if err := s.db.QueryRow(ctx, "SELECT password_enc FROM isp_subscribers WHERE id = $1", subscriberID).Scan(&sealed); err != nil {
		if errors.Is(err, db.ErrNoRows) {
			return "", ErrNotSubscriber
		}
		return "", err
	}
	return s.decrypt(sealed)
}

// ChangeInternetPassword is «تغییر کلمه عبور اینترنت»: old, new, repeat.
func (s *Service) ChangeInternetPassword(ctx context.Context, subscriberID int64, old, nw, repeat string) error {
	if err := checkPassword(nw); err != nil {
		return err
	}
	if nw != repeat {
		return ErrPasswordRepeat
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var sealed []byte
		q := "SELECT password_enc FROM isp_subscribers WHERE id = $1" + db.ForUpdate(tx)
		if err := tx.QueryRow(ctx, q, subscriberID).Scan(&sealed); err != nil {
			return err
		}
		cur, err := s.decrypt(sealed)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(cur), []byte(old)) != 1 {
			return ErrWrongOldPassword
		}
		if nw == cur {
			return ErrPasswordSame
		}
		_, err = tx.Exec(ctx, "UPDATE isp_subscribers SET password_enc = $1 WHERE id = $2", s.encrypt(nw), subscriberID)
		return err
	})
}

// SetInternetPassword sets a password without the old one (staff).
func (s *Service) SetInternetPassword(ctx context.Context, subscriberID int64, nw string) error {
	if err := checkPassword(nw); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, "UPDATE isp_subscribers SET password_enc = $1 WHERE id = $2", s.encrypt(nw), subscriberID)
	return err
}

// DaysLeft counts the Tehran calendar days from today to the service's
// last day (the guide: a service ending 1394/12/21 has 26 days left on
// 1394/11/25); 0 once it has ended.
func DaysLeft(ends, now time.Time) int {
	if ends.IsZero() || !ends.After(now) {
		return 0
	}
	return max(0, daysBetween(fa.JalaliOf(now), fa.JalaliOf(ends)))
}

// Expired says whether the line has no running service now.
func (sub *Subscriber) Expired(now time.Time) bool {
	return sub.Plan == nil || !sub.EndsAt.After(now)
}

// Unlimited says the active service has no traffic limit.
func (sub *Subscriber) Unlimited() bool { return sub.Plan != nil && sub.Plan.TrafficMB == 0 }

// TimedActive is the timed traffic usable now.
func (sub *Subscriber) TimedActive(now time.Time) int64 {
	if sub.TimedUntil.After(now) {
		return sub.TimedLeft
	}
	return 0
}

// OutOfTraffic says a limited service has no traffic left, timed
// traffic included.
func (sub *Subscriber) OutOfTraffic(now time.Time) bool {
	return !sub.Unlimited() && sub.TrafficLeft+sub.TimedActive(now) <= 0
}

// Suspended: the staff suspended the line, or the documents' grace week
// ran out.
func (sub *Subscriber) Suspended(now time.Time) bool {
	return sub.LineStatus == LineSuspended || (!sub.DocsDeadline.IsZero() && !sub.DocsDeadline.After(now))
}

// SubscriberRow is one line in the staff's list.
type SubscriberRow struct {
	ID         int64
	CustomerID int64
	Name       string
	Phone      string
	Username   string
	LineStatus string
	EndsAt     time.Time
}

// SearchSubscribers finds lines by username, phone or the customer's
// name or national code (staff), newest first.
func (s *Service) SearchSubscribers(ctx context.Context, q string, limit int) ([]SubscriberRow, error) {
	q = strings.TrimSpace(fa.LatinDigits(fa.Clip(q, 50)))
	like := "%" + strings.NewReplacer("%", "", "_", "").Replace(q) + "%"
	// The customer's name and national code are identity's: the search
	// asks for them with identity's condition in the same query (a common
	// name may match any number of customers), the names are asked after.
	query := fmt.Sprintf(`SELECT s.id, s.customer_id, s.phone, s.username, s.line_status, s.ends_at
		FROM isp_subscribers s
		WHERE $1 = '' OR s.username LIKE $2 OR s.phone LIKE $2 OR %s
		ORDER BY s.id DESC LIMIT %d`, identity.CustomerMatchSQL("s.customer_id", "$1", "$2"), limit)
	list, err := db.All(ctx, s.db, func(r db.Scanner) (SubscriberRow, error) {
		var x SubscriberRow
		var ends *time.Time
		err := r.Scan(&x.ID, &x.CustomerID, &x.Phone, &x.Username, &x.LineStatus, &ends)
		x.EndsAt = t0(ends)
		return x, err
	}, query, q, like)
	if err != nil || len(list) == 0 {
		return list, err
	}
	ids := make([]int64, len(list))
	for i, x := range list {
		ids[i] = x.CustomerID
	}
	names, err := identity.NamesOf(ctx, s.db, ids, nil)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Name = names.Customer(list[i].CustomerID).Name
	}
	return list, nil
}

// LineDetails are what staff may correct on a line.
type LineDetails struct {
	Phone, City, Centre, RouteIP string
	Password                     string // empty: unchanged
}

// errRouteIP: the routed network is not an IPv4 prefix.
var errRouteIP = fa.Refusal("isp", "route_ip", msgRouteIP)

// UpdateLine changes a line's details (staff), audited in the same
// transaction.
func (s *Service) UpdateLine(ctx context.Context, subscriberID int64, d LineDetails, audit func(tx *db.Tx) error) error {
	d.Phone = strings.TrimSpace(fa.LatinDigits(d.Phone))
	if !phonePattern.MatchString(d.Phone) {
		return ErrPhone
	}
	d.RouteIP = strings.TrimSpace(fa.LatinDigits(d.RouteIP))
	if d.RouteIP != "" {
		if p, err := netip.ParsePrefix(d.RouteIP); err != nil || !p.Addr().Is4() {
			return errRouteIP
		}
	}
	if d.Password != "" {
		if err := checkPassword(d.Password); err != nil {
			return err
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		sub, err := loadSubscriber(ctx, tx, "s.id = $1", subscriberID, true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE isp_subscribers SET phone = $1, city = $2, centre = $3, route_ip = $4 WHERE id = $5",
			d.Phone, fa.Clip(d.City, 100), fa.Clip(d.Centre, 100), d.RouteIP, subscriberID); err != nil {
			return err
		}
		if d.Phone != sub.Phone {
			if err := s.signInByPhone(ctx, tx, sub.CustomerID, d.Phone); err != nil {
				return err
			}
		}
		if d.Password != "" {
			if _, err := tx.Exec(ctx, "UPDATE isp_subscribers SET password_enc = $1 WHERE id = $2", s.encrypt(d.Password), subscriberID); err != nil {
				return err
			}
		}
		if audit != nil {
			return audit(tx)
		}
		return nil
	})
}
