package app

import (
	"context"
	"fmt"
	"time"

	"pishkhan/internal/cards"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
	"pishkhan/internal/notify"
	"pishkhan/internal/otp"
	"pishkhan/internal/support"
	"pishkhan/internal/welfare"
)

// demoSeed is one demo data set. Each is seeded once per database: the
// seed's name is recorded after it succeeds, and every seed also checks
// what already exists, so a seed cut short is finished at the next start
// without duplicating anything.
type demoSeed struct {
	name string
	// area is the area whose data it is ("" for the shared ones): a
	// deployment without the area leaves the seed out (and seeds it at
	// the first start with the area).
	area string
	seed func(ctx context.Context, sys *system) error
	// offers say what the demo gives, printed at every start.
	offers []string
}

// demoMobile receives the demo's own messages.
const demoMobile = "09120000000"

// Demo accounts. The national codes are valid (checksum) but made up.
const (
	demoReadyPassword = "Kamel#Tulip-2049"
	demoStaffPassword = "Pishkhan-Staff@1405"
)

type demoCustomer struct {
	nationalCode, first, last, father, birth, mobile, username, area string
	ready                                                            bool
}

func demoSeeds() []demoSeed {
	var customerOffers []string
	for _, c := range demoCustomers {
		pw := c.nationalCode + " (the national code: the first sign-in forces a change)"
		if c.ready {
			pw = demoReadyPassword
		}
		customerOffers = append(customerOffers, fmt.Sprintf("customer %s %s, %s: sign in with %s / %s", c.first, c.last, c.area, c.nationalCode, pw))
	}
	var staffOffers []string
	for _, s := range demoStaff {
		staffOffers = append(staffOffers, fmt.Sprintf("staff %s (%s): %s / %s", s.name, s.role, s.username, demoStaffPassword))
	}
	return []demoSeed{
		{
			name: "welcome-sms",
			seed: func(ctx context.Context, sys *system) error {
				_, err := sys.sms.Send(ctx, notify.Message{
					To: demoMobile, RecipientName: demoWelcomeRecipient, Reason: demoWelcomeReason,
					Text: demoWelcomeText,
				})
				return err
			},
			offers: []string{offerDemoSMS},
		},
		{name: "customers", seed: seedDemoCustomers, offers: customerOffers},
		{name: "cards", area: cards.Key, seed: seedDemoCards, offers: []string{fmt.Sprintf("card holder %s: the guide's four accounts and ten purchases (its amounts; dates moved to the last months, so they differ from the guide's 1392–1393, with nothing overdue); card %s (serial %s), PIN %s, second identifier %s, CVV2 %s, expiry %02d/%02d (year %d, month %d), static second password %s", demoCardHolder, demoCardNumber, demoCardSerial, demoCardPIN, demoCardSecondID, demoCardCVV2, demoCardExpYear%100, demoCardExpMonth, demoCardExpYear, demoCardExpMonth, demoCardSecondPassword)}},
		{name: "isp", area: isp.Key, seed: seedDemoISP, offers: demoISPOffers()},
		{name: "staff", seed: seedDemoStaff, offers: staffOffers},
		{name: "dynamic-password", area: otp.Key, seed: seedDemoDynamicPassword, offers: []string{fmt.Sprintf(offerDynamicPassword, demoCardHolder, demoCardHolderMobile, "1,000,000", demoCardNumber)}},
		demoIdPSeed(),
		{name: "welfare", area: welfare.Key, seed: seedDemoWelfare, offers: demoWelfareOffers()},
		{name: "support", seed: seedDemoSupport, offers: []string{offerSupport}},
		{name: "sandbox-bank", seed: func(context.Context, *system) error { return nil },
			offers: []string{"sandbox bank test card: any Luhn-valid number (e.g. 6037997599999993), CVV2 123, expiry 12/08, second password 1234 (0000: no funds; dynamic 123456)"}},
	}
}

