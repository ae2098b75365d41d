package fa_test

import (
	"errors"
	"fmt"
	"time"

	"pishkhan/internal/fa"
)

func ExampleRials() {
	fmt.Println(fa.Rials(14926834))
	// Output: ۱۴٬۹۲۶٬۸۳۴ ریال
}

func ExampleParseRials() {
	n, err := fa.ParseRials("۱۴٬۹۲۶٬۸۳۴ ریال")
	fmt.Println(n, err)
	_, err = fa.ParseRials("1,5")
	fmt.Println(fa.UserMessage(err))
	// Output:
	// 14926834 <nil>
	// مبلغ معتبر نیست true
}

func ExampleNormalizeInput() {
	fmt.Printf("%q\n", fa.NormalizeInput("\u200c ۰۹۱۲ ۱۲۳ ۴۵۶۷ علي\u00a0"))
	// Output: "0912 123 4567 علی"
}

func ExampleFormatLongDate() {
	t := time.Date(2016, 2, 14, 14, 9, 0, 0, fa.Tehran)
	fmt.Println(fa.FormatDate(t))
	fmt.Println(fa.FormatDateTime(t))
	fmt.Println(fa.FormatLongDate(t))
	// Output:
	// ۱۳۹۴/۱۱/۲۵
	// ۱۳۹۴/۱۱/۲۵ ۱۴:۰۹
	// یک‌شنبه ۲۵ بهمن ۱۳۹۴
}

func ExampleParseDate() {
	d, err := fa.ParseDate("۱۳۶۹/۸/۱۷")
	fmt.Println(d, err)
	fmt.Println(d.Time(fa.Tehran).Format("2006-01-02"))
	_, err = fa.ParseDate("1404/12/30") // 1404 is not a leap year
	fmt.Println(fa.UserMessage(err))
	// Output:
	// 1369/08/17 <nil>
	// 1990-11-08
	// تاریخ معتبر نیست؛ نمونه: ۱۳۶۹/۰۸/۱۷ true
}

func ExampleDate_AddMonths() {
	fmt.Println(fa.Date{Year: 1403, Month: 6, Day: 31}.AddMonths(1))
	fmt.Println(fa.Date{Year: 1403, Month: 12, Day: 30}.AddMonths(12))
	// Output:
	// 1403/07/30
	// 1404/12/29
}

func ExampleParseMobile() {
	m, _ := fa.ParseMobile("+98 (0)912 123 ۴۵۶۷")
	fmt.Println(m, fa.MaskMobile(m))
	// Output: 09121234567 0912***4567
}

func ExampleParseNationalCode() {
	code, err := fa.ParseNationalCode("۰۰۸-۴۵۷۵۹۴-۸")
	fmt.Println(code, err)
	// Output: 0084575948 <nil>
}

func ExampleParseCardNumber() {
	n, _ := fa.ParseCardNumber("۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۷۸۹۳")
	fmt.Println(n)
	fmt.Println(fa.FormatCard(n))
	fmt.Println(fa.MaskCard(n))
	// Output:
	// 6037991234567893
	// 6037-9912-3456-7893
	// 6037-99**-****-7893
}

func ExampleParseSheba() {
	s, _ := fa.ParseSheba("ir06 2960 0000 0010 0324 2000 01")
	fmt.Println(s)
	fmt.Println(fa.FormatSheba(s))
	// Output:
	// IR062960000000100324200001
	// IR06 2960 0000 0010 0324 2000 01
}

func ExampleError() {
	_, err := fa.ParseNationalCode("1111111111")
	err = fmt.Errorf("register: %w", err) // as a service layer would

	var fe *fa.Error
	if errors.As(err, &fe) {
		fmt.Println(fe.Code, fe.Message)
	}
	fmt.Println(errors.Is(err, fa.ErrNationalCode))
	// Output:
	// national_code کد ملی معتبر نیست
	// true
}
