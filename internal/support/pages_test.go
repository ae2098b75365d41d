package support_test

// HTTP tests of support's pages through the real router on both engines:
// access control by changed IDs, escaping, content checks of uploads, the
// SMS on a staff answer, the overdue flag, surveys answered once.

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/identity"
	"pishkhan/internal/support"
)

const (
	txtNotFound  = "صفحه پیدا نشد"
	txtForbidden = "شما اجازه دسترسی به این صفحه را ندارید."
	txtPersian   = "لطفاً عنوان و متن تیکت خود را با خط فارسی بنویسید"
)

func (s *site) newTicketForm(title, body string) url.Values {
	return url.Values{"department": {strconv.FormatInt(s.dept("technical"), 10)}, "service": {support.GeneralService},
		"priority": {support.PriorityVeryHigh}, "title": {title}, "body": {body}}
}

func TestPageTicketJourneyAndAccess(t *testing.T) {
	pageEngines(t, func(t *testing.T, s *site) {
		a, ab := s.signedIn(ali())
		_, mb := s.signedIn(maryam())
		tech, tb := s.staffIn("reza", []string{identity.RoleSupport}, "technical")
		_, fb := s.staffIn("mina", []string{identity.RoleFinance}, "finance")
		_, nb := s.staffIn("idle", []string{identity.RoleSupport})
		_, admin := s.staffIn("boss", []string{identity.RoleAdmin})

		// The new-ticket form: the guide's fields and sentence.
		ab.Get("/support/new").Want(t, http.StatusOK, "").Has(t, "واحد", "سرویس", "اولویت", "اولویت کم", "اولویت بسیار بالا", txtPersian, "پشتیبانی فنی", "امور مالی", "فروش", "رفاهی")
		// Latin text is refused with the guide's sentence; what was typed stays.
		ab.Upload("/support/new", "/support/new", s.newTicketForm("internet problem", "please help")).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, txtPersian, `value="internet problem"`)

		// HTML and script in the title, text and file name are shown as text.
		evilTitle := `<script>alert(x)</script> لطفا اینترنت ما یک هفته مشکل فنی دارد بررسی فرمایید`
		evilBody := "سلام <b>پررنگ</b> <img src=x onerror=alert(2)>\nخط دوم متن تیکت با توضیحات بیشتر درباره قطعی اینترنت"
		r := ab.Upload("/support/new", "/support/new", s.newTicketForm(evilTitle, evilBody),
			file{Name: `<img src=y onerror=alert(3)>.png`, Content: pngBytes(t)}, file{Name: "scan.pdf", Content: pdfBytes})
		r.Want(t, http.StatusSeeOther, "*")
		id := idFrom(t, r.Location)
		page := ab.Get(r.Location).Want(t, http.StatusOK, "")
		page.Has(t, "&lt;script&gt;alert(x)&lt;/script&gt;", "&lt;b&gt;پررنگ&lt;/b&gt;", "&lt;img src=y onerror=alert(3)&gt;.png",
			"خط دوم متن تیکت", "<br>", "فرستنده", "دریافت کننده", "پشتیبانی فنی", "اولویت بسیار بالا", "باز است", "عمومی")
		page.Lacks(t, "<script>alert(x)", "<b>پررنگ", "<img src=x", "<img src=y")
		ab.Get("/support").Want(t, http.StatusOK, "").Has(t, "ردیف", "تاریخ", "عنوان", "بخش", "اولویت", "وضعیت", "عملیات", "&lt;script&gt;alert(x)").Lacks(t, "<script>alert(x)")
		links := attachmentLinks(page.Body, "/support/attachments/")
		if len(links) != 2 {
			t.Fatalf("attachment links: %v", links)
		}

		// The owner downloads; the file never renders inline.
		dl := ab.Get(links[0]).Want(t, http.StatusOK, "")
		if dl.Header.Get("Content-Type") != "image/png" || dl.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment;") || dl.Body != string(pngBytes(t)) {
			t.Fatalf("download headers: %v", dl.Header)
		}

		// Another customer changing IDs in URLs gets 404 everywhere.
		mb.Get("/support/tickets/"+id).Want(t, http.StatusNotFound, "").Has(t, txtNotFound).Lacks(t, "پررنگ")
		mb.Get(links[0]).Want(t, http.StatusNotFound, "")
		mb.Get(links[1]).Want(t, http.StatusNotFound, "")
		mb.Upload("/support/new", "/support/tickets/"+id+"/reply", url.Values{"body": {"من هم همین مشکل را دارم"}}).Want(t, http.StatusNotFound, "")
		mb.Get("/support").Want(t, http.StatusOK, "").Lacks(t, "alert(x)")
		for _, bad := range []string{"/support/tickets/0", "/support/tickets/-1", "/support/tickets/abc", "/support/tickets/999999", "/support/attachments/999999"} {
			ab.Get(bad).Want(t, http.StatusNotFound, "")
		}
		// Signed out: sent to sign in.
		s.browser().Get("/support/tickets/"+id).Want(t, http.StatusSeeOther, "/login?next=%2Fsupport%2Ftickets%2F"+id)
		// A staff session is not a customer session.
		tb.Get("/support/tickets/"+id).Want(t, http.StatusSeeOther, "*")

		// Staff of other departments, or none, do not see it.
		fb.Get("/staff/support/tickets/"+id).Want(t, http.StatusNotFound, "")
		fb.Get(strings.Replace(links[0], "/support/", "/staff/support/", 1)).Want(t, http.StatusNotFound, "")
		fb.Get("/staff/support").Want(t, http.StatusOK, "").Lacks(t, "alert(x)")
		fb.Get("/staff/support?department="+strconv.FormatInt(s.dept("technical"), 10)).Want(t, http.StatusForbidden, "")
		nb.Get("/staff/support").Want(t, http.StatusForbidden, "")
		nb.Get("/staff/support/tickets/"+id).Want(t, http.StatusForbidden, "")
		admin.Get("/staff/support").Want(t, http.StatusOK, "").Has(t, "&lt;script&gt;alert(x)")

		// The technical queue shows it; staff see escaped text too.
		tb.Get("/staff/support").Want(t, http.StatusOK, "").Has(t, "&lt;script&gt;alert(x)", "علی رضایی", "در مهلت").Lacks(t, "<script>alert(x)")
		sp := tb.Get("/staff/support/tickets/"+id).Want(t, http.StatusOK, "").Lacks(t, "<script>alert(x)", "<img src=y")
		staffLinks := attachmentLinks(sp.Body, "/staff/support/attachments/")
		if len(staffLinks) != 2 {
			t.Fatalf("staff attachment links: %v", staffLinks)
		}
		pdf := tb.Get(staffLinks[1]).Want(t, http.StatusOK, "")
		if pdf.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(pdf.Header.Get("Content-Disposition"), "scan.pdf") {
			t.Fatalf("staff download: %v", pdf.Header)
		}

		// An internal note: staff see it, the customer never does.
		note := "یادداشت محرمانه کارشناس درباره مودم"
		tb.PostForm("/staff/support/tickets/"+id, "/staff/support/tickets/"+id+"/note", url.Values{"note": {note}}).Want(t, http.StatusSeeOther, "/staff/support/tickets/"+id)
		tb.Get("/staff/support/tickets/"+id).Has(t, note, "یادداشت داخلی")
		ab.Get("/support/tickets/"+id).Lacks(t, note)

		// The staff answer: the customer gets an SMS and sees «پاسخ داده شده».
		if n := len(s.outbox(a.ID)); n != 0 {
			t.Fatalf("%d SMS before the answer", n)
		}
		tb.Upload("/staff/support/tickets/"+id, "/staff/support/tickets/"+id+"/answer", url.Values{"body": {"سلام\nخط شما بررسی و اصلاح شد."}}).
			Want(t, http.StatusSeeOther, "/staff/support/tickets/"+id)
		sms := s.outbox(a.ID)
		if len(sms) != 1 || sms[0].Reason != support.AnswerReason || sms[0].Mobile != "09121234567" {
			t.Fatalf("SMS after answer: %+v", sms)
		}
		ab.Get("/support").Has(t, "پاسخ داده شده")
		ab.Get("/support/tickets/"+id).Has(t, "خط شما بررسی و اصلاح شد.", "کارمند reza").Lacks(t, note)
		// The customer replies; staff close; the customer can no longer reply.
		ab.Upload("/support/tickets/"+id, "/support/tickets/"+id+"/reply", url.Values{"body": {"ممنون، درست شد"}}).Want(t, http.StatusSeeOther, "/support/tickets/"+id)
		tb.Get("/staff/support").Has(t, "باز است")
		tb.PostForm("/staff/support/tickets/"+id, "/staff/support/tickets/"+id+"/close", nil).Want(t, http.StatusSeeOther, "/staff/support/tickets/"+id)
		ab.Get("/support/tickets/"+id).Has(t, "بسته شده", "این تیکت بسته شده است").Lacks(t, `action="/support/tickets/`+id+`/reply"`)
		// Reopen, assign to self, move to finance: the technical desk loses it.
		tb.PostForm("/staff/support/tickets/"+id, "/staff/support/tickets/"+id+"/reopen", nil).Want(t, http.StatusSeeOther, "/staff/support/tickets/"+id)
		tb.PostForm("/staff/support/tickets/"+id, "/staff/support/tickets/"+id+"/assign", url.Values{"staff": {"self"}}).Want(t, http.StatusSeeOther, "/staff/support/tickets/"+id)
		tb.PostForm("/staff/support/tickets/"+id, "/staff/support/tickets/"+id+"/department", url.Values{"department": {strconv.FormatInt(s.dept("finance"), 10)}}).
			Want(t, http.StatusSeeOther, "/staff/support")
		tb.Get("/staff/support/tickets/"+id).Want(t, http.StatusNotFound, "")
		fb.Get("/staff/support/tickets/"+id).Want(t, http.StatusOK, "").Has(t, "انتقال به واحد امور مالی", "ارجاع به کارمند reza")
		_ = tech
		if n := len(s.outbox(a.ID)); n != 1 {
			t.Fatalf("%d SMS, want only the answer's", n)
		}
	})
}

