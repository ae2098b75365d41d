package support_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/support"
)

func TestTicketLifecycle(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.customer(ali())
		tech := e.staff("reza", []string{identity.RoleSupport}, "technical")
		other := e.staff("sara", []string{identity.RoleSupport}, "technical")

		// Latin-only title or text is refused with the guide's sentence.
		for _, in := range []support.NewTicket{
			{Title: "internet is down", Body: persianBody},
			{Title: persianTitle, Body: "please check my internet connection"},
			{Title: "salam internet ghate", Body: "lotfan check konid"},
		} {
			in.DepartmentID, in.Service, in.Priority = e.dept("technical"), support.GeneralService, support.PriorityLow
			_, err := e.svc.OpenTicket(ctx, a.ID, in)
			if !errors.Is(err, support.ErrNotPersian) || err.(*fa.Error).Message != "لطفاً عنوان و متن تیکت خود را با خط فارسی بنویسید" {
				t.Fatalf("%q / %q: got %v, want the guide's refusal", in.Title, in.Body, err)
			}
		}
		// Persian with a model name inside is fine; a service not offered is not.
		_, err := e.svc.OpenTicket(ctx, a.ID, support.NewTicket{DepartmentID: e.dept("technical"), Service: "adsl", Priority: support.PriorityLow, Title: persianTitle, Body: persianBody})
		if !errors.Is(err, support.ErrService) {
			t.Fatalf("unknown service: %v", err)
		}
		mixed, err := e.svc.OpenTicket(ctx, a.ID, support.NewTicket{DepartmentID: e.dept("technical"), Service: support.GeneralService,
			Priority: support.PriorityHigh, Title: "مودم TP-Link من وصل نمی‌شود", Body: "چراغ ADSL مودم خاموش است و اینترنت ندارم"})
		if err != nil {
			t.Fatalf("Persian with Latin model name: %v", err)
		}

		first := e.open(a.ID, "technical", support.PriorityLow)
		e.clock.Set(e.clock.Now().Add(time.Minute))
		second := e.open(a.ID, "technical", support.PriorityVeryHigh)
		if first.Status != support.StatusOpen || first.StatusLabel() != "باز است" || second.PriorityLabel() != "اولویت بسیار بالا" {
			t.Fatalf("new ticket: %+v", second)
		}
		list, total, err := e.svc.CustomerTickets(ctx, a.ID, 0, 10)
		if err != nil || total != 3 || list[0].ID != second.ID || list[2].ID != mixed.ID {
			t.Fatalf("list newest first: total %d, %v, err %v", total, list, err)
		}

		// Staff answer: answered, taken, and an SMS in the same transaction.
		if err := e.svc.Answer(ctx, tech, second.ID, "سلام، مشکل برطرف شد.", nil); err != nil {
			t.Fatal(err)
		}
		got, msgs, err := e.svc.CustomerTicket(ctx, a.ID, second.ID)
		if err != nil || got.Status != support.StatusAnswered || got.FirstAnsweredAt == nil || got.AssignedTo != tech.ID || len(msgs) != 2 {
			t.Fatalf("after answer: %+v, %d messages, %v", got, len(msgs), err)
		}
		sms := e.outbox(a.ID)
		if len(sms) != 1 || sms[0].Reason != support.AnswerReason || sms[0].Mobile != "09121234567" || !strings.Contains(sms[0].Body, "تیکت شماره "+fa.Digits(strconv.FormatInt(second.ID, 10))) {
			t.Fatalf("SMS after answer: %+v", sms)
		}

		// A note and events are staff only.
		if err := e.svc.AddNote(ctx, tech, second.ID, "یادداشت محرمانه: مودم مشتری قدیمی است"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Assign(ctx, tech, second.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		_, msgs, _ = e.svc.CustomerTicket(ctx, a.ID, second.ID)
		for _, m := range msgs {
			if m.Kind != support.KindMessage {
				t.Fatalf("customer sees %s %q", m.Kind, m.Body)
			}
		}
		_, all, _ := e.svc.StaffThread(ctx, tech, second.ID)
		if len(all) != 4 || all[2].Kind != support.KindNote || all[3].Kind != support.KindEvent {
			t.Fatalf("staff thread: %+v", all)
		}

		// The customer replies: waiting for staff again.
		if err := e.svc.CustomerReply(ctx, a.ID, second.ID, "ممنون، دوباره قطع شد", nil); err != nil {
			t.Fatal(err)
		}
		if got, _ = e.svc.StaffTicket(ctx, tech, second.ID); got.Status != support.StatusOpen || got.AssignedTo != other.ID {
			t.Fatalf("after reply: %+v", got)
		}
		// Another customer cannot reply, nor see it.
		m := e.customer(maryam())
		if err := e.svc.CustomerReply(ctx, m.ID, second.ID, "پیام غریبه", nil); !errors.Is(err, support.ErrNotFound) {
			t.Fatalf("stranger reply: %v", err)
		}
		if _, _, err := e.svc.CustomerTicket(ctx, m.ID, second.ID); !errors.Is(err, support.ErrNotFound) {
			t.Fatalf("stranger read: %v", err)
		}

		// Assigning someone outside the department is refused.
		fin := e.staff("mina", []string{identity.RoleFinance}, "finance")
		if err := e.svc.Assign(ctx, tech, second.ID, fin.ID); !errors.Is(err, support.ErrAssignee) {
			t.Fatalf("assign outside department: %v", err)
		}

		// Close, refuse replies, reopen with a fresh resolution target.
		if err := e.svc.Close(ctx, tech, second.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.CustomerReply(ctx, a.ID, second.ID, "سلام دوباره", nil); !errors.Is(err, support.ErrClosed) {
			t.Fatalf("reply to closed: %v", err)
		}
		if err := e.svc.Answer(ctx, tech, second.ID, "پاسخ", nil); !errors.Is(err, support.ErrClosed) {
			t.Fatalf("answer closed: %v", err)
		}
		e.clock.Set(e.clock.Now().Add(24 * time.Hour))
		if err := e.svc.Reopen(ctx, tech, second.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = e.svc.StaffTicket(ctx, tech, second.ID)
		if got.Status != support.StatusOpen || got.ClosedAt != nil || !got.ResolutionDue.Equal(e.clock.Now().Add(8*time.Hour)) {
			t.Fatalf("after reopen: %+v", got)
		}

		// Moving to finance: the technical staff lose it, finance gain it.
		if err := e.svc.Move(ctx, tech, second.ID, e.dept("finance")); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.StaffTicket(ctx, tech, second.ID); !errors.Is(err, support.ErrNotFound) {
			t.Fatalf("moved ticket still visible to technical: %v", err)
		}
		if got, err := e.svc.StaffTicket(ctx, fin, second.ID); err != nil || got.AssignedTo != 0 || got.DepartmentName != "امور مالی" {
			t.Fatalf("moved ticket for finance: %+v %v", got, err)
		}
		// Only one SMS: notes, events and refusals send nothing.
		if n := len(e.outbox(a.ID)); n != 1 {
			t.Fatalf("%d SMS, want 1", n)
		}
	})
}

func TestQueueSeesOnlyOwnDepartments(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.customer(ali())
		m := e.customer(maryam())
		techT := e.open(a.ID, "technical", support.PriorityLow)
		finT := e.open(m.ID, "finance", support.PriorityHigh)
		tech := e.staff("reza", []string{identity.RoleSupport}, "technical")
		admin := e.staff("boss", []string{identity.RoleAdmin})
		nobody := e.staff("idle", []string{identity.RoleSupport})

		list, total, err := e.svc.Queue(ctx, tech, support.QueueFilter{})
		if err != nil || total != 1 || list[0].ID != techT.ID {
			t.Fatalf("technical queue: %d %v %v", total, list, err)
		}
		if list, total, _ = e.svc.Queue(ctx, tech, support.QueueFilter{DepartmentID: e.dept("finance")}); total != 0 || len(list) != 0 {
			t.Fatalf("technical staff listing finance: %v", list)
		}
		if _, err := e.svc.StaffTicket(ctx, tech, finT.ID); !errors.Is(err, support.ErrNotFound) {
			t.Fatalf("technical staff reading finance ticket: %v", err)
		}
		if err := e.svc.AddNote(ctx, tech, finT.ID, "یادداشت"); !errors.Is(err, support.ErrNotFound) {
			t.Fatalf("technical staff writing on finance ticket: %v", err)
		}
		if _, total, _ = e.svc.Queue(ctx, admin, support.QueueFilter{}); total != 2 {
			t.Fatalf("admin sees %d tickets, want 2", total)
		}
		if nobody.HasDesk() {
			t.Fatal("staff without department has a desk")
		}
		if _, total, _ = e.svc.Queue(ctx, nobody, support.QueueFilter{}); total != 0 {
			t.Fatalf("staff without department sees %d", total)
		}
		// Filters: national code, priority, status, age.
		if _, total, _ = e.svc.Queue(ctx, admin, support.QueueFilter{NationalCode: m.NationalCode}); total != 1 {
			t.Fatalf("by national code: %d", total)
		}
		if _, total, _ = e.svc.Queue(ctx, admin, support.QueueFilter{Priority: support.PriorityLow}); total != 1 {
			t.Fatalf("by priority: %d", total)
		}
		if _, total, _ = e.svc.Queue(ctx, admin, support.QueueFilter{Status: support.StatusClosed}); total != 0 {
			t.Fatalf("closed: %d", total)
		}
		if _, total, _ = e.svc.Queue(ctx, admin, support.QueueFilter{OlderThan: 24 * time.Hour}); total != 0 {
			t.Fatalf("older than a day, now: %d", total)
		}
		e.clock.Set(e.clock.Now().Add(24 * time.Hour))
		if _, total, _ = e.svc.Queue(ctx, admin, support.QueueFilter{OlderThan: 24 * time.Hour}); total != 2 {
			t.Fatalf("older than a day, a day later: %d", total)
		}
	})
}

