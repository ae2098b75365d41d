package welfare

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pishkhan/internal/identity"
	"pishkhan/internal/web/webtest"
)

// zipBomb is a valid XLSX whose first sheet inflates to about inflated
// bytes (well-formed XML: the sheet's rows are blank space) while the
// archive stays near inflated/1000. declared is the size its directory
// states for the sheet (0: the truth; a liar states less).
func zipBomb(t testing.TB, inflated, declared int64) []byte {
	t.Helper()
	small := excelize.NewFile()
	var plain bytes.Buffer
	if _, err := small.WriteTo(&plain); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(plain.Bytes()), int64(plain.Len()))
	if err != nil {
		t.Fatal(err)
	}
	head := []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	foot := []byte(`</sheetData></worksheet>`)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	// Deflate streams made by separate writers and ended by Flush (no
	// final block) may be concatenated: the chunk is compressed once.
	deflate := func(p []byte, last bool) []byte {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.BestCompression)
		w.Write(p)
		if last {
			w.Close()
		} else {
			w.Flush()
		}
		return b.Bytes()
	}
	n := int(inflated >> 20)
	packed := deflate(chunk, false)
	var body bytes.Buffer
	body.Write(deflate(head, false))
	crc := crc32.Update(0, crc32.IEEETable, head)
	for range n {
		body.Write(packed)
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	body.Write(deflate(foot, true))
	crc = crc32.Update(crc, crc32.IEEETable, foot)
	size := uint64(len(head)+len(foot)) + uint64(n)<<20
	if declared > 0 {
		size = uint64(declared)
	}

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(body.Len()), UncompressedSize64: size})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(body.Bytes())
			continue
		}
		w, _ := zw.Create(f.Name)
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// bounded runs fn and fails unless it took under two seconds and
// allocated under 64 MiB in all (the bomb inflates to 1 GiB).
func bounded(t *testing.T, what string, fn func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if took > 2*time.Second {
		t.Errorf("%s took %v, want under 2s", what, took)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("%s allocated %d MiB, want under 64 MiB", what, alloc>>20)
	}
}

// A 1 MiB XLSX inflating to 1 GiB is refused whole with a Persian
// message, fast and without inflating it, by both imports. One whose
// directory understates the sheet inflates only what it declares
// (archive/zip stops there) and is refused as a file with no rows.
func TestImportRefusesZipBomb(t *testing.T) {
	bomb := zipBomb(t, 1<<30, 0)
	liar := zipBomb(t, 1<<30, 1<<20)
	if len(bomb) > 2<<20 {
		t.Fatalf("the bomb is %d bytes, want about 1 MiB", len(bomb))
	}
	engines(t, func(t *testing.T, e *env) {
		tooLarge := func(err error) bool { return errors.Is(err, ErrFileTooLarge) }
		noRows := func(err error) bool { var ie *ImportError; return errors.As(err, &ie) }
		for _, c := range []struct {
			name string
			file []byte
			want func(error) bool
		}{{"declared", bomb, tooLarge}, {"lying", liar, noRows}} {
			var err1, err2 error
			bounded(t, c.name+" employees", func() {
				_, err1 = e.s.ImportEmployees(ctxb(), identity.Actor{}, bytes.NewReader(c.file))
			})
			bounded(t, c.name+" settlement", func() {
				_, err2 = e.s.ImportSettlement(ctxb(), identity.Actor{}, "bomb.xlsx", bytes.NewReader(c.file))
			})
			if !c.want(err1) || !c.want(err2) {
				t.Errorf("%s bomb: employees %v, settlement %v", c.name, err1, err2)
			}
		}
		var n int
		e.d.QueryRow(ctxb(), "SELECT COUNT(*) FROM welfare_settlements").Scan(&n)
		if n != 0 {
			t.Errorf("%d settlements stored", n)
		}
	})
}

// A CSV with one endless line, and files with more rows than allowed
// (CSV and XLSX), are refused whole with a Persian message.
func TestImportBoundsLinesAndRows(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		long := employeesHeader + strings.Repeat("1", 1<<20)
		var err error
		bounded(t, "long line", func() { _, err = e.s.ImportEmployees(ctxb(), identity.Actor{}, strings.NewReader(long)) })
		if !errors.Is(err, ErrLineTooLong) {
			t.Errorf("a 1 MiB line: %v", err)
		}

		e.s.opts.Imports = ImportLimits{MaxRows: 5}
		var csv strings.Builder
		csv.WriteString(employeesHeader)
		for i := range 5 {
			p := person{fmt.Sprint(700 + i), "7", 40_000_000, 1, 0}
			csv.WriteString(p.row())
		}
		if _, err := e.s.ImportEmployees(ctxb(), identity.Actor{}, strings.NewReader(csv.String())); !errors.Is(err, ErrTooManyRows) {
			t.Errorf("six rows with a cap of five: %v", err)
		}
		var n int
		e.d.QueryRow(ctxb(), "SELECT COUNT(*) FROM welfare_employees").Scan(&n)
		if n != 0 {
			t.Errorf("%d employees stored from a refused file", n)
		}

		f := excelize.NewFile()
		for i := range 6 {
			f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &[]any{"installment_id", "personnel_no", "amount"})
		}
		var x bytes.Buffer
		f.WriteTo(&x)
		if _, err := e.s.ImportSettlement(ctxb(), identity.Actor{}, "rows.xlsx", &x); !errors.Is(err, ErrTooManyRows) {
			t.Errorf("six xlsx rows with a cap of five: %v", err)
		}
	})
}

// Through the staff pages a bomb (half a MiB inflating to 512 MiB, under
// the test server's 1 MiB body limit) gets a Persian 422 within two seconds.
func TestImportBombPage(t *testing.T) {
	bomb := zipBomb(t, 512<<20, 0)
	engines(t, func(t *testing.T, e *env) {
		base := pageSite(t, e)
		_, once, _ := e.ids.CreateStaff(ctxb(), identity.Actor{}, "root2", "مدیر دو", []string{identity.RoleAdmin})
		staff := newClient(t, base)
		staff.PostForm("/staff/login", "/staff/login", url.Values{"username": {"root2"}, "password": {once}}).Want(t, http.StatusSeeOther, "/staff/password/first")
		staff.PostForm("/staff/password/first", "/staff/password/first", url.Values{"new_password": {"Dena-Zagros-Peak-2071"}, "repeat_password": {"Dena-Zagros-Peak-2071"}}).Want(t, http.StatusSeeOther, "/staff")
		for _, path := range []struct{ page, action string }{
			{"/staff/welfare/employees", "/staff/welfare/employees"},
			{"/staff/welfare/payroll", "/staff/welfare/payroll/settlement"},
		} {
			token := webtest.Input(staff.Get(path.page).Body, "csrf_token")
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("csrf_token", token)
			fw, _ := mw.CreateFormFile("file", "bomb.xlsx")
			fw.Write(bomb)
			mw.Close()
			req, _ := http.NewRequest(http.MethodPost, base+path.action, &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			for _, ck := range staff.Jar.Cookies(req.URL) {
				req.AddCookie(ck)
			}
			start := time.Now()
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			took := time.Since(start)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), ErrFileTooLarge.Message) || took > 2*time.Second {
				t.Errorf("%s: %d in %v, message shown %v", path.action, res.StatusCode, took, strings.Contains(string(b), ErrFileTooLarge.Message))
			}
		}
	})
}
