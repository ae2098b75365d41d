package app

import (
	"embed"
	"html/template"
	"io/fs"
	"strings"
	"sync"

	"pishkhan/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

func pages() fs.FS {
	f, _ := fs.Sub(templateFiles, "templates")
	return f
}

// area is one of the five systems Pishkhan implements, as the home page
// and the README describe them.
type area struct {
	Name  string // in Persian, as customers know it
	About string
	State string
	Ready bool
}

// areas lists the five systems and how far each has come. Update a line
// when its area lands.
func areas() []area {
	return []area{
		{"سرویس ویژه دارندگان کارت اعتباری", "وضعیت حساب اعتباری، وضعیت کارت، تغییر رمز، اعلام مفقودی، لیست خرید و پرداخت اقساط", "آماده", true},
		{"اعتبار رفاهی کارکنان (توانا کارت)", "درخواست اعتبار با معرفی ضامن، تایید منطقه، اعتبار ماهانه، فروشگاه‌های طرف قرارداد، کسر از حقوق", "آماده", true},
		{"احراز هویت و ورود یکپارچه", "ثبت نام با شماره همراه، کد امنیتی، کد احراز، کد ملی و تاریخ تولد، مجوز ورود یکپارچه", "آماده: «ثبت نام یا تنظیم رمز» در صفحه ورود", true},
		{"رمز دوم پویا", "رمز یکبار مصرف پیامکی، برنامک رمزساز، سقف رمز ایستا", "آماده: صفحه «رمز دوم»", true},
		{"پنل مشترکین اینترنت", "سرویس فعال، ترافیک و ریز مصرف، تمدید و تغییر سرویس، مدارک، پشتیبانی", "آماده", true},
	}
}

// areasGridTemplate is the home page's grid of the five areas. It does
// not change while the program runs, so it is written once (areasGrid)
// instead of on every home page, where it was most of the page's
// template work.
const areasGridTemplate = `<section class="grid">
{{- range $i, $a := .}}
  <article class="card area">
    <h2>{{digits (add $i 1)}}. {{$a.Name}}</h2>
    <p>{{$a.About}}</p>
    <p class="{{if $a.Ready}}status-ok{{else}}status-warn{{end}}">وضعیت: {{$a.State}}</p>
  </article>
{{- end}}
</section>`

var areasGrid = sync.OnceValue(func() template.HTML {
	t := template.Must(template.New("areas").Funcs(web.Funcs()).Parse(areasGridTemplate))
	var b strings.Builder
	if err := t.Execute(&b, areas()); err != nil {
		panic(err) // a fixed template over fixed data: a bug, found by any test that opens home
	}
	return template.HTML(b.String())
})