func TestOverdueAtTheBoundary(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.customer(ali())
		admin := e.staff("boss", []string{identity.RoleAdmin})
		start := e.clock.Now()
		tk := e.open(a.ID, "technical", support.PriorityVeryHigh) // 2h to answer, 8h to resolve

		check := func(at time.Time, want string, wantListed int) {
			t.Helper()
			e.clock.Set(at)
			got, err := e.svc.StaffTicket(ctx, admin, tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			if o := got.Overdue(at); o != want {
				t.Fatalf("at +%v: overdue %q, want %q", at.Sub(start), o, want)
			}
			if _, n, _ := e.svc.Queue(ctx, admin, support.QueueFilter{OverdueOnly: true}); n != wantListed {
				t.Fatalf("at +%v: overdue filter lists %d, want %d", at.Sub(start), n, wantListed)
			}
		}
		check(start.Add(2*time.Hour-time.Second), "", 0)
		check(start.Add(2*time.Hour), "", 0)
		check(start.Add(2*time.Hour+time.Second), support.OverdueFirstAnswer, 1)
		if err := e.svc.Answer(ctx, admin, tk.ID, "در حال بررسی هستیم", nil); err != nil {
			t.Fatal(err)
		}
		check(start.Add(8*time.Hour), "", 0)
		check(start.Add(8*time.Hour+time.Second), support.OverdueResolution, 1)
		if err := e.svc.Close(ctx, admin, tk.ID); err != nil {
			t.Fatal(err)
		}
		check(start.Add(9*time.Hour), "", 0)

		// Targets are configurable; new tickets take the new ones.
		if err := e.svc.SetTarget(ctx, support.Target{Priority: support.PriorityLow, FirstAnswer: time.Hour, Resolution: 30 * time.Minute}); !errors.Is(err, support.ErrTarget) {
			t.Fatalf("resolution before first answer: %v", err)
		}
		if err := e.svc.SetTarget(ctx, support.Target{Priority: support.PriorityLow, FirstAnswer: time.Hour, Resolution: 3 * time.Hour}); err != nil {
			t.Fatal(err)
		}
		low := e.open(a.ID, "technical", support.PriorityLow)
		if !low.FirstAnswerDue.Equal(e.clock.Now().Add(time.Hour)) || !low.ResolutionDue.Equal(e.clock.Now().Add(3*time.Hour)) {
			t.Fatalf("due times with new target: %v %v", low.FirstAnswerDue, low.ResolutionDue)
		}
		targets, _ := e.svc.Targets(ctx)
		if len(targets) != 4 || targets[0].Priority != support.PriorityVeryHigh || targets[0].FirstAnswer != 2*time.Hour || targets[3].Resolution != 3*time.Hour {
			t.Fatalf("targets: %+v", targets)
		}
	})
}

