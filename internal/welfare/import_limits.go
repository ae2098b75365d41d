package welfare

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"

	"pishkhan/internal/fa"
)

// ImportLimits bound what an uploaded sheet may cost the server, so a
// small file that inflates (a ZIP bomb dressed as XLSX) or a CSV with
// one endless line or millions of rows is refused at once with a
// Persian message instead of holding memory, disk and the request.
type ImportLimits struct {
	MaxFileBytes   int64 // the XLSX archive itself, read into memory whole
	MaxUnzipBytes  int64 // everything an XLSX inflates to, all parts together
	MaxXMLInMemory int64 // a part above this inflates to a temporary file (bounded by MaxUnzipBytes)
	MaxLineBytes   int   // one physical CSV line
	MaxRows        int   // rows of a file, header included
}

// DefaultImportLimits: MaxRows is twice the 100,000-installment
// settlement of BenchmarkSettlement100k; the byte limits are well above
// the upload body limit's 8 MiB of CSV.
var DefaultImportLimits = ImportLimits{
	MaxFileBytes:   16 << 20,
	MaxUnzipBytes:  64 << 20,
	MaxXMLInMemory: 4 << 20,
	MaxLineBytes:   64 << 10,
	MaxRows:        200_000,
}

func (l ImportLimits) orDefaults() ImportLimits {
	d := DefaultImportLimits
	if l.MaxFileBytes > 0 {
		d.MaxFileBytes = l.MaxFileBytes
	}
	if l.MaxUnzipBytes > 0 {
		d.MaxUnzipBytes = l.MaxUnzipBytes
	}
	if l.MaxXMLInMemory > 0 {
		d.MaxXMLInMemory = l.MaxXMLInMemory
	}
	if d.MaxXMLInMemory > d.MaxUnzipBytes {
		d.MaxXMLInMemory = d.MaxUnzipBytes
	}
	if l.MaxLineBytes > 0 {
		d.MaxLineBytes = l.MaxLineBytes
	}
	if l.MaxRows > 0 {
		d.MaxRows = l.MaxRows
	}
	return d
}

// The refusals of a file beyond the limits: the whole file, nothing stored.
var (
	ErrFileTooLarge = fa.Refusal(domain, "file_too_large", msgFileTooLarge).OnField("file")
	ErrTooManyRows  = fa.Refusal(domain, "too_many_rows", msgTooManyRows).OnField("file")
	ErrLineTooLong  = fa.Refusal(domain, "line_too_long", msgLineTooLong).OnField("file")
)

// readArchive reads an XLSX archive, at most MaxFileBytes, and checks the
// sizes its directory declares against MaxUnzipBytes before anything is
// inflated. The declared sizes can be trusted: archive/zip fails a part
// that inflates to more than it declared.
func readArchive(r io.Reader, lim ImportLimits) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, lim.MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > lim.MaxFileBytes {
		return nil, ErrFileTooLarge
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, ErrFileFormat
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > uint64(lim.MaxUnzipBytes) || total > uint64(lim.MaxUnzipBytes) {
			return nil, ErrFileTooLarge
		}
	}
	return b, nil
}

// lineLimit fails a read once a physical line grows past max bytes, so
// encoding/csv (which has no such limit) never buffers an endless line.
type lineLimit struct {
	r   io.Reader
	run int // bytes since the last newline
	max int
}

var errLineTooLong = errors.New("welfare: csv line too long")

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	rest := p[:n]
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			l.run += len(rest)
			break
		}
		if l.run+i > l.max {
			return 0, errLineTooLong
		}
		l.run = 0
		rest = rest[i+1:]
	}
	if l.run > l.max {
		return 0, errLineTooLong
	}
	return n, err
}
