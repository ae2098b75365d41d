package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pishkhan/internal/browsertest"
)

// The demo desk in a browser, on a phone and a desktop: an admin runs a
// scheduled job now and moves the demo's clock three days on.
func TestBrowserDemoDesk(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	s := startServe(t, t.TempDir(), "--demo", "--clock", "1403/12/29 23:55")
	browserStaffSignIn(t, b, s.base, "admin", "Pishkhan-Staff@1405", "Pishkhan-Staff@1405")
	shots := os.Getenv("PISHKHAN_DEMO_DESK_SHOTS") // a folder for a person to look at
	for _, phone := range []bool{true, false} {
		name := "desktop"
		if phone {
			b.PhoneViewport()
			name = "phone"
		} else {
			b.DesktopViewport()
		}
		b.Navigate(s.base + "/staff/demo")
		if got := b.Text("h1"); got != "ساعت و کارهای زمان‌بندی‌شده" {
			t.Fatalf("%s: heading %q", name, got)
		}
		if shots != "" {
			b.Screenshot(filepath.Join(shots, "demo-desk-"+name+".png"))
		}
		b.Snapshot(name)
	}
	b.Submit(`form[action="/staff/demo/jobs/welfare_restore/run"] button`)
	if got := b.Text(".flash"); !strings.Contains(got, "در صف اجرا قرار گرفت") {
		t.Fatalf("after «اجرا اکنون»: %q", got)
	}
	b.Fill("#amount", "۳")
	b.Submit("#amount")
	if got := b.Text(".flash"); !strings.Contains(got, "۳ روز جلو رفت") || !strings.Contains(got, "۱۴۰۴/۰۱/۰۲") {
		t.Fatalf("after moving the clock: %q", got)
	}
	if shots != "" {
		b.Screenshot(filepath.Join(shots, "demo-desk-after.png"))
	}
	browserExpectNoConsoleErrors(t, b)
}