func TestAttachmentsCheckedByContent(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.customer(ali())
		tk := e.open(a.ID, "technical", support.PriorityLow,
			support.Upload{Name: `C:\Users\ali\screen shot.png`, Content: pngBytes(t)},
			support.Upload{Name: "photo.jpeg", Content: jpegBytes(t)},
			support.Upload{Name: "bill.exe", Content: pdfBytes})
		_, msgs, err := e.svc.CustomerTicket(ctx, a.ID, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		atts := msgs[0].Attachments
		if len(atts) != 3 || atts[0].FileName != "screen shot.png" || atts[0].ContentType != "image/png" ||
			atts[1].FileName != "photo.jpg" || atts[2].FileName != "bill.pdf" || atts[2].ContentType != "application/pdf" {
			t.Fatalf("attachments: %+v", atts)
		}
		f, err := e.svc.CustomerAttachment(ctx, a.ID, atts[0].ID)
		if err != nil || string(f.Content) != string(pngBytes(t)) {
			t.Fatalf("download: %v", err)
		}
		m := e.customer(maryam())
		if _, err := e.svc.CustomerAttachment(ctx, m.ID, atts[0].ID); !errors.Is(err, support.ErrNotFound) {
			t.Fatalf("another customer's attachment: %v", err)
		}

		broken := append([]byte(nil), pngBytes(t)[:30]...)
		big := append(pngBytes(t), make([]byte, 64<<10)...)
		for name, files := range map[string][]support.Upload{
			"php renamed png":   {{Name: "shell.png", Content: phpBytes}},
			"html":              {{Name: "page.png", Content: []byte("<html><script>alert(1)</script></html>")}},
			"truncated png":     {{Name: "cut.png", Content: broken}},
			"pdf without end":   {{Name: "x.pdf", Content: []byte("%PDF-1.4\nno end")}},
			"gif":               {{Name: "a.gif", Content: []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}},
			"too large":         {{Name: "big.png", Content: big}},
			"four files":        {{Name: "1.png", Content: pngBytes(t)}, {Name: "2.png", Content: pngBytes(t)}, {Name: "3.png", Content: pngBytes(t)}, {Name: "4.png", Content: pngBytes(t)}},
			"empty with a name": {{Name: "empty.png"}},
		} {
			err := e.svc.CustomerReply(ctx, a.ID, tk.ID, "این هم فایل من", files)
			var se *fa.Error
			if !errors.As(err, &se) || se.Field != "files" {
				t.Fatalf("%s: got %v, want a refusal on the files field", name, err)
			}
		}
		_, msgs, _ = e.svc.CustomerTicket(ctx, a.ID, tk.ID)
		if len(msgs) != 1 {
			t.Fatalf("refused replies were stored: %d messages", len(msgs))
		}
	})
}

