package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"pishkhan/internal/cards"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// The demo card holder is علی رضایی (created by the customers seed). He
// gets the guide's tables (seed 000): four accounts, one card on the
// credit account (the guide's serial, known secrets), and the ten
// purchases of the first purchase table, dated relative to the clock.
const (
	demoCardHolder = "2345678917"
	// The card's values (cards.IssueCardWith). The number is under the
	// default BIN 620062 and already Luhn-valid; the second identifier is
	// the guide's sixteen zeros, so the customer code is 00000000.
	demoCardNumber         = "6200620000000000"
	demoCardSerial         = "8888426010086268"
	demoCardPIN            = "1234"
	demoCardSecondID       = "0000000000000000"
	demoCardCVV2           = "123"
	demoCardSecondPassword = "4321"
	demoCardExpYear        = 1410
	demoCardExpMonth       = 12
)

// demoAccount is one row of the guide's «وضعیت حساب اعتباری».
type demoAccount struct {
	typeCode, number, openedOn      string
	balance, withdrawable, floorAmt int64
}

var demoAccounts = []demoAccount{
	{"credit", "100", "1390/09/26", 16_673_166, 14_926_834, -30_766_000},
	{"facilities", "1000017", "1390/09/26", 16_673_166, 16_673_166, 16_673_166},
	{"savings", "1000017", "1391/01/22", 380, 380, 380},
	{"customs", "1000937", "1392/04/26", 5_634_000, 5_634_000, 5_634_000},
}

// demoPurchase is one row of the guide's first «مشاهده لیست خرید» table.
type demoPurchase struct {
	row                 int
	guideOn, policy     string // guideOn: the guide's date, which only orders the rows (see demoDate)
	cash, share         int64
	installments        int
	guidePaid, guideDue int64 // «کل مبلغ پرداختی», «کل مبلغ قابل پرداخت» as printed
}

// demoPurchases, with the rule that turns them into purchases:
//
//   - The cash share, the installment share and the number of
//     installments are the guide's; the total is cash + share. Three rows
//     of the guide do not add up (row 3: 378,750 + 1,512,000 is shown as
//     1,892,750; row 7: 816,435 + 3,665,743 as 4,582,178; row 8:
//     1,160,000 + 4,460,000 as 5,560,000): their totals are 1,890,750,
//     4,482,178 and 5,620,000 here.
//   - The share is split by cards.SplitInstallments. Paid are the first
//     k installments, k being the whole number of installments nearest to
//     the guide's «کل مبلغ پرداختی» (round(paid / (share / n)), at most
//     n). Rows 1, 2, 4, 5 and 10 are whole installments in the guide and
//     show its figures exactly; rows 3, 6, 7, 8 and 9 show k whole
//     installments (paid 252,000 / 293,334 / 2,443,829 / 3,345,000 /
//     10,435,886 and payable the rest of the share) instead of the guide's
//     290,000 / 280,000 / 2,440,000 / 3,300,000 / 10,191,000.
//   - The dates are NOT the guide's (1392–1393): the penalties job would
//     charge twelve years of penalties on every unpaid installment, where
//     the guide shows penalty 0 and no violations. Each purchase is dated
//     from the Jalali day of seeding T so that its first k installments
//     fell due on or before T (they are paid, on the day of seeding) and
//     installment k+1 falls due after T (nothing is overdue): the day is
//     in (T − (k+1) months, T − k months], about T − (k+1) months + 14
//     days, so the next installment falls due some two weeks after T (see
//     demoDate).
//   - The guide's order (newer guide date → newer demo date) is kept
//     among the purchases with the same k. Across different k it cannot
//     be: a purchase with more installments paid is necessarily older
//     (row 3, one paid, is newer than rows 6 and 7, four paid; row 10,
//     two paid, newer than rows 6 to 9).
//   - Penalties and violations are the service's own: none on the day of
//     seeding; later days accrue them as for any customer.
//   - The credit account opens with the guide's balance and withdrawable
//     amount plus what the purchases leave unpaid, so that after them it
//     shows exactly the guide's 16,673,166 / 14,926,834 / -30,766,000.
var demoPurchases = []demoPurchase{
	{1, "1393/06/15", "0", 0, 1_014_000, 1, 0, 1_014_000},
	{2, "1393/06/01", "", 680_000, 2_720_000, 4, 680_000, 2_040_000},
	{3, "1393/02/23", "", 378_750, 1_512_000, 6, 290_000, 1_402_000},
	{4, "1393/05/02", "", 0, 214_514, 1, 214_514, 0},
	{5, "1393/05/02", "", 0, 1_000_000, 1, 1_000_000, 0},
	{6, "1393/03/02", "", 110_000, 440_000, 6, 280_000, 160_000},
	{7, "1393/03/02", "", 816_435, 3_665_743, 6, 2_440_000, 1_275_743},
	{8, "1392/12/19", "", 1_160_000, 4_460_000, 8, 3_300_000, 1_100_000},
	{9, "1392/12/18", "", 2_670_000, 12_175_200, 7, 10_191_000, 1_741_200},
	{10, "1392/12/17", "", 340_000, 1_360_000, 2, 1_360_000, 0},
}

