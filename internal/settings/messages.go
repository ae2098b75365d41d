package settings

// The Persian text of the settings and help pages: titles and menu labels,
// what the pages say after saving, and the audit log's action labels.

// Page titles, which are also the menu's labels.
const (
	titleSettings  = "تنظیمات سامانه"
	titleHelp      = "راهنما"
	titleStaffHelp = "متن راهنماها"
)

// titleHelpEdit is the title of the page editing one help page.
func titleHelpEdit(page string) string { return "ویرایش راهنما: " + page }

// What the pages say.
const (
	flashSettingsSaved = "تنظیمات سامانه ذخیره شد و از بارگذاری بعدی هر صفحه نمایش داده می‌شود."
	flashSettingsReset = "تنظیمات سامانه به پیش‌فرض استقرار بازگشت."
	flashHelpSaved     = "متن راهنما ذخیره شد."
	flashHelpReset     = "متن پیش‌فرض راهنما بازگردانده شد."
	msgFileUnreadable  = "پرونده خوانده نشد؛ دوباره بفرستید."
)

// auditBrandSaved is the audit log's detail of a saved brand.
func auditBrandSaved(name, colour string) string { return "نام: " + name + "، رنگ: " + colour }

// The audit log's labels of the settings' actions.
const (
	labelActionBrandSaved = "ذخیره نشان تجاری و تنظیمات سامانه"
	labelActionBrandReset = "بازگردانی تنظیمات سامانه به پیش‌فرض"
	labelActionHelpSaved  = "ویرایش متن راهنما"
	labelActionHelpReset  = "بازگردانی متن راهنما به پیش‌فرض"
)
