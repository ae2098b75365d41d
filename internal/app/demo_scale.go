package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pishkhan/internal/cards"
	"pishkhan/internal/config"
	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

// «pishkhan demo --scale N» (issue 11) fills the database with a provider's
// worth of data for load tests: N customers who can sign in (username
// scaleNNNNNN, password ScalePassword, questions answered), each with a
// credit account, purchases and their installments, and an internet line
// with usage sessions. The first customer is made through the services
// (so its password hash, answers and sealed internet password are real);
// the rest copy those and are written in multi-row INSERTs, a few
// thousand rows per statement batch, which is what makes 10 million rows
// take minutes rather than hours. It refuses to run twice.

// ScalePassword is every scale customer's password.
const ScalePassword = "Scale#Load-2049"

type scaleOptions struct {
	customers, purchases, sessions int
}

func demoCmd(ctx context.Context, args []string, env *environment) error {
	var o scaleOptions
	return withSystem(ctx, args, env, "demo", "Seed the demo data; with --scale N also N customers with purchases, installments and internet usage, for load tests.",
		func(fs *flag.FlagSet) {
			fs.IntVar(&o.customers, "scale", 0, "customers to add for load tests (e.g. 100000); 0 seeds only the demo")
			fs.IntVar(&o.purchases, "purchases", 10, "purchases per scale customer (each with 1 to 6 installments)")
			fs.IntVar(&o.sessions, "sessions", 100, "internet usage sessions per scale customer")
		},
		func(cfg *config.Config, sys *system) error {
			offers, err := seedDemo(ctx, sys)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "demo data seeded (%d sets)\n", len(offers))
			if o.customers <= 0 {
				return nil
			}
			start := time.Now()
			if err := seedScale(ctx, sys, o, func(msg string) { fmt.Fprintf(env.stdout, "%s  %s\n", time.Since(start).Round(time.Second), msg) }); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "scale data ready in %s: sign in as scale000001 … scale%06d with %s\n",
				time.Since(start).Round(time.Second), o.customers-1, ScalePassword)
			return nil
		})
}

func scaleNationalCode(i int) string {
	first9 := fmt.Sprintf("7%08d", i)
	for c := '0'; c <= '9'; c++ {
		if code, err := fa.ParseNationalCode(first9 + string(c)); err == nil {
			return code
		}
	}
	return ""
}

// batcher writes rows with multi-row INSERTs inside one transaction per
// flush.
type batcher struct {
	ctx   context.Context
	d     *db.DB
	table string
	cols  []string
	rows  [][]any
	size  int
	total int
}

func newBatcher(ctx context.Context, d *db.DB, table string, cols ...string) *batcher {
	return &batcher{ctx: ctx, d: d, table: table, cols: cols, size: 20000}
}

func (b *batcher) add(row ...any) error {
	b.rows = append(b.rows, row)
	if len(b.rows) >= b.size {
		return b.flush()
	}
	return nil
}

func (b *batcher) flush() error {
	if len(b.rows) == 0 {
		return nil
	}
	// Rows per statement: few enough parameters that binding stays cheap
	// (the SQLite driver looks each one up), many enough to save round
	// trips.
	per := max(1, 300/len(b.cols))
	err := b.d.InTx(b.ctx, func(tx *db.Tx) error {
		for start := 0; start < len(b.rows); start += per {
			end := min(start+per, len(b.rows))
			var sb strings.Builder
			sb.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES ")
			args := make([]any, 0, (end-start)*len(b.cols))
			for r := start; r < end; r++ {
				if r > start {
					sb.WriteString(", ")
				}
				sb.WriteString("(")
				for c := range b.cols {
					if c > 0 {
						sb.WriteString(", ")
					}
					args = append(args, b.rows[r][c])
					sb.WriteString("$" + strconv.Itoa(len(args)))
				}
				sb.WriteString(")")
			}
			if _, err := tx.Exec(b.ctx, sb.String(), args...); err != nil {
				return fmt.Errorf("insert into %s: %w", b.table, err)
			}
		}
		return nil
	})
	b.total += len(b.rows)
	b.rows = b.rows[:0]
	return err
}

