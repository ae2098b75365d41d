package isp

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"
	"time"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{200, 10, 10, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDocumentsAreReencodedAndChecked(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sub := e.subscriber(t)
		big := append(pngOf(t, 3200, 1000), []byte("<script>trailing payload</script>")...)
		docs, err := e.s.UploadDocuments(ctx, sub.ID, []Upload{{Name: "85731.png", Data: big}, {Name: "card.png", Data: pngOf(t, 50, 40)}})
		if err != nil || len(docs) != 2 {
			t.Fatalf("upload %v %v", docs, err)
		}
		data, err := e.s.DocumentImage(ctx, docs[0].ID, sub.ID)
		if err != nil || http.DetectContentType(data) != "image/jpeg" || bytes.Contains(data, []byte("script")) {
			t.Fatalf("stored %s %v", http.DetectContentType(data), err)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != 1600 || cfg.Height != 500 {
			t.Fatalf("reduced to %dx%d %v", cfg.Width, cfg.Height, err)
		}
		if _, err := e.s.DocumentImage(ctx, docs[0].ID, sub.ID+1000); err == nil {
			t.Fatal("another line read the document")
		}
		// A script named .jpg, and an oversized file, store nothing.
		_, err = e.s.UploadDocuments(ctx, sub.ID, []Upload{{Name: "ok.png", Data: pngOf(t, 10, 10)}, {Name: "x.jpg", Data: []byte("<html><script>")}})
		if !errors.Is(err, ErrDocumentType) {
			t.Fatalf("script: %v", err)
		}
		if _, err := e.s.UploadDocuments(ctx, sub.ID, []Upload{{Name: "big.png", Data: make([]byte, MaxDocumentBytes+1)}}); !errors.Is(err, ErrDocumentSize) {
			t.Fatalf("size: %v", err)
		}
		if ds, _ := e.s.Documents(ctx, sub.ID); len(ds) != 2 {
			t.Fatalf("documents %d", len(ds))
		}
	})
}

func TestRejectedDocumentGraceWeek(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		sub := e.give(t, e.subscriber(t), month)
		docs, _ := e.s.UploadDocuments(ctx, sub.ID, []Upload{{Name: "a.png", Data: pngOf(t, 20, 20)}})
		if err := e.s.ReviewDocument(ctx, docs[0].ID, 1, false, "", nil); !errors.Is(err, ErrRejectReason) {
			t.Fatalf("reject without reason: %v", err)
		}
		if err := e.s.ReviewDocument(ctx, docs[0].ID, 1, false, "تصویر ناخوانا است", nil); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ReviewDocument(ctx, docs[0].ID, 1, true, "", nil); !errors.Is(err, ErrDocumentState) {
			t.Fatalf("second review: %v", err)
		}
		rejectedAt := e.clock.Now()
		auth := func() Access {
			a, err := e.s.Authorize(ctx, sub.Username, CheckPAP("modem-pass1"))
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		e.clock.Set(rejectedAt.Add(7*24*time.Hour - time.Second))
		if a := auth(); !a.OK {
			t.Fatalf("refused inside the week: %+v", a)
		}
		if n, _ := e.s.SweepDocuments(ctx); n != 0 {
			t.Fatal("suspended inside the week")
		}
		e.clock.Set(rejectedAt.Add(7 * 24 * time.Hour))
		if a := auth(); a.OK || a.Reason != RejectSuspended {
			t.Fatalf("not suspended after the week: %+v", a)
		}
		if n, _ := e.s.SweepDocuments(ctx); n != 1 {
			t.Fatal("suspension not recorded")
		}
		docs, _ = e.s.UploadDocuments(ctx, sub.ID, []Upload{{Name: "b.png", Data: pngOf(t, 20, 20)}})
		if err := e.s.ReviewDocument(ctx, docs[0].ID, 1, true, "", nil); err != nil {
			t.Fatal(err)
		}
		if a := auth(); !a.OK {
			t.Fatalf("not restored after approval: %+v", a)
		}
		ls, _ := e.s.LineStatuses(ctx, sub.ID)
		if len(ls) != 3 || ls[1].Status != LineSuspended || ls[2].Status != LineOperating {
			t.Fatalf("line history %+v", ls)
		}
	})
}

// The grace week ends only when every rejected document is replaced by a
// document sent later and approved, whatever the order of review:
// approving a document sent with the rejected one ends nothing; two
// rejected documents need two replacements.
func TestGraceWeekEndsWhenEveryRejectedDocumentIsReplaced(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		sub := e.give(t, e.subscriber(t), month)
		upload := func(names ...string) []Document {
			t.Helper()
			e.clock.Advance(time.Minute)
			var files []Upload
			for _, n := range names {
				files = append(files, Upload{Name: n, Data: pngOf(t, 20, 20)})
			}
			docs, err := e.s.UploadDocuments(ctx, sub.ID, files)
			if err != nil {
				t.Fatal(err)
			}
			return docs
		}
		review := func(d Document, approve bool) {
			t.Helper()
			reason := ""
			if !approve {
				reason = "تصویر ناخوانا است"
			}
			if err := e.s.ReviewDocument(ctx, d.ID, 1, approve, reason, nil); err != nil {
				t.Fatal(err)
			}
		}
		deadline := func() time.Time { t.Helper(); return e.reload(t, sub).DocsDeadline }

		// Three documents sent together; the national card and the phone
		// bill are rejected, the lease approved after them.
		first := upload("melli.png", "bill.png", "lease.png")
		review(first[0], false)
		week := deadline()
		if week.IsZero() {
			t.Fatal("no grace week after a rejection")
		}
		review(first[2], true)
		review(first[1], false)
		if !deadline().Equal(week) {
			t.Fatalf("approving a document sent with the rejected ones moved the week: %v", deadline())
		}
		// One replacement is approved: one rejected document is still
		// not replaced.
		second := upload("melli2.png")
		review(second[0], true)
		if !deadline().Equal(week) {
			t.Fatal("the week ended with one rejected document not replaced")
		}
		// The second replacement: sent, then an older-looking order of
		// review (the third submission is reviewed before the fourth).
		third := upload("bill2.png")
		fourth := upload("extra.png")
		review(fourth[0], false)
		if !deadline().Equal(week) {
			t.Fatal("the week restarted")
		}
		review(third[0], true)
		if !deadline().Equal(week) {
			t.Fatal("the week ended while extra.png is rejected and not replaced")
		}
		fifth := upload("extra2.png")
		review(fifth[0], true)
		if got := deadline(); !got.IsZero() {
			t.Fatalf("every rejected document is replaced, yet the week runs to %v", got)
		}
		// Past the old deadline, the line is not suspended.
		e.clock.Set(week.Add(time.Hour))
		if n, _ := e.s.SweepDocuments(ctx); n != 0 {
			t.Fatal("suspended after every document was replaced")
		}
		if a, _ := e.s.Authorize(ctx, sub.Username, CheckPAP("modem-pass1")); !a.OK {
			t.Fatalf("refused: %+v", a)
		}
	})
}
