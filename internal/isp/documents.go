package isp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // GIF decoding registered with image
	"image/jpeg"
	"image/png"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/image/draw"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Document limits: what one upload may carry, and the size documents are
// reduced to («حجم فایلها اتوماتیک کم شده»).
const (
	MaxDocumentBytes = 5 << 20 // as sent
	MaxDocumentFiles = 5       // per «ارسال مدارک»
	maxDocumentSide  = 1600    // pixels, the longer side after reduction
	documentQuality  = 80      // JPEG quality of the stored file
	maxDocumentPixel = 40_000_000
)

// Document statuses.
const (
	DocPending  = "pending"
	DocApproved = "approved"
	DocRejected = "rejected"
)

var (
	ErrDocumentType  = fa.Refusal("isp", "document_type", msgDocumentType)
	ErrDocumentSize  = fa.Refusal("isp", "document_size", msgDocumentSize)
	ErrDocumentCount = fa.Refusal("isp", "document_count", msgDocumentCount)
	ErrRejectReason  = fa.Refusal("isp", "reject_reason", msgRejectReason)
	ErrDocumentState = fa.Refusal("isp", "document_state", msgDocumentState)
)

// Document is one uploaded file's record.
type Document struct {
	ID           int64
	SubscriberID int64
	Filename     string
	Size         int64
	Status       string
	Reason       string
	UploadedAt   time.Time
	ReviewedAt   time.Time
}

// Upload is one file as the browser sent it.
type Upload struct {
	Name string
	Data []byte
}

