package support

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registers JPEG for image.Decode
	_ "image/png"  // registers PNG for image.Decode
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// maxImagePixels bounds the pictures decoded to check them (a small file
// may claim enormous dimensions).
const maxImagePixels = 40_000_000

// checkedFile is an upload that passed the checks.
type checkedFile struct {
	name, contentType string
	content           []byte
}

// checkUploads checks every file by its content, never by its name: the
// bytes must sniff as PNG, JPEG or PDF, pictures must decode, a PDF must
// end as one. The stored name keeps the person's base name (as text only)
// with the extension of what the file really is.
func (s *Service) checkUploads(files []Upload) ([]checkedFile, error) {
	var out []checkedFile
	for _, f := range files {
		if len(f.Content) == 0 && f.Name == "" {
			continue
		}
		out = append(out, checkedFile{name: f.Name, content: f.Content})
	}
	if len(out) > s.opts.MaxFiles {
		return nil, ErrTooManyFiles.Saying(fmt.Sprintf(fmtAtMostFiles, fa.Digits(fmt.Sprint(s.opts.MaxFiles))))
	}
	for i := range out {
		f := &out[i]
		if len(f.content) > s.opts.MaxFileBytes {
			return nil, ErrFileTooLarge.Saying(fmt.Sprintf(fmtFileAtMostKB, fa.Digits(fmt.Sprint(s.opts.MaxFileBytes/1024))))
		}
		ct, ext, err := sniff(f.content)
		if err != nil {
			return nil, err
		}
		f.contentType = ct
		f.name = cleanFileName(f.name, ext)
	}
	return out, nil
}

func sniff(b []byte) (contentType, ext string, err error) {
	if len(b) == 0 {
		return "", "", ErrAttachment
	}
	switch http.DetectContentType(b) {
	case "image/png":
		contentType, ext = "image/png", ".png"
	case "image/jpeg":
		contentType, ext = "image/jpeg", ".jpg"
	case "application/pdf":
		tail := b[max(0, len(b)-1024):]
		if !bytes.Contains(tail, []byte("%%EOF")) {
			return "", "", ErrAttachment
		}
		return "application/pdf", ".pdf", nil
	default:
		return "", "", ErrAttachment
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return "", "", ErrAttachment
	}
	if (format == "png") != (contentType == "image/png") {
		return "", "", ErrAttachment
	}
	if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
		return "", "", ErrAttachment
	}
	return contentType, ext, nil
}

// cleanFileName keeps the base of the name the person gave (no folders,
// no control or bidi characters, at most 80 characters) and gives it the
// extension of the content.
func cleanFileName(name, ext string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != '\u200c' || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.TrimSpace(strings.Trim(name, "."))
	if utf8.RuneCountInString(name) > 80 {
		name = string([]rune(name)[:80])
	}
	if name == "" || name == "/" {
		name = attachmentNoName
	}
	return name + ext
}

func insertAttachments(ctx context.Context, tx *db.Tx, ticketID, messageID int64, files []checkedFile, now any) error {
	for _, f := range files {
		if _, err := tx.Exec(ctx, `INSERT INTO support_attachments (message_id, ticket_id, file_name, content_type, size, content, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, messageID, ticketID, f.name, f.contentType, len(f.content), f.content, now); err != nil {
			return fmt.Errorf("support: store attachment: %w", err)
		}
	}
	return nil
}

// AttachmentFile is an attachment with its bytes, for download.
type AttachmentFile struct {
	Attachment
	Content []byte
}

// attachment reads one attachment with the ticket it belongs to and
// whether its message is internal.
func (s *Service) attachment(ctx context.Context, id int64) (*AttachmentFile, int64, bool, error) {
	var a AttachmentFile
	var customerID int64
	var kind string
	err := s.db.QueryRow(ctx, `SELECT a.id, a.message_id, a.ticket_id, a.file_name, a.content_type, a.size, a.content, t.customer_id, m.kind
		FROM support_attachments a JOIN support_messages m ON m.id = a.message_id JOIN support_tickets t ON t.id = a.ticket_id
		WHERE a.id = $1`, id).Scan(&a.ID, &a.MessageID, &a.TicketID, &a.FileName, &a.ContentType, &a.Size, &a.Content, &customerID, &kind)
	if errors.Is(err, db.ErrNoRows) {
		return nil, 0, false, ErrNotFound
	}
	if err != nil {
		return nil, 0, false, fmt.Errorf("support: read attachment %d: %w", id, err)
	}
	return &a, customerID, kind != KindMessage, nil
}

// CustomerAttachment returns an attachment of one of the customer's
// tickets (never of an internal note); anyone else's is ErrNotFound.
func (s *Service) CustomerAttachment(ctx context.Context, customerID, id int64) (*AttachmentFile, error) {
	a, owner, internal, err := s.attachment(ctx, id)
	if err != nil {
		return nil, err
	}
	if owner != customerID || internal {
		return nil, ErrNotFound
	}
	return a, nil
}

// StaffAttachment returns an attachment of a ticket the staff member may
// see.
func (s *Service) StaffAttachment(ctx context.Context, st *Staff, id int64) (*AttachmentFile, error) {
	a, _, _, err := s.attachment(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.StaffTicket(ctx, st, a.TicketID); err != nil {
		return nil, err
	}
	return a, nil
}

// persianText reports whether s is written in Persian script: it has
// Persian letters and no more Latin letters than Persian ones (a model
// name or "ADSL" inside Persian text is fine; Finglish is not).
func persianText(s string) bool {
	var persian, latin int
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			latin++
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			persian++
		}
	}
	return persian > 0 && latin <= persian
}
