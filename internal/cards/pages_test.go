package cards_test

import (
	"context"
	"net/http"
	"net/url"
	"pishkhan/internal/web/webtest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/cards"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

// The accounts page shows the guide's first table and its totals.
func TestPageAccountsShowGuideFigures(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		c, b := e.holder("001234567")
		e.guideAccounts(c.ID)
		b.Get("/cards/accounts").Want(t, http.StatusOK, "").Has(t,
			"وضعیت حساب اعتباری",
			"<th>ردیف</th><th>نوع حساب</th><th>تاریخ افتتاح حساب</th><th>شماره حساب</th><th>موجودی</th><th>مبلغ قابل برداشت</th><th>کف حساب</th>",
			"حساب اعتباری", "حسابهای تسهیلات", "قرض الحسنه پس انداز", "حساب گمرکی",
			"۱۳۹۰/۰۹/۲۶", "۱۳۹۱/۰۱/۲۲", "۱۳۹۲/۰۴/۲۶", "۱۰۰۰۰۱۷", "۱۰۰۰۹۳۷",
			`<td class="num">۱۶٬۶۷۳٬۱۶۶</td>`, `<td class="num">۱۴٬۹۲۶٬۸۳۴</td>`, "\u200e\u2212۳۰٬۷۶۶٬۰۰۰",
			`<td class="num">۳۸۰</td>`, "۵٬۶۳۴٬۰۰۰",
			"جمع کل اعتبار کارت", "۳۰٬۷۶۶٬۰۰۰ ریال",
			"میزان کل بدهی یا جمع اعتبار مصرف شده", "۱۵٬۸۳۹٬۱۶۶ ریال")
	})
}

// PIN change: a right change, then three wrong attempts block the card.
func TestPagePINChangeThenThreeWrongBlock(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		c, b := e.holder("001234568")
		ic := e.guideAccounts(c.ID)
		cardsPage := b.Get("/cards").Want(t, http.StatusOK, "").Has(t,
			"<th>ردیف</th><th>تاریخ افتتاح حساب</th><th>شماره حساب</th><th>وضعیت کارت</th><th>تغییر رمز کارت</th><th>شماره سریال کارت</th><th>اعلام مفقودی کارت</th>",
			"فعال", fa.Digits(ic.Serial), `href="/cards/`+id(ic.ID)+`/pin"`, `href="/cards/`+id(ic.ID)+`/lost"`)
		_ = cardsPage
		pinURL := "/cards/" + id(ic.ID) + "/pin"
		form := func(old, newPIN string) url.Values {
			return url.Values{"old_pin": {old}, "second_id": {fa.Digits(ic.SecondID)}, "exp_year": {strconv.Itoa(ic.ExpYear)},
				"exp_month": {strconv.Itoa(ic.ExpMonth)}, "new_pin": {newPIN}, "repeat_pin": {newPIN}}
		}
		p := b.Get(pinURL).Want(t, http.StatusOK, "").Has(t, "رمز قدیم", "شناسه دوم مشتری", "سال انقضاء", "ماه انقضاء", "رمز جدید", "تکرار رمز جدید", fa.Digits(ic.Masked))
		// A repeat that does not match is a typing error next to its field.
		bad := form(ic.PIN, "1357")
		bad.Set("repeat_pin", "1358")
		r := b.PostWith(p, pinURL, bad).Want(t, http.StatusUnprocessableEntity, "")
		if !strings.Contains(r.Field(t, "repeat_pin"), cards.ErrPINRepeat.Message) {
			t.Fatalf("repeat error not next to its field:\n%s", r.Field(t, "repeat_pin"))
		}
		// The right details change the PIN.
		b.PostWith(p, pinURL, form(ic.PIN, "1357")).Want(t, http.StatusSeeOther, "/cards")
		if got := b.Get("/cards").Flash(); got != "عملیات با موفقیت انجام گردید" {
			t.Fatalf("flash after PIN change = %q", got)
		}
		// Three wrong old PINs: the first two are errors next to the field,
		// the third blocks the card.
		for i := 1; i <= 3; i++ {
			r := b.PostWith(p, pinURL, form(ic.PIN, "2468")).Want(t, http.StatusUnprocessableEntity, "")
			if i < 3 {
				if !strings.Contains(r.Field(t, "old_pin"), cards.ErrWrongDetails.Message) {
					t.Fatalf("attempt %d: no error next to the old PIN:\n%s", i, webtest.Snippet(r.Body))
				}
				continue
			}
			if r.Alert() != cards.ErrCardBlocked.Message {
				t.Fatalf("third attempt: alert %q, want the blocked message", r.Alert())
			}
		}
		b.Get("/cards").Has(t, "مسدود").Lacks(t, `href="`+pinURL+`"`)
		// The blocked card refuses even the right PIN now.
		b.PostWith(p, pinURL, form("1357", "8642")).Want(t, http.StatusUnprocessableEntity, "").Has(t, "مسدود")
	})
}

