package welfare

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzTableRows feeds openTable what a staff member might upload, CSV or
// XLSX: it must never panic, and never return more rows than the limit.
// Seed corpus: testdata/fuzz/FuzzTableRows (plus the seeds below).
func FuzzTableRows(f *testing.F) {
	f.Add([]byte(employeesHeader + "1,0067891233,علی,رضایی,7,منطقه ۷,40000000,1,0,09121110005\n"))
	f.Add([]byte("\xEF\xBB\xBFinstallment_id,personnel_no,amount\n1,\"88\n0001\",\"۱٬۰۰۰\"\n"))
	f.Add([]byte("a,\"b\nc"))
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"installment_id", "personnel_no", "amount"})
	x.SetSheetRow("Sheet1", "A2", &[]any{1, "880001", 1000})
	var b bytes.Buffer
	x.WriteTo(&b)
	f.Add(b.Bytes())
	lim := ImportLimits{MaxFileBytes: 1 << 20, MaxUnzipBytes: 4 << 20, MaxXMLInMemory: 1 << 20, MaxLineBytes: 4 << 10, MaxRows: 50}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := openTable(bytes.NewReader(data), lim)
		if err != nil {
			return
		}
		defer tb.close()
		if err := tb.readHeader(deductionColumns, "installment_id"); err != nil {
			return
		}
		for {
			row, err := tb.read()
			if errors.Is(err, io.EOF) || err != nil {
				return
			}
			if tb.line > lim.MaxRows {
				t.Fatalf("row %d read past the limit of %d", tb.line, lim.MaxRows)
			}
			_ = tb.get(row, "amount")
		}
	})
}
