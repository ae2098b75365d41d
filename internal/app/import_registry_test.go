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

func TestImportRegistryCommand(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		args = append(args, "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db"))
		code := app.Run(context.Background(), args, envOf(map[string]string{"PISHKHAN_LOG_LEVEL": "warn"}), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	header := "national_code,first_name,last_name,father_name,birth_date,certificate_number,certificate_place,certificate_date,gender,mobiles\n"
	good := filepath.Join(dir, "registry.csv")
	os.WriteFile(good, []byte(header+
		"0067891233,رضا,کریمی,عباس,1369/08/17,2231,مشهد,1369/09/02,male,09121110005\n"+
		"0078912342,نرگس,حسینی,جواد,۱۳۷۷/۰۷/۰۷,118,کرج,1377/07/20,زن,09121110006 09351110006\n"), 0o600)

	if code, out, errOut := run("import", "registry", good); code != 0 || !strings.Contains(out, "2 added, 0 updated, 0 unchanged") {
		t.Fatalf("first import: %d %q %q", code, out, errOut)
	}
	if code, out, _ := run("import", "registry", good); code != 0 || !strings.Contains(out, "0 added, 0 updated, 2 unchanged") {
		t.Fatalf("second import: %d %q", code, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte(header+
		"0089123451,حمید,صادقی,یوسف,1365/01/25,9087,قم,1365/02/11,male,09121110007\n"+
		"0089123452,حمید,صادقی,یوسف,1365/01/25,9087,قم,1365/02/11,male,09121110008\n"), 0o600)
	code, out, errOut := run("import", "registry", bad)
	if code != 1 || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "nothing imported") {
		t.Fatalf("bad file: %d %q %q", code, out, errOut)
	}
	// Nothing of the bad file was stored: importing its good first row
	// alone adds it.
	os.WriteFile(bad, []byte(header+"0089123451,حمید,صادقی,یوسف,1365/01/25,9087,قم,1365/02/11,male,09121110007\n"), 0o600)
	if code, out, _ := run("import", "registry", bad); code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("after a refused file: %d %q", code, out)
	}
	if code, _, _ := run("import", "nothing", good); code != 2 {
		t.Fatalf("unknown kind: %d", code)
	}
	if code, out, _ := run("import", "--help"); code != 0 || !strings.Contains(out, "registry") {
		t.Fatalf("help: %d %q", code, out)
	}
}