// Another customer's card is not found, for every card page.
func TestPageOtherCustomersCardIsNotFound(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		a, _ := e.holder("001234569")
		ic := e.guideAccounts(a.ID)
		_, other := e.holder("001234570")
		for _, path := range []string{"/cards/" + id(ic.ID) + "/pin", "/cards/" + id(ic.ID) + "/lost", "/cards/99999/pin", "/cards/x/lost"} {
			other.Get(path).Want(t, http.StatusNotFound, "")
		}
		p := other.Get("/cards/accounts").Want(t, http.StatusOK, "")
		other.PostWith(p, "/cards/"+id(ic.ID)+"/lost", url.Values{"status": {"lost"}, "confirm": {"1"}}).Want(t, http.StatusNotFound, "")
		cs, err := e.cards.Cards(context.Background(), a.ID)
		if err != nil || cs[0].Status != cards.StatusActive {
			t.Fatalf("the owner's card changed: %+v %v", cs, err)
		}
	})
}

// The lost report needs the confirmation and turns the card lost.
func TestPageLostReport(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		c, b := e.holder("001234571")
		ic := e.guideAccounts(c.ID)
		lostURL := "/cards/" + id(ic.ID) + "/lost"
		p := b.Get(lostURL).Want(t, http.StatusOK, "").Has(t, fa.Digits(ic.Masked), "وضعیت کارت - مفقود شده", "تایید", "data-confirm=")
		r := b.PostWith(p, lostURL, url.Values{"status": {"lost"}}).Want(t, http.StatusUnprocessableEntity, "")
		if !strings.Contains(r.Field(t, "confirm"), "تایید کنید") {
			t.Fatalf("no confirmation error:\n%s", webtest.Snippet(r.Body))
		}
		b.PostWith(p, lostURL, url.Values{"status": {"lost"}, "confirm": {"1"}}).Want(t, http.StatusSeeOther, "/cards")
		b.Get("/cards").Has(t, "مفقود شده").Lacks(t, `href="`+lostURL+`"`)
		b.Get(lostURL).Want(t, http.StatusOK, "").Lacks(t, `action="`+lostURL+`"`)
	})
}

// The purchases page shows the guide's columns and each schedule.
func TestPagePurchases(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		c, b := e.holder("001234572")
		ic := e.guideAccounts(c.ID)
		e.buy(ic, "p1", 3_400_000, 680_000, 4, "9301")
		e.buy(ic, "p2", 1_014_000, 0, 1, "9302")
		b.Get("/cards/purchases").Want(t, http.StatusOK, "").Has(t,
			"<th>ردیف</th><th>تاریخ خرید</th><th>شماره بیمه نامه</th><th>سهم نقدی</th><th>سهم قسطی</th><th>مبلغ کل خرید</th><th>تعداد اقساط</th><th>اقساط پرداختی</th><th>اقساط مانده</th><th>کل جریمه</th><th>کل مبلغ پرداختی</th><th>کل مبلغ قابل پرداخت</th><th>تخلفات</th>",
			"۱۴۰۳/۰۶/۱۵", "۹۳۰۱", `<td class="num" data-label="سهم نقدی">۶۸۰٬۰۰۰</td>`, `<td class="num" data-label="سهم قسطی">۲٬۷۲۰٬۰۰۰</td>`,
			`<td class="num" data-label="مبلغ کل خرید">۳٬۴۰۰٬۰۰۰</td>`, `<td class="num" data-label="مبلغ کل خرید">۱٬۰۱۴٬۰۰۰</td>`,
			"<details><summary>جدول اقساط خرید ردیف ۲</summary>", `<td data-label="تاریخ سررسید">۱۴۰۳/۰۷/۱۵</td>`, `<td data-label="ماه">مهر ۱۴۰۳</td>`,
			`<td class="num" data-label="مبلغ قسط">۶۸۰٬۰۰۰</td>`, "پرداخت نشده")
	})
}

