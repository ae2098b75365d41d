package app

import (
	"embed"
	"io/fs"
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
