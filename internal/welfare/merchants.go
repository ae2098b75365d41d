package welfare

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// NewMerchant is a regional welfare manager's proposal of a store.
type NewMerchant struct {
	Name, Kind, City, Category, Address, Website string
	RegionID                                     int64
}

// MerchantProblems checks a proposal and returns the problems per field.
func (m *NewMerchant) problems() map[string]string {
	out := map[string]string{}
	clean := func(s *string, field, label string, max int, required bool) {
		*s = strings.TrimSpace(fa.NormalizeInput(*s))
		switch {
		case *s == "" && required:
			out[field] = web.MsgRequired(label)
		case utf8.RuneCountInString(*s) > max:
			out[field] = web.MsgAtMost(label, max)
		}
	}
	clean(&m.Name, "name", labelMerchantName, 100, true)
	clean(&m.City, "city", labelCity, 50, true)
	clean(&m.Category, "category", labelCategory, 50, true)
	clean(&m.Address, "address", labelAddress, 300, m.Kind == MerchantInPerson)
	clean(&m.Website, "website", labelWebsite, 200, m.Kind == MerchantOnline)
	if _, ok := MerchantKindNames[m.Kind]; !ok {
		out["kind"] = msgMerchantKind
	}
	if m.Website != "" {
		u, err := url.Parse(m.Website)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			out["website"] = msgWebsiteScheme
		}
	}
	return out
}

// FieldErrors is a form's problems, per field. It is not an *fa.Error,
// which belongs next to one field: a proposal may fail on several at
// once. fa.UserMessage maps it by its UserMessage.
type FieldErrors map[string]string

func (f FieldErrors) Error() string { return "welfare: invalid form" }

// UserMessage is the generic sentence above a form with field errors.
func (f FieldErrors) UserMessage() string { return msgFixMarkedFields }