// The purchase list's cells are written in Go: a policy number is the
// partner's text and is escaped like any template value; a customer
// without purchases is told so.
func TestPagePurchasesEscapesAndEmpty(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		c, b := e.holder("001234574")
		b.Get("/cards/purchases").Want(t, http.StatusOK, "").Has(t, "خریدی با کارت شما ثبت نشده است.")
		ic := e.guideAccounts(c.ID)
		e.buy(ic, "p1", 3_400_000, 680_000, 4, `<b x="1">&`)
		b.Get("/cards/purchases").Want(t, http.StatusOK, "").
			Has(t, `<td class="ltr" data-label="شماره بیمه نامه">&lt;b x=&#34;۱&#34;&gt;&amp;</td>`).
			Lacks(t, `<b x=`, "خریدی با کارت شما ثبت نشده است.")
	})
}

// Paying installments: only the oldest first; the oldest makes an order.
func TestPagePayInstallments(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		c, b := e.holder("001234573")
		ic := e.guideAccounts(c.ID)
		e.buy(ic, "p1", 3_400_000, 680_000, 4, "9301")
		due, err := e.cards.DueInstallments(context.Background(), c.ID)
		if err != nil || len(due) != 4 {
			t.Fatalf("due: %v %v", due, err)
		}
		p := b.Get("/cards/installments/pay").Want(t, http.StatusOK, "")
		if !regexp.MustCompile(`value="` + id(due[0].ID) + `" checked`).MatchString(p.Body) {
			t.Fatalf("the oldest installment is not chosen by default:\n%s", webtest.Snippet(p.Body))
		}
		if strings.Contains(p.Body, `value="`+id(due[1].ID)+`" checked`) {
			t.Fatal("the second installment is chosen by default")
		}
		// The second without the first is refused.
		r := b.PostWith(p, "/cards/installments/pay", url.Values{"installment": {id(due[1].ID)}}).Want(t, http.StatusUnprocessableEntity, "")
		if r.Alert() != cards.ErrNotOldest.Message {
			t.Fatalf("alert = %q", r.Alert())
		}
		// Nothing chosen is refused too.
		r = b.PostWith(p, "/cards/installments/pay", url.Values{}).Want(t, http.StatusUnprocessableEntity, "")
		if r.Alert() != cards.ErrNothingToPay.Message {
			t.Fatalf("alert = %q", r.Alert())
		}
		// The oldest two make one order and go to its pre-invoice.
		r = b.PostWith(p, "/cards/installments/pay", url.Values{"installment": {id(due[1].ID), id(due[0].ID)}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
			t.Fatalf("pay: %d → %q\n%s", r.Status, r.Location, webtest.Snippet(r.Body))
		}
		b.Get(r.Location).Want(t, http.StatusOK, "").Has(t, "قسط مهر ۱۴۰۳", "قسط آبان ۱۴۰۳", "۱٬۳۶۰٬۰۰۰")
		o, err := e.bill.OrderByTracking(context.Background(), c.ID, strings.TrimPrefix(r.Location, "/orders/"))
		if err != nil {
			t.Fatal(err)
		}
		if o.Kind != cards.KindInstallments || o.Ref != cards.InstallmentsRef([]int64{due[0].ID, due[1].ID}) || o.Payable != 1_360_000 {
			t.Fatalf("order: kind %q ref %q payable %d", o.Kind, o.Ref, o.Payable)
		}
	})
}