func TestPageAttachmentsCheckedByContent(t *testing.T) {
	pageEngines(t, func(t *testing.T, s *site) {
		_, ab := s.signedIn(ali())
		form := s.newTicketForm(persianTitle, persianBody)
		for name, f := range map[string]file{
			"php renamed png": {Name: "shell.png", Content: phpBytes},
			"php as pdf":      {Name: "shell.pdf", Content: phpBytes},
			"svg":             {Name: "logo.png", Content: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(x)</script></svg>`)},
		} {
			ab.Upload("/support/new", "/support/new", form, f).Want(t, http.StatusUnprocessableEntity, "").
				Has(t, "فقط تصویر (PNG یا JPEG) و PDF پذیرفته می‌شود", `value="`+persianTitle+`"`)
			_ = name
		}
		ab.Upload("/support/new", "/support/new", form, file{Name: "a.png", Content: pngBytes(t)}, file{Name: "b.png", Content: pngBytes(t)}, file{Name: "c.png", Content: pngBytes(t)}, file{Name: "d.png", Content: pngBytes(t)}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, "حداکثر ۳ پیوست")
		ab.Get("/support").Has(t, "تیکتی ثبت نکرده‌اید")
		// A JPEG named .png is accepted as what it is.
		r := ab.Upload("/support/new", "/support/new", form, file{Name: "photo.png", Content: jpegBytes(t)}).Want(t, http.StatusSeeOther, "*")
		ab.Get(r.Location).Has(t, "photo.jpg")
	})
}

func TestPageOverdueFlag(t *testing.T) {
	pageEngines(t, func(t *testing.T, s *site) {
		a := s.customer(ali())
		_, tb := s.staffIn("reza", []string{identity.RoleSupport}, "technical")
		start := s.clock.Now()
		tk := s.open(a.ID, "technical", support.PriorityVeryHigh)
		s.clock.Set(start.Add(2 * time.Hour))
		tb.Get("/staff/support").Has(t, "در مهلت").Lacks(t, "تأخیر در اولین پاسخ")
		tb.Get("/staff/support?overdue=1").Has(t, "تیکتی با این شرایط نیست")
		s.clock.Set(start.Add(2*time.Hour + time.Second))
		tb.Get("/staff/support").Has(t, "تأخیر در اولین پاسخ", `class="overdue"`)
		tb.Get("/staff/support?overdue=1").Has(t, persianTitle)
		tb.Get("/staff/support/tickets/"+strconv.FormatInt(tk.ID, 10)).Has(t, "تأخیر در اولین پاسخ")
		// Filters by national code and age.
		tb.Get("/staff/support?national_code="+a.NationalCode).Has(t, persianTitle)
		tb.Get("/staff/support?national_code="+nationalCode("234567891")).Has(t, "تیکتی با این شرایط نیست")
		tb.Get("/staff/support?national_code=123").Has(t, "کد ملی معتبر نیست")
		tb.Get("/staff/support?age=1d").Has(t, "تیکتی با این شرایط نیست")
	})
}

func TestPageStaffBackOffice(t *testing.T) {
	pageEngines(t, func(t *testing.T, s *site) {
		c, cb := s.signedIn(ali())
		writer, wb := s.staffIn("writer", []string{identity.RoleSupport})
		_, fb := s.staffIn("mina", []string{identity.RoleFinance}, "finance")
		_, ad := s.staffIn("boss", []string{identity.RoleAdmin})

		// Departments: admins only; adding a member opens the queue to them.
		wb.Get("/staff/support/departments").Want(t, http.StatusForbidden, "").Has(t, txtForbidden)
		ad.Get("/staff/support/departments").Want(t, http.StatusOK, "").Has(t, "پشتیبانی فنی", "رفاهی", "۲ ساعت", "۷ روز")
		wb.Get("/staff/support").Want(t, http.StatusForbidden, "")
		ad.PostForm("/staff/support/departments", "/staff/support/departments/"+strconv.FormatInt(s.dept("technical"), 10)+"/members",
			url.Values{"staff": {strconv.FormatInt(writer.ID, 10)}}).Want(t, http.StatusSeeOther, "/staff/support/departments")
		wb.Get("/staff/support").Want(t, http.StatusOK, "")
		ad.PostForm("/staff/support/departments", "/staff/support/targets", url.Values{"priority": {"low"}, "first_answer": {"۳۶"}, "resolution": {"72"}}).
			Want(t, http.StatusSeeOther, "/staff/support/departments")
		ad.Get("/staff/support/departments").Has(t, "۳۶ ساعت", "۳ روز")

		// Announcements: support staff write them, finance may not.
		fb.Get("/staff/support/announcements").Want(t, http.StatusForbidden, "")
		wb.PostForm("/staff/support/announcements", "/staff/support/announcements", url.Values{"title": {"<b>قطعی</b> برنامه‌ریزی شده"},
			"body": {"شبکه امشب از ساعت ۲ تا ۴ در دسترس نیست"}, "audience": {"all"}, "starts": {"۱۴۰۵/۰۱/۰۱"}, "ends": {"1405/01/03"}}).
			Want(t, http.StatusSeeOther, "/staff/support/announcements")
		wb.Get("/staff/support/announcements").Has(t, "&lt;b&gt;قطعی&lt;/b&gt;", "در حال نمایش").Lacks(t, "<b>قطعی")
		wb.PostForm("/staff/support/announcements", "/staff/support/announcements", url.Values{"title": {"x"}, "body": {"y"}, "audience": {"all"}, "starts": {"1405/01/05"}, "ends": {"1405/01/01"}}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, "تاریخ پایان باید بعد از تاریخ شروع باشد")
		an, err := s.svc.AnnouncementFor(context.Background(), c.ID, s.clock.Now())
		if err != nil || an == nil || an.Title != "<b>قطعی</b> برنامه‌ریزی شده" {
			t.Fatalf("announcement for the home page: %+v %v", an, err)
		}

		// Surveys: define, publish, answer once, results as counts and bars.
		r := wb.PostForm("/staff/support/surveys", "/staff/support/surveys", url.Values{"title": {"رضایت از پشتیبانی"}}).Want(t, http.StatusSeeOther, "*")
		sp := r.Location
		wb.PostForm(sp, sp+"/questions", url.Values{"kind": {"choice"}, "text": {"از پاسخگویی راضی بودید؟"}, "options": {"بله\nخیر"}}).Want(t, http.StatusSeeOther, sp)
		wb.PostForm(sp, sp+"/questions", url.Values{"kind": {"text"}, "text": {"پیشنهاد شما؟"}}).Want(t, http.StatusSeeOther, sp)
		cb.Get("/surveys").Has(t, "نظرسنجی فعالی وجود ندارد")
		cb.Get("/surveys/"+idFrom(t, sp)).Want(t, http.StatusNotFound, "")
		wb.PostForm(sp, sp+"/open", nil).Want(t, http.StatusSeeOther, sp)
		sv, _ := s.svc.Survey(context.Background(), mustID(t, idFrom(t, sp)))
		q1, q2 := "q"+strconv.FormatInt(sv.Questions[0].ID, 10), "q"+strconv.FormatInt(sv.Questions[1].ID, 10)
		cp := "/surveys/" + idFrom(t, sp)
		cb.Get("/surveys").Has(t, "رضایت از پشتیبانی", "شرکت در نظرسنجی")
		cb.PostForm(cp, cp, url.Values{q1: {"0"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, "به همه سوال‌ها پاسخ دهید")
		cb.PostForm(cp, cp, url.Values{q1: {"0"}, q2: {"<script>alert(4)</script> سریع‌تر"}}).Want(t, http.StatusSeeOther, "/surveys")
		cb.Get(cp).Has(t, "شما قبلاً در این نظرسنجی شرکت کرده‌اید").Lacks(t, `type="radio"`)
		// A second submission (an old tab) is refused; one response counted.
		token := cb.Token(cb.Page("/surveys"))
		cb.Send(http.MethodPost, cp, "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"csrf_token": {token}, q1: {"1"}, q2: {"دوباره"}}.Encode())).Want(t, http.StatusSeeOther, "/surveys")
		cb.Get("/surveys").Has(t, "شما قبلاً در این نظرسنجی شرکت کرده‌اید")
		res := wb.Get(sp).Want(t, http.StatusOK, "")
		res.Has(t, "شرکت‌کنندگان: ۱", "۱۰۰٪", `<rect class="bar" x="0" y="0" width="200"`, `width="0"`, "&lt;script&gt;alert(4)&lt;/script&gt;").Lacks(t, "<script>alert(4)", "دوباره")
	})
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