// ProposeMerchant records a store proposed by a regional welfare manager
// («معرفی فروشگاه‌های منطقه به قسمت قراردادها»), waiting for the admin.
func (s *Service) ProposeMerchant(ctx context.Context, by *identity.StaffMember, ip string, m NewMerchant) (int64, error) {
	if p := m.problems(); len(p) > 0 {
		return 0, FieldErrors(p)
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if err := tx.QueryRow(ctx, `INSERT INTO welfare_merchants (name, kind, city, category, address, website, region_id, status, proposed_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			m.Name, m.Kind, m.City, m.Category, m.Address, m.Website, m.RegionID, MerchantProposed, by.ID, now).Scan(&id); err != nil {
			return wrap("propose merchant", err)
		}
		return s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: by.ID, IP: ip, Action: ActionMerchantPropose,
			TargetKind: "welfare_merchant", TargetID: id, Detail: m.Name + " (" + m.City + ")"})
	})
	return id, err
}

// DecideMerchant is the admin's decision on a proposed store. Approval
// returns the store's API key, shown this once (only its hash is kept).
func (s *Service) DecideMerchant(ctx context.Context, by *identity.StaffMember, ip string, id int64, approve bool) (string, error) {
	key, status := "", MerchantRejected
	var hash *string
	if approve {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		key, status = "wk_"+hex.EncodeToString(b), MerchantApproved
		h := apiKeyHash(key)
		hash = &h
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE welfare_merchants SET status = $1, key_hash = $2, approved_by = $3, updated_at = $4 WHERE id = $5 AND status = $6",
			status, hash, by.ID, s.now(), id, MerchantProposed)
		if err != nil {
			return wrap("decide merchant", err)
		}
		if res.RowsAffected != 1 {
			return ErrNotPending
		}
		return s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: by.ID, IP: ip, Action: ActionMerchantDecide,
			TargetKind: "welfare_merchant", TargetID: id, Detail: MerchantStatusNames[status]})
	})
	if err != nil {
		return "", err
	}
	return key, nil
}

func apiKeyHash(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

const merchantCols = "id, name, kind, city, category, address, website, region_id, status"

func scanMerchant(r db.Scanner) (Merchant, error) {
	var m Merchant
	err := r.Scan(&m.ID, &m.Name, &m.Kind, &m.City, &m.Category, &m.Address, &m.Website, &m.RegionID, &m.Status)
	return m, err
}

// MerchantByKey is the approved store holding an API key.
func (s *Service) MerchantByKey(ctx context.Context, key string) (*Merchant, error) {
	if key == "" {
		return nil, ErrNotFound
	}
	m, err := scanMerchant(s.db.QueryRow(ctx, "SELECT "+merchantCols+" FROM welfare_merchants WHERE key_hash = $1 AND status = $2", apiKeyHash(key), MerchantApproved))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, wrap("merchant by key", err)
	}
	return &m, nil
}

// Merchant reads one store.
func (s *Service) Merchant(ctx context.Context, id int64) (*Merchant, error) {
	m, err := scanMerchant(s.db.QueryRow(ctx, "SELECT "+merchantCols+" FROM welfare_merchants WHERE id = $1", id))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, wrap("read merchant", err)
	}
	return &m, nil
}

// MerchantFilter narrows the directory.
type MerchantFilter struct {
	Query  string // part of the name or category
	City   string
	Kind   string
	Status string // "" = approved only (the portal's directory)
}

// Merchants is the directory of contracted stores, online first (the
// guide: contracts with online stores are the policy), then by city and
// name.
func (s *Service) Merchants(ctx context.Context, f MerchantFilter) ([]Merchant, error) {
	var w db.Filter
	status := f.Status
	if status == "" {
		status = MerchantApproved
	}
	if status != "all" {
		w.Where("status = ?", status)
	}
	if c := strings.TrimSpace(fa.NormalizeInput(f.City)); c != "" {
		w.Where("city = ?", c)
	}
	if _, ok := MerchantKindNames[f.Kind]; ok {
		w.Where("kind = ?", f.Kind)
	}
	if q := strings.TrimSpace(fa.NormalizeInput(f.Query)); q != "" {
		like := db.Contains(q)
		op := db.ILike(s.db)
		w.Where("name "+op+" ? ESCAPE '\\' OR category "+op+" ? ESCAPE '\\'", like, like)
	}
	q := "SELECT " + merchantCols + " FROM welfare_merchants" + w.Clause()
	q += " ORDER BY CASE kind WHEN 'online' THEN 0 ELSE 1 END, city, name LIMIT 500"
	list, err := db.All(ctx, s.db, scanMerchant, q, w.Args()...)
	return list, wrap("list merchants", err)
}

// Cities are the cities of the contracted stores, for the filter.
func (s *Service) Cities(ctx context.Context) ([]string, error) {
	list, err := db.All(ctx, s.db, func(r db.Scanner) (string, error) {
		var c string
		return c, r.Scan(&c)
	}, "SELECT DISTINCT city FROM welfare_merchants WHERE status = $1 ORDER BY city", MerchantApproved)
	return list, wrap("cities", err)
}

// LinkMerchantStaff makes a staff member (sales agent) sell for a store.
func (s *Service) LinkMerchantStaff(ctx context.Context, staffID, merchantID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO welfare_merchant_staff (staff_id, merchant_id) VALUES ($1, $2)
			ON CONFLICT (staff_id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id`, staffID, merchantID)
		return wrap("link merchant staff", err)
	})
}

// MerchantOfStaff is the approved store a staff member sells for.
func (s *Service) MerchantOfStaff(ctx context.Context, staffID int64) (*Merchant, error) {
	m, err := scanMerchant(s.db.QueryRow(ctx, "SELECT m."+strings.ReplaceAll(merchantCols, ", ", ", m.")+
		" FROM welfare_merchant_staff ms JOIN welfare_merchants m ON m.id = ms.merchant_id WHERE ms.staff_id = $1", staffID))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotMerchantStaff
	}
	if err != nil {
		return nil, wrap("merchant of staff", err)
	}
	if m.Status != MerchantApproved {
		return nil, ErrMerchantNotActive
	}
	return &m, nil
}