func seedScale(ctx context.Context, sys *system, o scaleOptions, progress func(string)) error {
	d := sys.db
	var n int
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM login_identifiers WHERE kind = $1 AND value = $2", identity.IdentUsername, "scale000000").Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errors.New("scale data is there already (scale000000 exists); use a fresh database")
	}
	now := sys.now()

	// The template customer, through the services.
	tmpl, err := sys.identity.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: scaleNationalCode(0),
		FirstName: "مشتری", LastName: "آزمون بار ۰", Mobile: "09350000000", Username: "scale000000"})
	if err != nil {
		return fmt.Errorf("template customer: %w", err)
	}
	if err := sys.identity.ChangePassword(ctx, tmpl.ID, "", ScalePassword, ScalePassword); err != nil {
		return fmt.Errorf("template password: %w", err)
	}
	if err := sys.identity.SetSecurityAnswers(ctx, tmpl.ID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
		return fmt.Errorf("template answers: %w", err)
	}
	tsub, err := sys.isp.CreateSubscriber(ctx, isp.NewSubscriber{CustomerID: tmpl.ID, Phone: "02100000000", City: "تهران",
		Centre: "مرکز آزمون", Username: "scale000000", Password: "Modem-Scale-1"})
	if err != nil {
		return fmt.Errorf("template line: %w", err)
	}
	var hash string
	var mustChange bool
	if err := d.QueryRow(ctx, "SELECT password_hash, must_change FROM credentials WHERE subject_kind = $1 AND subject_id = $2",
		identity.KindCustomer, tmpl.ID).Scan(&hash, &mustChange); err != nil {
		return err
	}
	answers, err := db.All(ctx, d, func(r db.Scanner) ([2]any, error) {
		var q int64
		var h string
		err := r.Scan(&q, &h)
		return [2]any{q, h}, err
	}, "SELECT question_id, answer_hash FROM security_answers WHERE person_id = $1", tmpl.ID)
	if err != nil {
		return err
	}
	var sealed []byte
	var planID int64
	if err := d.QueryRow(ctx, "SELECT password_enc FROM isp_subscribers WHERE id = $1", tsub.ID).Scan(&sealed); err != nil {
		return err
	}
	if err := d.QueryRow(ctx, "SELECT MIN(id) FROM isp_plans WHERE kind = 'service'").Scan(&planID); err != nil {
		return fmt.Errorf("a service plan (the demo seeds them): %w", err)
	}

	// Customers, their sign-in rows and answers.
	cust := newBatcher(ctx, d, "customers", "national_code", "first_name", "last_name", "father_name", "birth_date", "mobile", "created_at", "updated_at")
	for i := 1; i < o.customers; i++ {
		if err := cust.add(scaleNationalCode(i), "مشتری", "آزمون بار "+fa.Digits(strconv.Itoa(i)), "پدر", "1365/01/01",
			fmt.Sprintf("0935%07d", i), now, now); err != nil {
			return err
		}
	}
	if err := cust.flush(); err != nil {
		return err
	}
	progress(fmt.Sprintf("%d customers", o.customers))
	type idCode struct {
		id   int64
		code string
	}
	people, err := db.All(ctx, d, func(r db.Scanner) (idCode, error) {
		var x idCode
		return x, r.Scan(&x.id, &x.code)
	}, "SELECT id, national_code FROM customers WHERE first_name = 'مشتری' AND national_code LIKE '7%' ORDER BY national_code")
	if err != nil {
		return err
	}
	ident := newBatcher(ctx, d, "login_identifiers", "kind", "value", "person_id", "created_at")
	cred := newBatcher(ctx, d, "credentials", "subject_kind", "subject_id", "password_hash", "must_change", "changed_at")
	ans := newBatcher(ctx, d, "security_answers", "person_id", "question_id", "answer_hash", "created_at")
	for _, p := range people {
		if p.id == tmpl.ID {
			continue
		}
		i, _ := strconv.Atoi(p.code[1:9])
		if err := ident.add(identity.IdentUsername, fmt.Sprintf("scale%06d", i), p.id, now); err != nil {
			return err
		}
		if err := ident.add(identity.IdentNationalCode, p.code, p.id, now); err != nil {
			return err
		}
		if err := cred.add(identity.KindCustomer, p.id, hash, false, now); err != nil {
			return err
		}
		for _, a := range answers {
			if err := ans.add(p.id, a[0], a[1], now); err != nil {
				return err
			}
		}
	}
	for _, b := range []*batcher{ident, cred, ans} {
		if err := b.flush(); err != nil {
			return err
		}
	}
	progress("sign-in identifiers, passwords and security answers")

	// Credit accounts, purchases, installments.
	today := fa.JalaliOf(now)
	acct := newBatcher(ctx, d, "card_accounts", "customer_id", "type_code", "number", "opened_on", "balance", "withdrawable", "floor", "created_at")
	const limit = 500_000_000
	share := func(k int) int64 { return int64(1_000_000 + (k%7)*250_000) }
	used := int64(0)
	for k := 0; k < o.purchases; k++ {
		used += share(k)
	}
	for _, p := range people {
		if err := acct.add(p.id, "credit", "S"+p.code, today.String(), -used, limit-used, -limit, now); err != nil {
			return err
		}
	}
	if err := acct.flush(); err != nil {
		return err
	}
	accounts, err := db.All(ctx, d, func(r db.Scanner) ([2]int64, error) {
		var x [2]int64
		return x, r.Scan(&x[0], &x[1])
	}, "SELECT id, customer_id FROM card_accounts WHERE number LIKE 'S7%'")
	if err != nil {
		return err
	}
	ledger := newBatcher(ctx, d, "card_ledger", "account_id", "amount", "kind", "ref_id", "created_at")
	purch := newBatcher(ctx, d, "card_purchases", "source", "idempotency_key", "customer_id", "account_id", "merchant", "policy_number",
		"total", "cash_share", "installment_share", "installments", "purchased_on", "approved", "code", "created_at")
	for _, a := range accounts {
		if err := ledger.add(a[0], -used, "opening", int64(0), now); err != nil {
			return err
		}
		for k := 0; k < o.purchases; k++ {
			on := today.AddMonths(-(k % 12))
			if err := purch.add("scale", fmt.Sprintf("%d-%d", a[1], k), a[1], a[0], "بیمه ملت", fmt.Sprintf("P-%d-%d", a[1], k),
				share(k), int64(0), share(k), k%6+1, on.String(), 1, cards.CodeApproved, now); err != nil {
				return err
			}
		}
	}
	for _, b := range []*batcher{ledger, purch} {
		if err := b.flush(); err != nil {
			return err
		}
	}
	progress(fmt.Sprintf("%d credit accounts, %d purchases", len(accounts), purch.total))
	inst := newBatcher(ctx, d, "card_installments", "purchase_id", "customer_id", "seq", "due_on", "amount")
	rows, err := d.Query(ctx, "SELECT id, customer_id, installment_share, installments, purchased_on FROM card_purchases WHERE source = 'scale'")
	if err != nil {
		return err
	}
	type pr struct {
		id, cust, share int64
		n               int
		on              string
	}
	var all []pr
	for rows.Next() {
		var x pr
		if err := rows.Scan(&x.id, &x.cust, &x.share, &x.n, &x.on); err != nil {
			rows.Close()
			return err
		}
		all = append(all, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, x := range all {
		on, err := fa.ParseDate(x.on)
		if err != nil {
			return err
		}
		for s := 1; s <= x.n; s++ {
			if err := inst.add(x.id, x.cust, s, on.AddMonths(s).String(), x.share/int64(x.n)); err != nil {
				return err
			}
		}
	}
	if err := inst.flush(); err != nil {
		return err
	}
	progress(fmt.Sprintf("%d installments", inst.total))

	// Internet lines and usage sessions over the last 90 days.
	subs := newBatcher(ctx, d, "isp_subscribers", "customer_id", "phone", "city", "centre", "username", "password_enc", "line_status",
		"plan_id", "paid", "starts_at", "ends_at", "traffic_left", "created_at")
	for _, p := range people {
		if p.id == tmpl.ID {
			continue
		}
		i, _ := strconv.Atoi(p.code[1:9])
		if err := subs.add(p.id, fmt.Sprintf("021%08d", i), "تهران", "مرکز آزمون", fmt.Sprintf("scale%06d", i), sealed, "active",
			planID, int64(2_000_000), now.AddDate(0, -1, 0), now.AddDate(0, 11, 0), int64(50<<30), now); err != nil {
			return err
		}
	}
	if err := subs.flush(); err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `UPDATE isp_subscribers SET plan_id = $1, paid = 2000000, starts_at = $2, ends_at = $3, traffic_left = $4, line_status = 'active' WHERE id = $5`,
		planID, now.AddDate(0, -1, 0), now.AddDate(0, 11, 0), int64(50<<30), tsub.ID); err != nil {
		return err
	}
	subIDs, err := db.All(ctx, d, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, "SELECT id FROM isp_subscribers WHERE username LIKE 'scale%' ORDER BY id")
	if err != nil {
		return err
	}
	progress(fmt.Sprintf("%d internet lines", len(subIDs)))
	usage := newBatcher(ctx, d, "isp_usage", "subscriber_id", "nas", "session_id", "started_at", "ended_at", "updated_at",
		"download", "upload", "deducted", "ip")
	step := 90 * 24 * time.Hour / time.Duration(max(o.sessions, 1))
	for _, id := range subIDs {
		for k := 0; k < o.sessions; k++ {
			start := now.Add(-time.Duration(k+1) * step)
			down := int64(20<<20) + int64(k%17)<<20
			if err := usage.add(id, "scale", fmt.Sprintf("%d-%d", id, k), start, start.Add(step/2), start.Add(step/2),
				down, down/5, down, fmt.Sprintf("10.%d.%d.%d", id%250, k%250, (id+int64(k))%250)); err != nil {
				return err
			}
		}
		if usage.total > 0 && usage.total%1_000_000 < o.sessions && len(usage.rows) == 0 {
			progress(fmt.Sprintf("%d usage sessions", usage.total))
		}
	}
	if err := usage.flush(); err != nil {
		return err
	}
	progress(fmt.Sprintf("%d usage sessions", usage.total))
	return nil
}
