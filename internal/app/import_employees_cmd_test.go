package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pishkhan/internal/app"
)

// `pishkhan import employees` refuses a file with a bad row whole: the
// console lists the row by line and says why in Persian, not the
// refusal's code.
func TestImportEmployeesCommandRefusesInPersian(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		args = append(args, "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db"))
		code := app.Run(context.Background(), args, envOf(map[string]string{"PISHKHAN_LOG_LEVEL": "warn"}), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	header := "personnel_no,national_code,first_name,last_name,region_code,region,net_salary,service_years,service_months,mobile\n"
	bad := filepath.Join(dir, "employees.csv")
	os.WriteFile(bad, []byte(header+
		"880001,6123456784,رضا,کریمی,11,تهران - منطقه ۱۱,120000000,12,3,09121110011\n"+
		"880002,1234567890,حسین,کاظمی,11,تهران - منطقه ۱۱,150000000,20,0,09121110012\n"), 0o600)
	code, out, errOut := run("import", "employees", bad)
	if code != 1 || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "فایل به دلیل ردیف‌های نادرست ثبت نشد") ||
		strings.Contains(errOut, "welfare:") {
		t.Fatalf("bad file: %d %q %q", code, out, errOut)
	}
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o600)
	if code, out, errOut := run("import", "employees", empty); code != 1 || !strings.Contains(errOut, "line 1: فایل خالی است.") {
		t.Fatalf("empty file: %d %q %q", code, out, errOut)
	}
}
