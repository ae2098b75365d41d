package welfare

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"pishkhan/internal/fa"
)

// table reads an uploaded sheet row by row, CSV or XLSX (told apart by
// their first bytes: an XLSX file is a ZIP archive). CSV is read as it
// streams; XLSX needs its archive's directory, so excelize holds the
// compressed file and streams the sheet's rows out of it.
type table struct {
	next  func() ([]string, error) // io.EOF at the end
	line  int
	close func() error
	cols  map[string]int
	max   int // rows, header included (ImportLimits.MaxRows)
}

// openTable opens r within lim: an archive or a sheet larger than lim
// allows is refused (ErrFileTooLarge), before anything is inflated.
func openTable(r io.Reader, lim ImportLimits) (*table, error) {
	lim = lim.orDefaults()
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4)
	if bytes.Equal(head, []byte("PK\x03\x04")) {
		b, err := readArchive(br, lim)
		if err != nil {
			return nil, err
		}
		f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: lim.MaxUnzipBytes, UnzipXMLSizeLimit: lim.MaxXMLInMemory})
		if err != nil {
			return nil, ErrFileFormat
		}
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			f.Close()
			return nil, ErrFileFormat
		}
		rows, err := f.Rows(sheets[0])
		if err != nil {
			f.Close()
			return nil, ErrFileFormat
		}
		t := &table{close: func() error { rows.Close(); return f.Close() }, max: lim.MaxRows}
		t.next = func() ([]string, error) {
			if !rows.Next() {
				if err := rows.Error(); err != nil {
					return nil, err
				}
				return nil, io.EOF
			}
			return rows.Columns()
		}
		return t, nil
	}
	// A UTF-8 byte-order mark (Excel writes one) is not part of the header.
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(&lineLimit{r: br, max: lim.MaxLineBytes})
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &table{next: cr.Read, close: func() error { return nil }, max: lim.MaxRows}, nil
}

// readHeader reads the first row and maps every known column (by any of
// its names, Persian or Latin) to its index. Missing required columns
// are an error naming them.
func (t *table) readHeader(columns map[string][]string, required ...string) error {
	row, err := t.read()
	if errors.Is(err, io.EOF) {
		return &ImportError{Rows: []RowError{{Line: 1, Message: msgFileEmpty}}}
	}
	if err != nil {
		return err
	}
	t.cols = map[string]int{}
	for i, name := range row {
		name = normaliseHeader(name)
		for key, aliases := range columns {
			for _, a := range aliases {
				if name == normaliseHeader(a) {
					t.cols[key] = i
				}
			}
		}
	}
	var missing []string
	for _, k := range required {
		if _, ok := t.cols[k]; !ok {
			missing = append(missing, "«"+columns[k][0]+"»")
		}
	}
	if len(missing) > 0 {
		return &ImportError{Rows: []RowError{{Line: 1, Message: msgMissingColumns(missing)}}}
	}
	return nil
}

// read returns the next non-empty row, with t.line its line number.
func (t *table) read() ([]string, error) {
	for {
		if t.max > 0 && t.line >= t.max {
			return nil, ErrTooManyRows
		}
		row, err := t.next()
		t.line++
		if errors.Is(err, errLineTooLong) {
			return nil, ErrLineTooLong
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ImportError{Rows: []RowError{{Line: pe.Line, Message: msgBadCSVLine}}}
			}
			return nil, err
		}
		for _, c := range row {
			if strings.TrimSpace(c) != "" {
				return row, nil
			}
		}
	}
}

// get is the cell of column key in row, normalised as every input is.
func (t *table) get(row []string, key string) string {
	i, ok := t.cols[key]
	if !ok || i >= len(row) {
		return ""
	}
	return fa.NormalizeInput(row[i])
}

func normaliseHeader(s string) string {
	s = strings.TrimPrefix(s, "\xEF\xBB\xBF")
	s = fa.NormalizeInput(strings.ToLower(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '_' || r == '-' || r == '\u200c' }), "")
}

// rowErrors collects bad rows up to maxRowErrors.
type rowErrors struct{ e ImportError }

func (r *rowErrors) add(line int, format string, args ...any) {
	if len(r.e.Rows) >= maxRowErrors {
		r.e.More = true
		return
	}
	r.e.Rows = append(r.e.Rows, RowError{Line: line, Message: fmt.Sprintf(format, args...)})
}

func (r *rowErrors) any() bool { return len(r.e.Rows) > 0 }

func (r *rowErrors) err() error {
	if !r.any() {
		return nil
	}
	e := r.e
	// A chunk's rows are checked against the database after later rows
	// were read (ImportRegionEmployees): list them by line all the same.
	sort.SliceStable(e.Rows, func(i, j int) bool { return e.Rows[i].Line < e.Rows[j].Line })
	return &e
}
