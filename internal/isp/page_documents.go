package isp

import (
	"cmp"
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

type docRow struct {
	Document
	StatusName string
}

func docRows(list []Document) []docRow {
	out := make([]docRow, len(list))
	for i, d := range list {
		out[i] = docRow{d, DocStatusNames[d.Status]}
	}
	return out
}

type documentsPage struct {
	Docs     []docRow
	Deadline string
	Error    string
}

// documents is «پروفایل و بارگذاری مدارک»: the profile form lives at
// /profile (identity); here the upload queue and the documents sent.
func (p *Pages) documents(w http.ResponseWriter, r *http.Request, customerID int64) {
	p.renderDocuments(w, r, http.StatusOK, customerID, "")
}

func (p *Pages) renderDocuments(w http.ResponseWriter, r *http.Request, status int, customerID int64, msg string) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	list, err := p.svc.Documents(r.Context(), sub.ID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := documentsPage{Docs: docRows(list), Error: msg}
	if !sub.DocsDeadline.IsZero() {
		page.Deadline = fa.FormatDateTime(sub.DocsDeadline)
	}
	p.web.Render(w, r, status, "isp/documents", web.View{Title: titleDocuments, Data: page})
}

func readFile(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > MaxDocumentBytes {
		return nil, ErrDocumentSize
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxDocumentBytes+1))
	if err == nil && len(b) > MaxDocumentBytes {
		return nil, ErrDocumentSize
	}
	return b, err
}

// uploadDocuments is «ارسال مدارک».
func (p *Pages) uploadDocuments(w http.ResponseWriter, r *http.Request, customerID int64) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			p.renderDocuments(w, r, http.StatusRequestEntityTooLarge, customerID, msgUploadTooLarge)
			return
		}
		p.renderDocuments(w, r, http.StatusBadRequest, customerID, msgDocumentCount)
		return
	}
	defer r.MultipartForm.RemoveAll()
	var files []Upload
	for _, fh := range r.MultipartForm.File["files"] {
		b, err := readFile(fh)
		if err != nil {
			msg, _ := fa.UserMessage(err)
			p.renderDocuments(w, r, http.StatusUnprocessableEntity, customerID, inFile(fh.Filename, cmp.Or(msg, msgFileUnreadable)))
			return
		}
		files = append(files, Upload{Name: fh.Filename, Data: b})
	}
	if _, err := p.svc.UploadDocuments(r.Context(), sub.ID, files); err != nil {
		// The refusal's Persian sentence, which names the file; never
		// err.Error(), the code for the logs.
		if _, ok := fa.UserMessage(err); ok {
			p.renderDocuments(w, r, http.StatusUnprocessableEntity, customerID, web.UserMessage(err))
			return
		}
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgDocumentsSent)
	web.Redirect(w, r, "/isp/documents")
}

// documentImage shows one of the line's own documents (our re-encoded
// JPEG, never what was sent).
func (p *Pages) documentImage(w http.ResponseWriter, r *http.Request, customerID int64) {
	sub, ok := p.line(w, r, customerID)
	if !ok {
		return
	}
	id := web.PathID(r, "id")
	if id == 0 {
		p.web.NotFound(w, r)
		return
	}
	data, err := p.svc.DocumentImage(r.Context(), id, sub.ID)
	if err != nil {
		p.web.NotFound(w, r)
		return
	}
	writeJPEG(w, data)
}

func writeJPEG(w http.ResponseWriter, data []byte) {
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(data)
}