// area is a stand-in for an area that has customers.
type area struct {
	key      string
	services map[int64][]string
}

func (a area) Audience() (string, string) { return a.key, "اینترنت" }
func (a area) CustomerServices(_ context.Context, id int64) ([]string, error) {
	return a.services[id], nil
}

func TestAnnouncementsRotate(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.customer(ali())
		m := e.customer(maryam())
		e.svc.AddArea(area{key: "isp", services: map[int64][]string{a.ID: {"adsl ۲۰۴۸"}}})
		writer := e.staff("writer", []string{identity.RoleSupport})
		now := e.clock.Now()
		add := func(title, audience string, from, to time.Time) {
			t.Helper()
			if _, err := e.svc.CreateAnnouncement(ctx, writer.ID, support.NewAnnouncement{Title: title, Body: "متن " + title, Audience: audience, StartsAt: from, EndsAt: to}); err != nil {
				t.Fatalf("%s: %v", title, err)
			}
		}
		add("یک", support.AudienceAll, now.Add(-time.Hour), now.Add(time.Hour))
		add("دو", support.AudienceAll, now.Add(-time.Hour), now.Add(time.Hour))
		add("ویژه اینترنت", "isp", now.Add(-time.Hour), now.Add(time.Hour))
		add("گذشته", support.AudienceAll, now.Add(-2*time.Hour), now.Add(-time.Hour))
		add("آینده", support.AudienceAll, now.Add(time.Hour), now.Add(2*time.Hour))
		if _, err := e.svc.CreateAnnouncement(ctx, writer.ID, support.NewAnnouncement{Title: "x", Body: "y", Audience: "nowhere", StartsAt: now, EndsAt: now.Add(time.Hour)}); !errors.Is(err, support.ErrAudience) {
			t.Fatalf("unknown audience: %v", err)
		}
		if _, err := e.svc.CreateAnnouncement(ctx, writer.ID, support.NewAnnouncement{Title: "x", Body: "y", Audience: support.AudienceAll, StartsAt: now, EndsAt: now}); !errors.Is(err, support.ErrDates) {
			t.Fatalf("empty window: %v", err)
		}

		seen := func(customerID int64, n int) []string {
			var out []string
			for i := 0; i < n; i++ {
				an, err := e.svc.AnnouncementFor(ctx, customerID, now)
				if err != nil || an == nil {
					t.Fatalf("refresh %d: %v %v", i, an, err)
				}
				out = append(out, an.Title)
			}
			return out
		}
		// Every refresh shows another one; all current ones come round.
		got := seen(a.ID, 6)
		for i := 1; i < len(got); i++ {
			if got[i] == got[i-1] {
				t.Fatalf("same announcement twice in a row: %q", got)
			}
		}
		if strings.Join(got[:3], ",") != "یک,دو,ویژه اینترنت" || strings.Join(got[3:], ",") != strings.Join(got[:3], ",") {
			t.Fatalf("rotation for an internet customer: %q", got)
		}
		// A customer outside the area never sees the area's announcement.
		for _, title := range seen(m.ID, 4) {
			if title == "ویژه اینترنت" || title == "گذشته" || title == "آینده" {
				t.Fatalf("maryam sees %q", title)
			}
		}
		// Nothing current: nil.
		if an, err := e.svc.AnnouncementFor(ctx, a.ID, now.Add(10*time.Hour)); an != nil || err != nil {
			t.Fatalf("later: %v %v", an, err)
		}
	})
}