func seedDemoCustomers(ctx context.Context, sys *system) error {
	for _, c := range demoCustomers {
		// Find or create: a start cut short may have left any step done.
		var id int64
		found, _, err := sys.identity.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: c.nationalCode, Limit: 1})
		if err != nil {
			return err
		}
		if len(found) > 0 {
			id = found[0].ID
		} else {
			created, err := sys.identity.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{
				NationalCode: c.nationalCode, FirstName: c.first, LastName: c.last, FatherName: c.father,
				BirthDate: c.birth, Mobile: c.mobile, Username: c.username,
			})
			if err != nil {
				return fmt.Errorf("customer %s: %w", c.nationalCode, err)
			}
			id = created.ID
		}
		if !c.ready {
			continue
		}
		state, err := sys.identity.CustomerPasswordState(ctx, id)
		if err != nil {
			return err
		}
		if state.MustChange {
			if err := sys.identity.ChangePassword(ctx, id, "", demoReadyPassword, demoReadyPassword); err != nil {
				return fmt.Errorf("customer %s: %w", c.nationalCode, err)
			}
		}
		answered, err := sys.identity.AnsweredQuestions(ctx, id)
		if err != nil {
			return err
		}
		if len(answered) < 3 {
			if err := sys.identity.SetSecurityAnswers(ctx, id, map[int]string{1: "tehran", 2: "blue", 3: "pishkhan"}); err != nil {
				return fmt.Errorf("customer %s: %w", c.nationalCode, err)
			}
		}
	}
	return nil
}

func seedDemoStaff(ctx context.Context, sys *system) error {
	existing, err := sys.identity.ListStaff(ctx)
	if err != nil {
		return err
	}
	have := map[string]*identity.StaffMember{}
	for _, m := range existing {
		have[m.Username] = m
	}
	for _, s := range demoStaff {
		if s.area != "" && !sys.enabled(s.area) {
			continue
		}
		m := have[s.username]
		if m == nil {
			if m, _, err = sys.identity.CreateStaff(ctx, identity.Actor{}, s.username, s.name, []string{s.role}); err != nil {
				return fmt.Errorf("staff %s: %w", s.username, err)
			}
			m.MustChange = true
		}
		// A known password instead of the one-time one, so the demo can be
		// tried without reading the first start's output.
		if m.MustChange {
			if err := sys.identity.ChangeStaffPassword(ctx, m.ID, "", demoStaffPassword, demoStaffPassword); err != nil {
				return fmt.Errorf("staff %s: %w", s.username, err)
			}
		}
	}
	return nil
}

// seedDemo seeds every demo data set not seeded yet and returns what the
// demo offers.
func seedDemo(ctx context.Context, sys *system) (offers []string, err error) {
	err = withDemoSeedLock(ctx, sys, func() error {
		offers, err = seedDemoLocked(ctx, sys)
		return err
	})
	return offers, err
}

func seedDemoLocked(ctx context.Context, sys *system) ([]string, error) {
	var offers []string
	for _, s := range demoSeeds() {
		if s.area != "" && !sys.enabled(s.area) {
			continue
		}
		var n int
		if err := sys.db.QueryRow(ctx, "SELECT COUNT(*) FROM demo_seeds WHERE name = $1", s.name).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			if err := s.seed(ctx, sys); err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			if _, err := sys.db.Exec(ctx, "INSERT INTO demo_seeds (name, seeded_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", s.name, sys.now()); err != nil {
				return nil, err
			}
		}
		offers = append(offers, s.offers...)
	}
	return offers, nil
}

func seedDemoSupport(ctx context.Context, sys *system) error {
	staff, err := sys.identity.ListStaff(ctx)
	if err != nil {
		return err
	}
	var admin, supportID int64
	for _, m := range staff {
		switch m.Username {
		case "admin":
			admin = m.ID
		case "support":
			supportID = m.ID
		}
	}
	if dept, err := sys.support.DepartmentByCode(ctx, "technical"); err == nil && supportID != 0 {
		if err := sys.support.AddMember(ctx, dept.ID, supportID); err != nil {
			return err
		}
	}
	if _, total, err := sys.support.Announcements(ctx, 0, 1); err == nil && total > 0 {
		return nil // seeded by an earlier start that did not finish
	}
	now := sys.now()
	for _, a := range demoAnnouncements() {
		a.StartsAt, a.EndsAt = now.Add(-time.Hour), now.AddDate(1, 0, 0)
		if _, err := sys.support.CreateAnnouncement(ctx, admin, a); err != nil {
			return err
		}
	}
	sv, err := sys.support.CreateSurvey(ctx, admin, demoSurveyTitle)
	if err != nil {
		return err
	}
	if err := sys.support.AddQuestion(ctx, sv.ID, support.QuestionChoice, demoSurveyChoiceQuestion, demoSurveyChoices); err != nil {
		return err
	}
	if err := sys.support.AddQuestion(ctx, sv.ID, support.QuestionText, demoSurveyTextQuestion, ""); err != nil {
		return err
	}
	return sys.support.SetSurveyStatus(ctx, sv.ID, support.SurveyOpen)
}