// reencode checks the content is an image (by its bytes, not its name or
// the browser's word), reduces it to maxDocumentSide and writes it again
// as JPEG: what is stored is our own clean file, with none of the
// sender's metadata or trailing bytes.
func reencode(data []byte) ([]byte, error) {
	if len(data) == 0 || len(data) > MaxDocumentBytes {
		return nil, ErrDocumentSize
	}
	switch http.DetectContentType(data) {
	case "image/jpeg", "image/png", "image/gif":
	default:
		return nil, ErrDocumentType
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxDocumentPixel {
		return nil, ErrDocumentType // a decompression bomb is refused before decoding
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, ErrDocumentType
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if side := max(w, h); side > maxDocumentSide {
		w, h = max(1, w*maxDocumentSide/side), max(1, h*maxDocumentSide/side)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src) // transparency on white
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: documentQuality}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var _ = png.Decode // PNG decoding registered with image

// UploadDocuments stores the files as one submission («ارسال مدارک»):
// all of them, or none when one is refused. It returns the stored
// documents.
func (s *Service) UploadDocuments(ctx context.Context, subscriberID int64, files []Upload) ([]Document, error) {
	if len(files) == 0 || len(files) > MaxDocumentFiles {
		return nil, ErrDocumentCount
	}
	clean := make([][]byte, len(files))
	for i, f := range files {
		b, err := reencode(f.Data)
		if err != nil {
			// The refusal names the file it is about («evil.jpg: …»).
			name := fa.Clip(filepath.Base(f.Name), 100)
			var refused *fa.Error
			if errors.As(err, &refused) {
				return nil, refused.Saying(inFile(name, refused.Message))
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		clean[i] = b
	}
	var out []Document
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		out = out[:0]
		now := s.now()
		for i, f := range files {
			name := strings.TrimSuffix(fa.Clip(filepath.Base(f.Name), 100), filepath.Ext(f.Name)) + ".jpg"
			d := Document{SubscriberID: subscriberID, Filename: name, Size: int64(len(clean[i])), Status: DocPending, UploadedAt: now}
			if err := tx.QueryRow(ctx, `INSERT INTO isp_documents (subscriber_id, filename, content_type, data, size, status, uploaded_at)
				VALUES ($1, $2, 'image/jpeg', $3, $4, $5, $6) RETURNING id`, subscriberID, name, clean[i], d.Size, DocPending, now).Scan(&d.ID); err != nil {
				return fmt.Errorf("isp: store document: %w", err)
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

const documentColumns = "id, subscriber_id, filename, size, status, reason, uploaded_at, reviewed_at"

func scanDocument(r db.Scanner) (Document, error) {
	var d Document
	var reviewed *time.Time
	err := r.Scan(&d.ID, &d.SubscriberID, &d.Filename, &d.Size, &d.Status, &d.Reason, &d.UploadedAt, &reviewed)
	d.ReviewedAt = t0(reviewed)
	return d, err
}

// Documents lists a line's documents, newest first.
func (s *Service) Documents(ctx context.Context, subscriberID int64) ([]Document, error) {
	return db.All(ctx, s.db, scanDocument, "SELECT "+documentColumns+" FROM isp_documents WHERE subscriber_id = $1 ORDER BY id DESC", subscriberID)
}

// PendingDocuments lists documents waiting for review, oldest first.
func (s *Service) PendingDocuments(ctx context.Context, limit int) ([]Document, error) {
	return db.All(ctx, s.db, scanDocument, fmt.Sprintf("SELECT "+documentColumns+" FROM isp_documents WHERE status = $1 ORDER BY id LIMIT %d", limit), DocPending)
}

// DocumentImage returns a document's stored JPEG; subscriberID 0 is staff
// (any document), otherwise only the line's own.
func (s *Service) DocumentImage(ctx context.Context, docID, subscriberID int64) ([]byte, error) {
	var owner int64
	var data []byte
	err := s.db.QueryRow(ctx, "SELECT subscriber_id, data FROM isp_documents WHERE id = $1", docID).Scan(&owner, &data)
	if errors.Is(err, db.ErrNoRows) || (err == nil && subscriberID != 0 && owner != subscriberID) {
		return nil, ErrNotSubscriber
	}
	return data, err
}

// ReviewDocument approves (reason empty) or rejects a pending document.
// A rejection starts the grace week (unless one runs already); it ends,
// and a line suspended for its documents is given back, only once every
// rejected document is replaced by an approved one (documentsMissing),
// whatever the order the documents are reviewed in.
func (s *Service) ReviewDocument(ctx context.Context, docID, staffID int64, approve bool, reason string, audit func(tx *db.Tx) error) error {
	reason = fa.Clip(reason, 500)
	if !approve && reason == "" {
		return ErrRejectReason
	}
	status := DocApproved
	if !approve {
		status = DocRejected
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		var subID int64
		err := tx.QueryRow(ctx, `UPDATE isp_documents SET status = $1, reason = $2, reviewed_at = $3, reviewer_id = $4
			WHERE id = $5 AND status = $6 RETURNING subscriber_id`, status, reason, now, staffID, docID, DocPending).Scan(&subID)
		if errors.Is(err, db.ErrNoRows) {
			return ErrDocumentState
		}
		if err != nil {
			return err
		}
		sub, err := loadSubscriber(ctx, tx, "s.id = $1", subID, true)
		if err != nil {
			return err
		}
		missing, err := documentsMissing(ctx, tx, subID)
		if err != nil {
			return err
		}
		switch {
		case missing && sub.DocsDeadline.IsZero():
			if _, err := tx.Exec(ctx, "UPDATE isp_subscribers SET docs_deadline = $1 WHERE id = $2", now.Add(s.opts.GraceWeek), subID); err != nil {
				return err
			}
		case !missing && !sub.DocsDeadline.IsZero():
			if _, err := tx.Exec(ctx, "UPDATE isp_subscribers SET docs_deadline = NULL WHERE id = $1", subID); err != nil {
				return err
			}
			if !sub.DocsDeadline.After(now) && sub.LineStatus == LineSuspended {
				if err := setLineStatus(ctx, tx, sub, LineOperating, noteDocsApproved, now); err != nil {
					return err
				}
			}
		}
		if audit != nil {
			return audit(tx)
		}
		return nil
	})
}

// documentsMissing says whether a rejected document of the line is not
// yet replaced. A replacement is a document sent in a later submission
// («ارسال مدارک») and approved: a submission with k rejected documents
// needs k approved documents sent after it. Documents sent with the
// rejected one, or before it, replace nothing, so approving them (in
// whatever order) does not end the grace week. The answer depends only
// on the documents' statuses, never on the order they were reviewed in.
func documentsMissing(ctx context.Context, tx *db.Tx, subID int64) (bool, error) {
	type doc struct {
		status string
		at     time.Time
	}
	docs, err := db.All(ctx, tx, func(r db.Scanner) (doc, error) {
		var d doc
		return d, r.Scan(&d.status, &d.at)
	}, "SELECT status, uploaded_at FROM isp_documents WHERE subscriber_id = $1 AND status <> $2", subID, DocPending)
	if err != nil {
		return false, fmt.Errorf("isp: read documents: %w", err)
	}
	rejected := map[time.Time]int{}
	for _, d := range docs {
		if d.status == DocRejected {
			rejected[d.at.UTC()]++
		}
	}
	for sent, k := range rejected {
		approvedAfter := 0
		for _, d := range docs {
			if d.status == DocApproved && d.at.After(sent) {
				approvedAfter++
			}
		}
		if approvedAfter < k {
			return true, nil
		}
	}
	return false, nil
}

// SweepDocuments records the automatic suspension of lines whose grace
// week has run out («سیستم اینترنت مشترک را اتوماتیک قطع کرده»). The
// RADIUS server refuses them from the deadline on, swept or not.
func (s *Service) SweepDocuments(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) { var id int64; return id, r.Scan(&id) },
		"SELECT id FROM isp_subscribers WHERE docs_deadline IS NOT NULL AND docs_deadline <= $1 AND line_status <> $2", now, LineSuspended)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			sub, err := loadSubscriber(ctx, tx, "s.id = $1", id, true)
			if err != nil || sub.DocsDeadline.IsZero() || sub.DocsDeadline.After(now) {
				return err
			}
			n++
			tx.AfterCommit(func() { s.kickNAS(id) }) // the NAS disconnects the line
			return setLineStatus(ctx, tx, sub, LineSuspended, noteDocsMissing, now)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
