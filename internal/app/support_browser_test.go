package app_test

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/fa"
)

// The demo staff (internal/app/demo.go) and the set-up customer's mobile,
// where the answer's SMS goes.
const (
	browserStaffUser     = "admin"
	browserStaffName     = "مدیر سامانه"
	browserStaffPassword = "Pishkhan-Staff@1405"
	browserStaffNewPass  = "Pishkhan-Staff@1406-Fresh" // only if a change is demanded
	browserReadyMobile   = "09121110004"
)

// TestBrowserSupportTicketJourney walks issue 5's journey in two headless
// Chromiums (PISHKHAN_TEST_BROWSER=1 switches it on): the set-up customer
// opens «سیستم پشتیبانی» → «تیکت جدید»; a Latin title is refused with the
// guide's sentence and what was typed is kept; with a Persian title and a
// PNG attached the ticket is listed with the guide's columns. Staff (the
// demo admin) open it from the queue, see and fetch the attachment, and
// answer; the answer's SMS reaches the outbox (the demo prints it). The
// customer sees the answer and «پاسخ داده شده», replies; staff close the
// ticket and the customer sees «بسته شده» and no reply form.
func TestBrowserSupportTicketJourney(t *testing.T) {
	cust := browsertest.New(t, browserLongTimeout())
	srv, _ := startClockedBrowserServer(t)
	started := time.Now()

	const (
		dept     = "پشتیبانی فنی"
		title    = "قطعی اینترنت در شب‌ها"
		body     = "سلام، از سه روز پیش هر شب حدود ساعت ۲۲ اینترنت وصل نیست. تصویر صفحه مودم پیوست است."
		answer   = "سلام، خط شما بررسی شد و پورت مودم عوض شد. لطفاً امشب دوباره امتحان کنید."
		reply    = "ممنون، دیشب قطعی نداشتیم. مشکل حل شد."
		fileName = "modem.png"
	)
	pngPath := filepath.Join(t.TempDir(), fileName)
	writeSupportPNG(t, pngPath)

	// The customer signs in and opens «سیستم پشتیبانی» from the menu.
	cust.Navigate(srv.URL + "/login")
	cust.Fill("#identifier", browserReadyCode)
	cust.Fill("#password", browserStrongPass)
	cust.Submit("#identifier")
	browserExpectPath(t, cust, "/", "after the customer signs in")
	if menu := cust.Texts("nav.menu a"); !slices.Contains(menu, "سیستم پشتیبانی") {
		t.Fatalf("the customer's menu %q lacks «سیستم پشتیبانی»", menu)
	}
	cust.ClickAndWait(`nav.menu a[href="/support"]`)
	browserExpectPath(t, cust, "/support", "after «سیستم پشتیبانی»")
	cust.ClickAndWait(`nav.tabs a[href="/support/new"]`)
	browserExpectPath(t, cust, "/support/new", "after «تیکت جدید»")
	if h := cust.Text("main h1"); h != "تیکت جدید" {
		t.Errorf("new ticket page: h1 = %q, want «تیکت جدید»", h)
	}
	technical := browsertest.Eval[string](cust, `(Array.from(document.querySelectorAll("#department option")).find((o) => o.textContent.trim() === "پشتیبانی فنی") || {value: ""}).value`)
	if technical == "" {
		t.Fatalf("the «واحد» select has no «%s»: %q", dept, cust.Texts("#department option"))
	}
	if prios := cust.Texts("#priority option"); !slices.Equal(prios, []string{"اولویت کم", "اولویت متوسط", "اولویت بالا", "اولویت بسیار بالا"}) {
		t.Errorf("«اولویت» offers %q, want low to very high as the guide", prios)
	}

	// A Latin title: the guide's refusal, and what was typed is kept.
	cust.Fill("#department", technical)
	cust.Fill("#priority", "high")
	cust.Fill("#title", "Internet drops every night")
	cust.Fill("#body", body)
	typedBody := cust.Value("#body")
	cust.Upload("#files", pngPath)
	if code := cust.Submit("#title"); code != 422 {
		t.Errorf("a Latin title: status %d, want 422", code)
	}
	browserExpectPath(t, cust, "/support/new", "after a Latin title")
	if msg := cust.Text("main .card .flash-error"); !strings.Contains(msg, "لطفاً عنوان و متن تیکت خود را با خط فارسی بنویسید") {
		t.Errorf("a Latin title: the page says %q, want «لطفاً عنوان و متن تیکت خود را با خط فارسی بنویسید»", msg)
	}
	for sel, want := range map[string]string{"#department": technical, "#priority": "high", "#title": "Internet drops every night", "#body": typedBody} {
		// The form shows the text as the server normalised it (Persian
		// digits become Latin ones), which still counts as kept.
		if got := cust.Value(sel); got != want && got != fa.NormalizeInput(want) {
			t.Errorf("after the refusal %s = %q, want %q kept", sel, got, want)
		}
	}

	// Persian title, the PNG again (a browser never keeps a file input
	// across pages): the ticket opens on its thread.
	// The title is pasted, not typed: browsertest's Fill (chromedp's
	// SendKeys) drops the ZWNJ of «شب‌ها», and the ZWNJ must survive.
	cust.Fill("#title", "")
	browsertest.Eval[bool](cust, `(() => { const e = document.querySelector("#title"); e.value = `+"`"+title+"`"+`; e.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	if typed := cust.Value("#title"); typed != title {
		t.Fatalf("the pasted title is %q, want %q", typed, title)
	}
	cust.Upload("#files", pngPath)
	cust.Submit("#title")
	threadPath := browserPath(t, cust)
	m := regexp.MustCompile(`^/support/tickets/([0-9]+)$`).FindStringSubmatch(threadPath)
	if m == nil {
		t.Fatalf("after a valid ticket the browser shows %s, want /support/tickets/{id}\n\tthe page says: %s", threadPath, strings.Join(strings.Fields(cust.Text("main")), " "))
	}
	id := m[1]
	if f := cust.Texts("main .flash-success"); !browserContains(f, "تیکت شما ثبت شد") {
		t.Errorf("after opening the ticket: success messages %q, want «تیکت شما ثبت شد …»", f)
	}
	if links := cust.Texts(`article.message ul.attachments a[href^="/support/attachments/"]`); !slices.Equal(links, []string{fileName}) {
		t.Errorf("the customer's thread lists attachments %q, want [%s]", links, fileName)
	}
	if got := supportFetch(cust, `article.message ul.attachments a`); got != "200 image/png" {
		t.Errorf("the customer's attachment link answers %q, want 200 image/png", got)
	}

	// «لیست تیکت ها»: the guide's columns, the new ticket on row ۱.
	cust.ClickAndWait(`nav.tabs a[href="/support"]`)
	browserExpectPath(t, cust, "/support", "after «لیست تیکت ها»")
	if cols := cust.Texts("main table thead th"); !slices.Equal(cols, []string{"ردیف", "تاریخ", "عنوان", "بخش", "اولویت", "وضعیت", "عملیات"}) {
		t.Errorf("ticket list columns %q, want the guide's ردیف، تاریخ، عنوان، بخش، اولویت، وضعیت، عملیات", cols)
	}
	row := cust.Texts("main table tbody tr:first-child td")
	want := []string{"۱", "", title, dept, "اولویت بالا", "باز است", "سوال و جواب"}
	if len(row) != len(want) {
		t.Fatalf("ticket list first row %q, want %d cells", row, len(want))
	}
	for i, w := range want {
		if w != "" && row[i] != w {
			t.Errorf("ticket list first row, column %d = %q, want %q", i+1, row[i], w)
		}
	}
	if !browserHasPersianDigit(row[1]) || browserHasLatinDigit(row[1]) {
		t.Errorf("ticket list date %q: want Persian digits only", row[1])
	}
	if href := cust.Attr("main table tbody tr:first-child td a", "href"); href != threadPath {
		t.Errorf("the row's «سوال و جواب» links to %q, want %s", href, threadPath)
	}
	supportExpectFits(t, cust, "the ticket list")
	cust.Snapshot("ticket-list")

	// Staff, in a browser of their own, open the ticket from the queue.
	staff := browsertest.New(t, browserLongTimeout())
	browserStaffSignIn(t, staff, srv.URL, browserStaffUser, browserStaffPassword, browserStaffNewPass)
	staff.ClickAndWait(`nav.menu a[href="/staff/support"]`)
	browserExpectPath(t, staff, "/staff/support", "after «تیکت‌های پشتیبانی»")
	staffThread := "/staff/support/tickets/" + id
	rowSel := `main table tbody tr:has(a[href="` + staffThread + `"])`
	if !staff.Exists(rowSel) {
		t.Fatalf("the staff queue has no row for ticket %s: %q", id, staff.Texts("main table tbody tr"))
	}
	qrow := strings.Join(staff.Texts(rowSel+" td"), " | ")
	for _, w := range []string{fa.Digits(id), title, browserReadyName, dept, "اولویت بالا", "باز است", "در مهلت"} {
		if !strings.Contains(qrow, w) {
			t.Errorf("the queue's row %q lacks «%s»", qrow, w)
		}
	}
	supportExpectFits(t, staff, "the staff queue")
	staff.Snapshot("staff-queue")
	staff.ClickAndWait(rowSel + " a")
	browserExpectPath(t, staff, staffThread, "after «مشاهده» in the queue")
	if links := staff.Texts(`article.message ul.attachments a[href^="/staff/support/attachments/"]`); !slices.Equal(links, []string{fileName}) {
		t.Errorf("the staff thread lists attachments %q, want [%s]", links, fileName)
	}
	if got := supportFetch(staff, `article.message ul.attachments a`); got != "200 image/png" {
		t.Errorf("the staff attachment link answers %q, want 200 image/png", got)
	}

	// The answer, and its SMS in the outbox (the demo prints it).
	before := len(srv.stdout.String())
	staff.Fill("#body", answer)
	staff.Submit("#body")
	browserExpectPath(t, staff, staffThread, "after the answer")
	if f := staff.Texts("main .flash-success"); !browserContains(f, "پاسخ ثبت شد") {
		t.Errorf("after the answer: success messages %q, want «پاسخ ثبت شد …»", f)
	}
	sms := waitSupportSMS(t, srv, before, 20*time.Second)
	if !strings.Contains(sms, fa.Digits(id)) {
		t.Errorf("the answer's SMS %q does not name ticket %s", sms, fa.Digits(id))
	}

	// The customer sees the answer and «پاسخ داده شده», and replies.
	cust.Navigate(srv.URL + threadPath)
	if s := supportHeadCell(cust, "وضعیت"); s != "پاسخ داده شده" {
		t.Errorf("the customer's thread after the answer: status %q, want «پاسخ داده شده»", s)
	}
	msgs := cust.Texts("article.message")
	if len(msgs) != 2 || !strings.Contains(msgs[1], answer) || !strings.Contains(msgs[1], browserStaffName) {
		t.Errorf("the customer's thread after the answer: messages %q, want the question and then the answer from «%s»", msgs, browserStaffName)
	}
	supportExpectFits(t, cust, "the answered thread")
	cust.Snapshot("thread-answered")
	cust.Fill("#body", reply)
	cust.Submit("#body")
	browserExpectPath(t, cust, threadPath, "after the customer's reply")
	if f := cust.Texts("main .flash-success"); !browserContains(f, "پاسخ شما ثبت شد") {
		t.Errorf("after the reply: success messages %q, want «پاسخ شما ثبت شد.»", f)
	}
	if s := supportHeadCell(cust, "وضعیت"); s != "باز است" {
		t.Errorf("after the reply: status %q, want «باز است» (waiting for staff again)", s)
	}

	// Staff see the reply and close the ticket (after the confirm).
	staff.Navigate(srv.URL + staffThread)
	if msgs := staff.Texts("article.message:not(.internal)"); len(msgs) < 3 || !strings.Contains(msgs[len(msgs)-1], reply) {
		t.Errorf("the staff thread after the reply: messages %q, want the customer's reply last", msgs)
	}
	staff.ClickAndWait(`form[action$="/close"] button`)
	browserExpectPath(t, staff, staffThread, "after closing")
	if d := staff.Dialogs(); !browserContains(d, "تیکت بسته شود؟") {
		t.Errorf("closing asked %q, want the confirm «تیکت بسته شود؟»", d)
	}
	if f := staff.Texts("main .flash-success"); !browserContains(f, "تیکت بسته شد") {
		t.Errorf("after closing: success messages %q, want «تیکت بسته شد.»", f)
	}

	// The customer sees «بسته شده» and can no longer reply.
	cust.Navigate(srv.URL + threadPath)
	if s := supportHeadCell(cust, "وضعیت"); s != "بسته شده" {
		t.Errorf("the customer's thread after closing: status %q, want «بسته شده»", s)
	}
	if cust.Exists(`form[action$="/reply"]`) {
		t.Error("a closed ticket still offers the customer a reply form")
	}
	cust.Navigate(srv.URL + "/support")
	if row := cust.Texts("main table tbody tr:first-child td"); len(row) < 6 || row[5] != "بسته شده" {
		t.Errorf("the ticket list after closing: first row %q, want status «بسته شده»", row)
	}

	browserExpectNoConsoleErrors(t, cust, map[string]int{"/support/new": 422})
	browserExpectNoConsoleErrors(t, staff)
	t.Logf("the journey took %s", time.Since(started).Round(time.Millisecond))
}

// writeSupportPNG writes a 10×10 PNG at path.
func writeSupportPNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for x := range 10 {
		for y := range 10 {
			img.Set(x, y, color.RGBA{R: uint8(25 * x), G: uint8(25 * y), B: 160, A: 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// supportFetch fetches the href of the first element matching sel from the
// page (with its cookies) and returns "status content-type".
func supportFetch(b *browsertest.Browser, sel string) string {
	return browsertest.Eval[string](b, `(async () => {
  const a = document.querySelector(`+"`"+sel+"`"+`);
  if (!a) return "no link";
  const r = await fetch(a.href);
  await r.arrayBuffer();
  return r.status + " " + r.headers.get("content-type");
})()`)
}

// supportHeadCell is the cell after the header th in the ticket's
// summary table ("" when there is none).
func supportHeadCell(b *browsertest.Browser, th string) string {
	return browsertest.Eval[string](b, `(() => {
  const h = Array.from(document.querySelectorAll("main table th")).find((e) => e.textContent.trim() === `+"`"+th+"`"+`);
  return h && h.nextElementSibling ? h.nextElementSibling.textContent.trim() : "";
})()`)
}

// waitSupportSMS waits for the demo's «پیامک به 0912…» line to the set-up
// customer printed after offset from stdout, and returns its text.
func waitSupportSMS(t *testing.T, srv *browserServer, offset int, wait time.Duration) string {
	t.Helper()
	prefix := "پیامک به " + browserReadyMobile + ": "
	deadline := time.Now().Add(wait)
	for {
		out := srv.stdout.String()[offset:]
		for _, line := range strings.Split(out, "\n") {
			if text, ok := strings.CutPrefix(line, prefix); ok && strings.Contains(text, "پاسخ داده شد") {
				return text
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no SMS to %s about the answer within %s; stdout since the answer:\n%s", browserReadyMobile, wait, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// supportExpectFits fails the test (without stopping it) when the page is
// wider than the window: it would scroll sideways.
func supportExpectFits(t *testing.T, b *browsertest.Browser, what string) {
	t.Helper()
	var fit struct{ ScrollWidth, InnerWidth, ScrollX int }
	b.Eval(`({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, scrollX: Math.round(window.scrollX)})`, &fit)
	if fit.ScrollWidth > fit.InnerWidth {
		t.Errorf("%s is %dpx wide in a %dpx window (scrolled %dpx): it scrolls sideways", what, fit.ScrollWidth, fit.InnerWidth, fit.ScrollX)
	}
}