// Staff issue an account and a card (its secrets go to the holder by SMS,
// never to the staff page), and register a
// purchase whose double submit buys once.
func TestPageStaffIssueCardAndPurchase(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, holder := e.holder("001234574")
		s := e.staffMember("support1", identity.RoleSupport)
		desk := "/staff/cards?q=" + c.NationalCode
		s.Get(desk).Want(t, http.StatusOK, "").Has(t, "حسابی ندارد", "افتتاح حساب")
		s.PostForm(desk, "/staff/cards/accounts", url.Values{"customer_id": {id(c.ID)}, "acct_type": {"credit"},
			"acct_number": {"۱۰۰"}, "acct_limit": {"۵۰٬۰۰۰٬۰۰۰"}}).Want(t, http.StatusSeeOther, "/staff/cards?q="+c.NationalCode)
		sum, err := e.cards.Accounts(ctx, c.ID)
		if err != nil || len(sum.Accounts) != 1 || sum.CreditLimit != 50_000_000 {
			t.Fatalf("accounts: %+v %v", sum, err)
		}
		acct := sum.Accounts[0]
		// Without a mobile the holder cannot receive the secrets: no card.
		s.PostForm(desk, "/staff/cards/accounts/"+id(acct.ID)+"/card", url.Values{}).Want(t, http.StatusSeeOther, desk)
		s.Get(desk).Has(t, "ابتدا شماره همراه مشتری")
		if list, _ := e.cards.Cards(ctx, c.ID); len(list) != 0 {
			t.Fatalf("a card was issued to a holder without a mobile: %+v", list)
		}
		if _, err := e.d.Exec(ctx, "UPDATE customers SET mobile = $1 WHERE id = $2", "09121234599", c.ID); err != nil {
			t.Fatal(err)
		}
		// The PIN, CVV2 and static second password go to the holder by
		// SMS; the staff member never sees them.
		issued := s.PostForm(desk, "/staff/cards/accounts/"+id(acct.ID)+"/card", url.Values{}).Want(t, http.StatusOK, "").
			Has(t, "کارت صادر شد", "شناسه دوم مشتری", "با پیامک به شماره همراه دارنده کارت").Lacks(t, "رمز کارت</dt>", "CVV2</dt>", "رمز دوم ایستا</dt>")
		list, err := e.cards.Cards(ctx, c.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("cards: %+v %v", list, err)
		}
		var body string
		var sensitive bool
		if err := e.d.QueryRow(ctx, "SELECT body, sensitive FROM sms_outbox WHERE person_id = $1 AND reason = $2", c.ID, cards.SecretsReason).Scan(&body, &sensitive); err != nil {
			t.Fatalf("no secrets SMS: %v", err)
		}
		pin := regexp.MustCompile(`رمز کارت: (\d{4})`).FindStringSubmatch(body)
		cvv2 := regexp.MustCompile(`CVV2: (\d{3,4})`).FindStringSubmatch(body)
		if !sensitive || pin == nil || cvv2 == nil || !strings.Contains(body, "رمز دوم ایستا: ") {
			t.Fatalf("secrets SMS (sensitive %v): %q", sensitive, body)
		}
		for _, secret := range []string{pin[1], fa.Digits(pin[1]), cvv2[1], fa.Digits(cvv2[1])} {
			if strings.Contains(issued.Body, ">"+secret+"<") {
				t.Errorf("the staff page shows the secret %q", secret)
			}
		}
		s.Get("/staff/sms").Lacks(t, "رمز کارت: ")
		secondID := regexp.MustCompile(`شناسه دوم مشتری</dt><dd class="ltr"><strong>([۰-۹]{16})</strong>`).FindStringSubmatch(issued.Body)
		if secondID == nil || !strings.HasPrefix(fa.LatinDigits(secondID[1]), list[0].CustomerCode) {
			t.Fatalf("second identifier not shown:\n%s", webtest.Snippet(issued.Body))
		}
		// Never again: not on the desk, not to the holder.
		s.Get(desk).Want(t, http.StatusOK, "").Lacks(t, secondID[1]).Has(t, fa.Digits(list[0].Masked))
		holder.Get("/cards").Lacks(t, secondID[1])

		// A purchase; the same form submitted twice buys once.
		form := s.Get(desk).Want(t, http.StatusOK, "")
		key := webtest.Input(form.Body, "key")
		if key == "" {
			t.Fatal("no idempotency key in the purchase form")
		}
		buy := url.Values{"customer_id": {id(c.ID)}, "card_id": {id(list[0].ID)}, "key": {key}, "total": {"3400000"},
			"cash_share": {"680000"}, "installments": {"4"}, "policy_number": {"9301"}}
		s.PostWith(form, "/staff/cards/purchases", buy).Want(t, http.StatusSeeOther, "/staff/cards?q="+c.NationalCode)
		s.PostWith(form, "/staff/cards/purchases", buy).Want(t, http.StatusSeeOther, "/staff/cards?q="+c.NationalCode)
		rows, err := e.cards.Purchases(ctx, c.ID)
		if err != nil || len(rows) != 1 || rows[0].InstallmentShare != 2_720_000 {
			t.Fatalf("purchases after a double submit: %+v %v", rows, err)
		}
		// Reversal needs a reason.
		s.PostWith(form, "/staff/cards/purchases/"+id(rows[0].ID)+"/reverse", url.Values{"reason": {""}}).Want(t, http.StatusSeeOther, "/staff/cards?q="+c.NationalCode)
		if rows, _ := e.cards.Purchases(ctx, c.ID); len(rows) != 1 {
			t.Fatal("reversed without a reason")
		}
		s.PostWith(form, "/staff/cards/purchases/"+id(rows[0].ID)+"/reverse", url.Values{"reason": {"ابطال بیمه نامه"}}).Want(t, http.StatusSeeOther, "/staff/cards?q="+c.NationalCode)
		if rows, _ := e.cards.Purchases(ctx, c.ID); len(rows) != 0 {
			t.Fatal("the purchase was not reversed")
		}
		// Block, unblock.
		s.PostWith(form, "/staff/cards/"+id(list[0].ID)+"/block", url.Values{}).Want(t, http.StatusSeeOther, "/staff/cards?q="+c.NationalCode)
		holder.Get("/cards").Has(t, "مسدود")
		s.PostWith(form, "/staff/cards/"+id(list[0].ID)+"/unblock", url.Values{}).Want(t, http.StatusSeeOther, "/staff/cards?q="+c.NationalCode)
		holder.Get("/cards").Has(t, "فعال")
	})
}