// paidCount is k of the rule above.
func (p demoPurchase) paidCount() int {
	each := p.share / int64(p.installments)
	return min(int((p.guidePaid+each/2)/each), p.installments)
}

// unpaid is what the purchase leaves drawn on the credit account.
func (p demoPurchase) unpaid() int64 {
	var sum int64
	for _, a := range cards.SplitInstallments(p.share, p.installments)[p.paidCount():] {
		sum += a
	}
	return sum
}

// addDays moves a Jalali day by n calendar days.
func addDays(d fa.Date, n int) fa.Date {
	return fa.JalaliOf(d.Time(fa.Tehran).AddDate(0, 0, n).Add(12 * time.Hour))
}

// demoDate is the purchase's day for seeding on today (the rule above):
// today − (k+1) months + 14 days (the first day from there whose
// installment k+1 falls due after today, should month lengths clamp),
// plus r days, r being the rank of the row's guide date among the
// distinct guide dates of the rows with the same k (0 for the oldest).
// So installment k fell due some two weeks ago and installment k+1 falls
// due in about two weeks (penalties begin 5 grace days later). It fails
// if installment k would fall due after today (it cannot: r is at most
// 3, and a month has at least 29 days).
func (p demoPurchase) demoDate(today fa.Date) (fa.Date, error) {
	k := p.paidCount()
	s := addDays(today.AddMonths(-(k + 1)), 14)
	for s.AddMonths(k+1).String() <= today.String() {
		s = addDays(s, 1)
	}
	older := map[string]bool{}
	for _, q := range demoPurchases {
		if q.paidCount() == k && q.guideOn < p.guideOn {
			older[q.guideOn] = true
		}
	}
	on := addDays(s, len(older))
	if k > 0 && on.AddMonths(k).String() > today.String() {
		return fa.Date{}, fmt.Errorf("row %d: no day for %d paid installments on %s", p.row, k, today)
	}
	return on, nil
}

// lastPaidDue is the due day of the k-th installment ("" when k is 0).
func (p demoPurchase) lastPaidDue(on fa.Date) string {
	k := p.paidCount()
	if k == 0 {
		return ""
	}
	return cards.DueDates(on, p.installments)[k-1].String()
}

func (p demoPurchase) key() string { return fmt.Sprintf("demo-guide-%d", p.row) }