func TestSurveyAnsweredOnce(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.customer(ali())
		m := e.customer(maryam())
		writer := e.staff("writer", []string{identity.RoleSupport})
		sv, err := e.svc.CreateSurvey(ctx, writer.ID, "رضایت از خدمات")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.SetSurveyStatus(ctx, sv.ID, support.SurveyOpen); !errors.Is(err, support.ErrNoQuestions) {
			t.Fatalf("open without questions: %v", err)
		}
		if err := e.svc.AddQuestion(ctx, sv.ID, support.QuestionChoice, "از سرعت اینترنت راضی هستید؟", "فقط یک گزینه"); !errors.Is(err, support.ErrOptions) {
			t.Fatalf("one option: %v", err)
		}
		if err := e.svc.AddQuestion(ctx, sv.ID, support.QuestionChoice, "از سرعت اینترنت راضی هستید؟", "بله\nخیر\n\nتا حدی\n"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.AddQuestion(ctx, sv.ID, support.QuestionText, "پیشنهاد شما چیست؟", ""); err != nil {
			t.Fatal(err)
		}
		list, _ := e.svc.CustomerSurveys(ctx, a.ID)
		if len(list) != 0 {
			t.Fatalf("draft shown to customers: %v", list)
		}
		if err := e.svc.SetSurveyStatus(ctx, sv.ID, support.SurveyOpen); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.AddQuestion(ctx, sv.ID, support.QuestionText, "سوال دیر", ""); !errors.Is(err, support.ErrNotDraft) {
			t.Fatalf("question after opening: %v", err)
		}
		full, _ := e.svc.Survey(ctx, sv.ID)
		q1, q2 := full.Questions[0], full.Questions[1]
		if len(q1.Options) != 3 {
			t.Fatalf("options: %q", q1.Options)
		}
		if err := e.svc.AnswerSurvey(ctx, a.ID, sv.ID, map[int64]support.Answer{q1.ID: {Choice: 0}}); !errors.Is(err, support.ErrAnswerMissing) {
			t.Fatalf("missing answer: %v", err)
		}
		if err := e.svc.AnswerSurvey(ctx, a.ID, sv.ID, map[int64]support.Answer{q1.ID: {Choice: 0}, q2.ID: {Text: "سرعت بیشتر"}}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.AnswerSurvey(ctx, a.ID, sv.ID, map[int64]support.Answer{q1.ID: {Choice: 1}, q2.ID: {Text: "دوباره"}}); !errors.Is(err, support.ErrAnswered) {
			t.Fatalf("second answer: %v", err)
		}
		if err := e.svc.AnswerSurvey(ctx, m.ID, sv.ID, map[int64]support.Answer{q1.ID: {Choice: 0}, q2.ID: {Text: "قیمت کمتر"}}); err != nil {
			t.Fatal(err)
		}
		res, err := e.svc.Results(ctx, sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		c := res.Questions[0].Counts
		if res.Responses != 2 || c[0].Count != 2 || c[0].Percent != 100 || c[1].Count != 0 || len(res.Questions[1].Texts) != 2 {
			t.Fatalf("results: %+v", res)
		}
		list, _ = e.svc.CustomerSurveys(ctx, a.ID)
		if len(list) != 1 || !list[0].Answered {
			t.Fatalf("customer surveys: %+v", list)
		}
		if err := e.svc.SetSurveyStatus(ctx, sv.ID, support.SurveyClosed); err != nil {
			t.Fatal(err)
		}
		if list, _ = e.svc.CustomerSurveys(ctx, a.ID); len(list) != 0 {
			t.Fatalf("closed survey listed: %v", list)
		}
	})
}