// Who may open which page.
func TestPageAccess(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		c, holder := e.holder("001234575")
		anon := e.client()
		anon.Get("/cards").Want(t, http.StatusSeeOther, "/login?next=%2Fcards")
		anon.Get("/staff/cards").Want(t, http.StatusSeeOther, "/staff/login?next=%2Fstaff%2Fcards")
		// A customer is no staff member.
		holder.Get("/staff/cards?q="+c.NationalCode).Want(t, http.StatusSeeOther, "/staff/login?next=%2Fstaff%2Fcards%3Fq%3D"+c.NationalCode)
		// The card pages are in the menu of card holders only: none before
		// an account is opened, all after.
		holder.Get("/cards").Want(t, http.StatusOK, "").Lacks(t, `href="/cards/accounts"`, `href="/cards/purchases"`)
		if _, err := e.cards.IssueAccount(context.Background(), cards.NewAccount{CustomerID: c.ID, TypeCode: "credit", Number: "100", Floor: -1_000_000}); err != nil {
			t.Fatal(err)
		}
		// The menu's answer is kept a second, like the session.
		e.clock.Advance(2 * time.Second)
		holder.Get("/cards").Want(t, http.StatusOK, "").Has(t, `href="/cards/accounts"`, `href="/cards/purchases"`, `href="/cards/installments/pay"`)
		// Support and finance may; a sales agent may not; staff are no customers.
		support := e.staffMember("support2", identity.RoleSupport)
		support.Get("/staff/cards").Want(t, http.StatusOK, "").Has(t, `href="/staff/cards"`)
		support.Get("/cards").Want(t, http.StatusSeeOther, "/login?next=%2Fcards")
		e.staffMember("finance2", identity.RoleFinance).Get("/staff/cards").Want(t, http.StatusOK, "")
		e.staffMember("admin2", identity.RoleAdmin).Get("/staff/cards").Want(t, http.StatusOK, "")
		sales := e.staffMember("sales2", identity.RoleSalesAgent)
		sales.Get("/staff/cards").Want(t, http.StatusForbidden, "")
		sales.Get("/staff").Want(t, http.StatusOK, "").Lacks(t, `href="/staff/cards"`)
	})
}