// demoPurchaseOrder is the order the purchases are registered in, with
// their days for seeding on today. The service takes payments only as the
// customer's oldest unpaid installments, so each purchase is registered
// and its k installments paid before the next: latest last-paid due day
// first, so that when a purchase is paid, every unpaid installment
// already there is due later (with the dates of the rule every unpaid
// installment is due after today and every paid one on or before it, so
// this holds anyway; the order keeps the seed safe from a change of the
// rule). Equal days go in reverse guide order, so the newest-first page
// lists same-day rows in the guide's order.
func demoPurchaseOrder(today fa.Date) ([]demoPurchase, map[int]fa.Date, error) {
	list := slices.Clone(demoPurchases)
	days := map[int]fa.Date{}
	last := map[int]string{}
	for _, p := range list {
		on, err := p.demoDate(today)
		if err != nil {
			return nil, nil, err
		}
		days[p.row], last[p.row] = on, p.lastPaidDue(on)
	}
	slices.SortStableFunc(list, func(a, b demoPurchase) int {
		return cmp.Or(cmp.Compare(last[b.row], last[a.row]), cmp.Compare(b.row, a.row))
	})
	return list, days, nil
}

// seedDemoCards gives the demo card holder the guide's accounts, card and
// purchases. Every step looks first for what an earlier, interrupted start
// left: accounts by type, number and opening day, the card on the credit
// account, purchases by their idempotency key, payments by the purchase's
// paid count.
func seedDemoCards(ctx context.Context, sys *system) error {
	cust, err := demoCardHolderID(ctx, sys)
	if err != nil {
		return err
	}

	var unpaid int64
	for _, p := range demoPurchases {
		unpaid += p.unpaid()
	}
	summary, err := sys.cards.Accounts(ctx, cust)
	if err != nil {
		return err
	}
	var creditID int64
	for _, want := range demoAccounts {
		var id int64
		for _, a := range summary.Accounts {
			if a.TypeCode == want.typeCode && a.Number == want.number && a.OpenedOn == want.openedOn {
				id = a.ID
			}
		}
		if id == 0 {
			in := cards.NewAccount{CustomerID: cust, TypeCode: want.typeCode, Number: want.number, OpenedOn: want.openedOn,
				Balance: want.balance, Withdrawable: want.withdrawable, Floor: want.floorAmt}
			if want.typeCode == "credit" {
				in.Balance += unpaid
				in.Withdrawable += unpaid
			}
			a, err := sys.cards.IssueAccount(ctx, in)
			if err != nil {
				return fmt.Errorf("account %s: %w", want.number, err)
			}
			id = a.ID
		}
		if want.typeCode == "credit" {
			creditID = id
		}
	}

	cardID, err := seedDemoCard(ctx, sys, cust, creditID)
	if err != nil {
		return err
	}
	number, err := sys.cards.CardNumber(ctx, cardID)
	if err != nil {
		return err
	}

	// A purchase already registered (an interrupted start, maybe on an
	// earlier day) keeps its day: only its missing payments are made.
	order, days, err := demoPurchaseOrder(fa.JalaliOf(sys.now()))
	if err != nil {
		return err
	}
	for _, p := range order {
		on := days[p.row]
		res, err := sys.cards.Purchase(ctx, "staff", cards.PurchaseRequest{
			CardNumber: number, Total: p.cash + p.share, CashShare: p.cash, Installments: p.installments,
			PolicyNumber: p.policy, Merchant: demoPolicyMerchant, IdempotencyKey: p.key(), On: on,
		})
		if err != nil {
			return fmt.Errorf("purchase of row %d: %w", p.row, err)
		}
		if !res.Approved {
			return fmt.Errorf("purchase of row %d declined: %s %s", p.row, res.Code, res.Message)
		}
		if err := payDemoInstallments(ctx, sys, cust, res.PurchaseID, p); err != nil {
			return fmt.Errorf("installments of row %d: %w", p.row, err)
		}
	}
	return nil
}

