package isp_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

func TestSubscriberPagesShowTheGuidesFigures(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, b := e.customer("456789123")
		sub, err := e.isp.SeedGuideSubscriber(ctx, c.ID, "nasiri", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		b.Get("/isp").Want(t, http.StatusOK, "").Has(t, "۲۶ روز", "۴.۲۴ گیگابایت", fa.Digits(isp.GuideStandard), "دانشگاه", "بهره برداری",
			"فاقد سرویس رزرو", "۰.۰۰ گیگابایت", "فاقد IP استاتیک", "فاقد Route IP", "آفلاین", identity.IncompleteProfileMessage)
		b.Get("/isp/account").Want(t, http.StatusOK, "").Has(t, "nasiri", "۲۶ روز").Lacks(t, "modem-pass1")
		b.PostForm("/isp/account", "/isp/account/reveal", nil).Want(t, http.StatusOK, "").Has(t, "modem-pass1")

		// The seeded usage day is yesterday: 1394/11/24, as in the guide.
		y := "1394%2F11%2F24"
		b.Get("/isp/account?tab=usage&from="+y+"&to="+y).Want(t, http.StatusOK, "").
			Has(t, "۲۳.۲۷", "۱۱.۰۸", "۲۴۳.۶۳", "۵۳.۳۹", "۲۹۷.۰۲", "نمایش ۱ - ۱۰ از ۲۵")
		b.Get("/isp/account?tab=usage&from="+y+"&to="+y+"&page=3").Want(t, http.StatusOK, "").Has(t, "نمایش ۲۱ - ۲۵ از ۲۵")
		b.Get("/isp/account?tab=usage&from=1394/13/01").Want(t, http.StatusOK, "").Has(t, "تاریخ شروع معتبر نیست")

		b.Get("/isp/history").Has(t, "کانورت اطلاعات اولیه", "حضور نماینده فروش", "مدیر سامانه", "آنلاین")
		b.Get("/isp/history?tab=bills").Has(t, "۲۲۲٬۱۶۶ ریال", "۲۱۵٬۰۰۰ ریال", "۲۲۷٬۹۰۰ ریال", "فروردین ماه سال ۱۳۹۴")
		b.Get("/isp/history?tab=campaigns").Has(t, "شارژ با موفقیت اعمال شده", "۵۱۲۰", "۱۳۹۳/۰۵/۱۹ ۰۳:۲۰")
		b.Get("/isp/line-history").Has(t, "در لیست جمع آوری", "۱۳۹۴/۰۷/۲۷", "۱۳۹۴/۱۱/۲۱")

		// Internet password: the guide's warning, errors next to fields.
		b.Get("/isp/internet-password").Has(t, "در صورت تغییر کلمه عبور اینترنت بایستی کلمه عبور جدید در تنظیمات مودم شما نیز تغییر یابد")
		r := b.PostForm("/isp/internet-password", "/isp/internet-password", url.Values{"old": {"nope-nope"}, "new": {"fresh-pass-1"}, "repeat": {"fresh-pass-1"}})
		r.Want(t, http.StatusUnprocessableEntity, "").Has(t, isp.ErrWrongOldPassword.Message).Lacks(t, "fresh-pass-1")
		b.PostForm("/isp/internet-password", "/isp/internet-password", url.Values{"old": {"modem-pass1"}, "new": {"fresh-pass-1"}, "repeat": {"fresh-pass-1"}}).Want(t, http.StatusSeeOther, "/isp/internet-password")
		if pw, _ := e.isp.InternetPassword(ctx, sub.ID); pw != "fresh-pass-1" {
			t.Fatalf("password %q", pw)
		}

		// Renew tabs.
		for _, tab := range []string{"service", "traffic", "timed", "change", "ip", "free"} {
			b.Get("/isp/renew?tab="+tab).Want(t, http.StatusOK, "").Has(t, "خرید سرویس", "شارژ رایگان", "تمدید IP استاتیک")
		}
		b.Get("/isp/renew?tab=ip").Has(t, "85.9.70.25", "۵۰٬۰۰۰ ریال", "منقضی شده")
		b.Get("/isp/renew?tab=free").Has(t, "هنوز تمام نشده")
		b.PostForm("/isp/renew?tab=traffic", "/isp/renew/traffic", url.Values{"plan": {"x"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, "انتخاب نمایید")
		r = b.PostForm("/isp/renew?tab=ip", "/isp/renew/ip", url.Values{"months": {"2"}}).Want(t, http.StatusSeeOther, "*")
		b.Get(r.Location).Want(t, http.StatusOK, "").Has(t, "۱۰۰٬۰۰۰ ریال", "۹٬۰۰۰ ریال", "۱۰۹٬۰۰۰ ریال")
	})
}

func TestChangeServicePreInvoice(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, b := e.customer("332239700")
		if _, err := e.isp.SeedChangeExample(ctx, c.ID, "pishgaman", "modem-pass1"); err != nil {
			t.Fatal(err)
		}
		b.Get("/isp/renew?tab=change").Want(t, http.StatusOK, "").Has(t, fa.Digits(isp.GuideFirooze), "۲٬۰۰۰٬۰۰۰ ریال", "۳۵۲", "۱٬۹۲۸٬۷۶۷ ریال", "روزهای باقیمانده")
		var zomorod string
		plans, _ := e.isp.Plans(ctx, isp.PlanService, false)
		for _, p := range plans {
			if p.Name == isp.GuideZomorod {
				zomorod = fmtInt(p.ID)
			}
		}
		r := b.PostForm("/isp/renew?tab=change", "/isp/renew/change", url.Values{"plan": {zomorod}}).Want(t, http.StatusSeeOther, "*")
		if !strings.HasPrefix(r.Location, "/orders/") {
			t.Fatalf("went to %s", r.Location)
		}
		b.Get(r.Location).Want(t, http.StatusOK, "").Has(t, isp.GuideZomorod, "۸٬۰۰۰٬۰۰۰ ریال", "۷۲۰٬۰۰۰ ریال", "۱٬۹۲۸٬۷۶۷ ریال", "۶٬۷۹۱٬۲۳۳ ریال", "شماره سفارش شما جهت پیگیری")
		// The same plan again, and a plan of another kind, are refused.
		b.PostForm("/isp/renew?tab=change", "/isp/renew/change", url.Values{"plan": {"999999"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, isp.ErrNoPlan.Message)
	})
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

func testPNG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(1, 1, color.RGBA{1, 2, 3, 255})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

func TestDocumentsAndStaffReview(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, b := e.customer("456700123")
		sub, err := e.isp.SeedChangeExample(ctx, c.ID, "docuser", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		upload(b, "/isp/documents", "/isp/documents", map[string][]byte{"melli.png": testPNG(40, 30), "evil.jpg": []byte("<script>alert(1)</script>")}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, isp.ErrDocumentType.Message)
		upload(b, "/isp/documents", "/isp/documents", map[string][]byte{"melli.png": testPNG(40, 30)}).Want(t, http.StatusSeeOther, "/isp/documents")
		b.Get("/isp/documents").Has(t, "melli.jpg", "در انتظار بررسی")
		docs, _ := e.isp.Documents(ctx, sub.ID)
		img := b.Get("/isp/documents/" + fmtInt(docs[0].ID))
		if img.Status != http.StatusOK || img.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("image %d %s", img.Status, img.Header.Get("Content-Type"))
		}
		// Another customer cannot see it.
		_, other := e.customer("456700124")
		other.Get("/isp/documents/"+fmtInt(docs[0].ID)).Want(t, http.StatusNotFound, "")

		sales := e.staffMember("sales1", identity.RoleSalesAgent)
		sales.Get("/staff/isp").Want(t, http.StatusOK, "").Has(t, "melli.jpg", "docuser")
		sales.PostForm("/staff/isp", "/staff/isp/documents/"+fmtInt(docs[0].ID)+"/review", url.Values{"decision": {"reject"}}).Want(t, http.StatusSeeOther, "/staff/isp")
		sales.Get("/staff/isp").Has(t, isp.ErrRejectReason.Message)
		sales.PostForm("/staff/isp", "/staff/isp/documents/"+fmtInt(docs[0].ID)+"/review", url.Values{"decision": {"reject"}, "reason": {"تصویر ناخوانا"}}).Want(t, http.StatusSeeOther, "/staff/isp")
		b.Get("/isp/documents").Has(t, "رد شده", "تصویر ناخوانا", "مهلت دارید")
		// Support staff have no ISP desk.
		e.staffMember("support1", identity.RoleSupport).Get("/staff/isp").Want(t, http.StatusForbidden, "")
		// Sales sell in person.
		plans, _ := e.isp.Plans(ctx, isp.PlanTraffic, false)
		sales.PostForm("/staff/isp/subscribers/"+fmtInt(sub.ID), "/staff/isp/subscribers/"+fmtInt(sub.ID)+"/sell",
			url.Values{"plan": {"traffic:" + fmtInt(plans[0].ID)}}).Want(t, http.StatusSeeOther, "*")
		b.Get("/isp/history").Has(t, fa.Digits(plans[0].Name), "حضور نماینده فروش")
		// A static IP, then its renewal tab.
		sales.PostForm("/staff/isp/subscribers/"+fmtInt(sub.ID), "/staff/isp/subscribers/"+fmtInt(sub.ID)+"/static-ip",
			url.Values{"ip": {"85.9.70.999"}, "ip_monthly": {"50000"}, "ip_months": {"2"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, isp.ErrStaticIP.Message)
		sales.PostForm("/staff/isp/subscribers/"+fmtInt(sub.ID), "/staff/isp/subscribers/"+fmtInt(sub.ID)+"/static-ip",
			url.Values{"ip": {"۸۵.۹.۷۰.۲۵"}, "ip_monthly": {"50000"}, "ip_months": {"2"}}).Want(t, http.StatusSeeOther, "*")
		b.Get("/isp").Has(t, "85.9.70.25")
		b.Get("/isp/renew?tab=ip").Has(t, "85.9.70.25", "۵۰٬۰۰۰ ریال", "فعال")
		// Line details and a password reset.
		line := "/staff/isp/subscribers/" + fmtInt(sub.ID)
		sales.PostForm(line, line+"/line", url.Values{"phone": {"32239700"}, "route_ip": {"85.9.70.0/99"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, "Route IP باید")
		sales.PostForm(line, line+"/line", url.Values{"phone": {"32239700"}, "centre": {"دانشگاه"}, "route_ip": {"85.9.70.0/29"}, "password": {"reset-pass-9"}}).Want(t, http.StatusSeeOther, line)
		b.Get("/isp").Has(t, "85.9.70.0/29", "دانشگاه")
		if pw, _ := e.isp.InternetPassword(ctx, sub.ID); pw != "reset-pass-9" {
			t.Fatalf("password after reset %q", pw)
		}
	})
}

// A refusal reaches the page as its Persian sentence (never the code
// err.Error() gives the logs), and next to the field it is about.
func TestRefusalsShowTheirPersianSentence(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, b := e.customer("456700125")
		sub, err := e.isp.SeedChangeExample(ctx, c.ID, "refuseduser", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		// The service's refusal names the file it is about.
		upload(b, "/isp/documents", "/isp/documents", map[string][]byte{"evil.jpg": []byte("<script>alert(1)</script>")}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, "evil.jpg: فقط تصویر JPEG، PNG یا GIF پذیرفته می شود.").Lacks(t, "document_type")
		_, err = e.isp.UploadDocuments(ctx, sub.ID, []isp.Upload{{Name: "evil.jpg", Data: []byte("<script>")}})
		if msg, ok := fa.UserMessage(err); !ok || msg != "evil.jpg: فقط تصویر JPEG، PNG یا GIF پذیرفته می شود." || !errors.Is(err, isp.ErrDocumentType) {
			t.Fatalf("upload refused with %q (%v), want the file's name and the document type's sentence", msg, err)
		}
		// A wrong routed network is told beside its own field.
		sales := e.staffMember("sales9", identity.RoleSalesAgent)
		line := "/staff/isp/subscribers/" + fmtInt(sub.ID)
		sales.PostForm(line, line+"/line", url.Values{"phone": {"32239700"}, "route_ip": {"85.9.70.0/99"}}).Want(t, http.StatusUnprocessableEntity, "").
			Has(t, `id="err-route_ip">Route IP باید یک شبکه IPv4 مانند 85.9.70.0/29 باشد.</span>`).Lacks(t, `id="err-phone"`)
	})
}

func TestStaffPlansLinesAndFreeCharge(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		admin := e.staffMember("admin1", identity.RoleAdmin)
		admin.PostForm("/staff/isp/plans", "/staff/isp/plans", url.Values{"kind": {"service"}, "name": {""}, "price": {"1000"}, "days": {"30"}}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, "نام طرح را بنویسید")
		admin.PostForm("/staff/isp/plans", "/staff/isp/plans", url.Values{"kind": {"service"}, "name": {"یک ماهه سرعت 512 کیلوبیت حجم 3 گیگ"}, "price": {"120,000"},
			"days": {"30"}, "traffic_mb": {"3072"}, "speed_kbps": {"512"}}).Want(t, http.StatusSeeOther, "/staff/isp/plans")
		admin.Get("/staff/isp/plans").Has(t, "یک ماهه سرعت ۵۱۲ کیلوبیت حجم ۳ گیگ", "۱۲۰٬۰۰۰ ریال", "پیش پرداخت")
		admin.PostForm("/staff/isp", "/staff/isp/free-charge", url.Values{"free_days": {"40"}, "free_mb": {"100"}}).Want(t, http.StatusUnprocessableEntity, "")
		admin.PostForm("/staff/isp", "/staff/isp/free-charge", url.Values{"free_days": {"3"}, "free_mb": {"200"}}).Want(t, http.StatusSeeOther, "/staff/isp")
		admin.PostForm("/staff/isp/plans", "/staff/isp/campaigns/run", nil).Want(t, http.StatusSeeOther, "/staff/isp/plans")
		admin.Get("/staff/isp/plans").Has(t, "شارژ کمپین این ماه برای ۰ مشترک اعمال شد")
		if f, _ := e.isp.FreeChargeSetting(ctx); f.Days != 3 || f.MB != 200 {
			t.Fatalf("free charge %+v", f)
		}
		// Sales agents register a line; they cannot add plans.
		sales := e.staffMember("sales2", identity.RoleSalesAgent)
		sales.Get("/staff/isp/plans").Want(t, http.StatusForbidden, "")
		c, b := e.customer("456700777")
		b.Get("/isp").Want(t, http.StatusNotFound, "").Has(t, "خط اینترنتی ثبت نشده")
		sales.PostForm("/staff/isp", "/staff/isp/subscribers", url.Values{"national_code": {c.NationalCode}, "phone": {"۳۲۲۳۹۷۰۰"}, "username": {"A"}, "password": {"modem-pass1"}}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, isp.ErrUsername.Message).Lacks(t, "modem-pass1")
		sales.PostForm("/staff/isp", "/staff/isp/subscribers", url.Values{"national_code": {c.NationalCode}, "phone": {"۳۲۲۳۹۷۰۰"}, "centre": {"دانشگاه"}, "username": {"newline"}, "password": {"modem-pass1"}}).
			Want(t, http.StatusSeeOther, "*")
		sales.PostForm("/staff/isp", "/staff/isp/subscribers", url.Values{"national_code": {c.NationalCode}, "phone": {"32239700"}, "username": {"other"}, "password": {"modem-pass1"}}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, isp.ErrAlreadySubscriber.Message)
		b.Get("/isp").Want(t, http.StatusOK, "").Has(t, "۳۲۲۳۹۷۰۰", "دانشگاه", "فاقد سرویس فعال")
		b.Get("/isp/renew?tab=free").Has(t, "شارژ رایگان")
		b.PostForm("/isp/renew?tab=free", "/isp/renew/free", nil).Want(t, http.StatusUnprocessableEntity, "").Has(t, isp.ErrNoActiveService.Message)
	})
}
