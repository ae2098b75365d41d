package app

import (
	"context"
	"fmt"
	"time"

	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// demoSeed is one demo data set. Each is seeded once per database: the
// seed's name is recorded after it succeeds, and every seed also checks
// what already exists, so a seed cut short is finished at the next start
// without duplicating anything.
type demoSeed struct {
	name string
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

var demoCustomers = []demoCustomer{
	{"2345678917", "علی", "رضایی", "حسن", "1362/05/14", "09121110001", "", "دارنده کارت اعتباری", false},
	{"3456789122", "مریم", "احمدی", "محمود", "1368/11/02", "09121110002", "", "کارمند آموزش و پرورش (اعتبار رفاهی)", false},
	{"4567891236", "کمال", "نصیری", "رضا", "1359/02/20", "09121110003", "nasiri", "مشترک اینترنت", false},
	{"5678912348", "سارا", "محمدی", "احمد", "1370/07/07", "09121110004", "sara", "حساب آماده (رمز تغییر کرده، سوالات امنیتی ثبت شده)", true},
}

var demoStaff = []struct{ username, name, role string }{
	{"admin", "مدیر سامانه", identity.RoleAdmin},
	{"support", "کارشناس پشتیبانی", identity.RoleSupport},
	{"finance", "کارشناس مالی", identity.RoleFinance},
	{"welfare", "مدیر رفاهی منطقه", identity.RoleWelfareManager},
	{"sales", "نماینده فروش", identity.RoleSalesAgent},
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
					To: demoMobile, RecipientName: "کاربر نمایشی", Reason: "پیام خوش‌آمد نسخه نمایشی",
					Text: "به پیشخوان خوش آمدید. پیامک‌های نسخه نمایشی به جای ارسال در اینجا چاپ می‌شوند.",
				})
				return err
			},
			offers: []string{"demo SMS are not sent: each appears on this console as «پیامک به …»"},
		},
		{name: "customers", seed: seedDemoCustomers, offers: customerOffers},
		{name: "staff", seed: seedDemoStaff, offers: staffOffers},
	}
}

func seedDemoCustomers(ctx context.Context, sys *system) error {
	for _, c := range demoCustomers {
		var id int64
		if ids, _, err := sys.identity.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: c.nationalCode, Limit: 1}); err != nil {
			return err
		} else if len(ids) > 0 {
			continue // seeded by an earlier start that did not finish
		}
		created, err := sys.identity.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{
			NationalCode: c.nationalCode, FirstName: c.first, LastName: c.last, FatherName: c.father,
			BirthDate: c.birth, Mobile: c.mobile, Username: c.username,
		})
		if err != nil {
			return fmt.Errorf("customer %s: %w", c.nationalCode, err)
		}
		id = created.ID
		if !c.ready {
			continue
		}
		if err := sys.identity.ChangePassword(ctx, id, "", demoReadyPassword, demoReadyPassword); err != nil {
			return fmt.Errorf("customer %s: %w", c.nationalCode, err)
		}
		if err := sys.identity.SetSecurityAnswers(ctx, id, map[int]string{1: "tehran", 2: "blue", 3: "pishkhan"}); err != nil {
			return fmt.Errorf("customer %s: %w", c.nationalCode, err)
		}
	}
	return nil
}

func seedDemoStaff(ctx context.Context, sys *system) error {
	existing, err := sys.identity.ListStaff(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, m := range existing {
		have[m.Username] = true
	}
	for _, s := range demoStaff {
		if have[s.username] {
			continue
		}
		m, _, err := sys.identity.CreateStaff(ctx, identity.Actor{}, s.username, s.name, []string{s.role})
		if err != nil {
			return fmt.Errorf("staff %s: %w", s.username, err)
		}
		// A known password instead of the one-time one, so the demo can be
		// tried without reading the first start's output.
		if err := sys.identity.ChangeStaffPassword(ctx, m.ID, "", demoStaffPassword, demoStaffPassword); err != nil {
			return fmt.Errorf("staff %s: %w", s.username, err)
		}
	}
	return nil
}

// seedDemo seeds every demo data set not seeded yet and returns what the
// demo offers.
func seedDemo(ctx context.Context, sys *system) ([]string, error) {
	var offers []string
	for _, s := range demoSeeds() {
		var n int
		if err := sys.db.QueryRow(ctx, "SELECT COUNT(*) FROM demo_seeds WHERE name = $1", s.name).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			if err := s.seed(ctx, sys); err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			if _, err := sys.db.Exec(ctx, "INSERT INTO demo_seeds (name, seeded_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", s.name, time.Now()); err != nil {
				return nil, err
			}
		}
		offers = append(offers, s.offers...)
	}
	return offers, nil
}