// seedDemoCard issues the card on the credit account with the demo's
// known values (cards.IssueCardWith), or finds it.
func seedDemoCard(ctx context.Context, sys *system, cust, creditID int64) (int64, error) {
	list, err := sys.cards.Cards(ctx, cust)
	if err != nil {
		return 0, err
	}
	for _, c := range list {
		if c.AccountID == creditID && c.Status == cards.StatusActive {
			return c.ID, nil
		}
	}
	ic, err := sys.cards.IssueCardWith(ctx, cust, creditID, cards.CardSecrets{
		Number: demoCardNumber, Serial: demoCardSerial, PIN: demoCardPIN, SecondID: demoCardSecondID,
		CVV2: demoCardCVV2, SecondPassword: demoCardSecondPassword, ExpYear: demoCardExpYear, ExpMonth: demoCardExpMonth,
	})
	if err != nil {
		return 0, fmt.Errorf("card: %w", err)
	}
	return ic.ID, nil
}

// payDemoInstallments pays the purchase's first k installments, those not
// paid yet; they must be the customer's oldest unpaid ones (see
// demoPurchaseOrder).
func payDemoInstallments(ctx context.Context, sys *system, cust, purchaseID int64, p demoPurchase) error {
	rows, err := sys.cards.Purchases(ctx, cust)
	if err != nil {
		return err
	}
	paid := -1
	for _, r := range rows {
		if r.ID == purchaseID {
			paid = r.Paid
		}
	}
	if paid < 0 {
		return fmt.Errorf("purchase %d not listed", purchaseID)
	}
	todo := p.paidCount() - paid
	if todo <= 0 {
		return nil
	}
	due, err := sys.cards.DueInstallments(ctx, cust)
	if err != nil {
		return err
	}
	if len(due) < todo {
		return fmt.Errorf("%d installments due, %d to pay", len(due), todo)
	}
	var ids []int64
	for _, in := range due[:todo] {
		if in.PurchaseID != purchaseID {
			return fmt.Errorf("installment %d of purchase %d is due first", in.ID, in.PurchaseID)
		}
		ids = append(ids, in.ID)
	}
	_, err = sys.cards.PayInstallmentsNow(ctx, cust, ids)
	return err
}

// demoCardHolderMobile is the demo card holder's mobile (demoCustomers).
const demoCardHolderMobile = "09121110001"

// seedDemoDynamicPassword confirms the demo card holder's mobile, as staff
// would at a branch («فرم تایید شماره تلفن همراه», by the demo admin),
// and turns SMS dynamic codes on for his card, so the static cap and
// «دریافت رمز از طریق پیامک» can be tried at once. It runs after the
// cards and staff seeds.
func seedDemoDynamicPassword(ctx context.Context, sys *system) error {
	holderID, err := demoCardHolderID(ctx, sys)
	if err != nil {
		return err
	}
	admin, err := sys.identity.StaffByUsername(ctx, "admin")
	if err != nil {
		return fmt.Errorf("demo admin: %w", err)
	}
	if err := sys.otp.ConfirmMobile(ctx, holderID, demoCardHolderMobile, admin.ID, demoMobileEvidence); err != nil {
		return fmt.Errorf("confirm mobile: %w", err)
	}
	list, err := sys.cards.Cards(ctx, holderID)
	if err != nil {
		return err
	}
	for _, c := range list {
		if c.Status == cards.StatusActive {
			if err := sys.cards.ActivateSMS(ctx, holderID, c.ID, true); err != nil {
				return fmt.Errorf("activate SMS codes: %w", err)
			}
		}
	}
	return nil
}

// demoCardHolderID finds the demo card holder (the customers seed made
// him).
func demoCardHolderID(ctx context.Context, sys *system) (int64, error) {
	found, _, err := sys.identity.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: demoCardHolder, Limit: 1})
	if err != nil {
		return 0, err
	}
	if len(found) == 0 {
		return 0, fmt.Errorf("demo card holder %s is missing (the customers seed runs first)", demoCardHolder)
	}
	return found[0].ID, nil
}
