package app

import (
	"context"
	"fmt"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/notify"
)

// demoSeed is one demo data set. Each runs once per database: its name is
// recorded in the same transaction as its rows, so a failed seed leaves
// nothing and is tried again at the next start.
type demoSeed struct {
	name string
	seed func(ctx context.Context, tx *db.Tx, sys *system) error
	// offer says what the demo gives, printed at every start.
	offer string
}

// demoMobile receives the demo's own messages.
const demoMobile = "09120000000"

func demoSeeds() []demoSeed {
	return []demoSeed{
		{
			name: "welcome-sms",
			seed: func(ctx context.Context, tx *db.Tx, sys *system) error {
				_, err := sys.sms.Queue(ctx, tx, notify.Message{
					To: demoMobile, RecipientName: "کاربر نمایشی", Reason: "پیام خوش‌آمد نسخه نمایشی",
					Text: "به پیشخوان خوش آمدید. پیامک‌های نسخه نمایشی به جای ارسال در اینجا چاپ می‌شوند.",
				})
				return err
			},
			offer: "demo SMS are not sent: each appears on this console as «پیامک به …»",
		},
	}
}

// seedDemo seeds every demo data set not seeded yet and returns what the
// demo offers.
func seedDemo(ctx context.Context, sys *system) ([]string, error) {
	var offers []string
	for _, s := range demoSeeds() {
		err := sys.db.InTx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, "INSERT INTO demo_seeds (name, seeded_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", s.name, time.Now())
			if err != nil || res.RowsAffected == 0 {
				return err
			}
			return s.seed(ctx, tx, sys)
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		offers = append(offers, s.offer)
	}
	return offers, nil
}
