package app_test

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/browsertest"
)

// The ISP guide's document upload: «افزودن فایل» twice adds both files to
// the queue (name, status, size), «شروع بارگزاری» sends the queue, and
// both documents are then listed as sent.
func TestBrowserISPUploadQueue(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, _ := startBillingBrowserServer(t)
	dir := t.TempDir()
	var paths []string
	for i, name := range []string{"ghabz-telephone.png", "kart-melli.png"} {
		img := image.NewRGBA(image.Rect(0, 0, 120, 80))
		for x := 0; x < 120; x++ {
			for y := 0; y < 80; y++ {
				img.Set(x, y, color.RGBA{uint8(40 * i), uint8(x), uint8(y), 255})
			}
		}
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		f.Close()
		paths = append(paths, p)
	}

	b.Navigate(srv.URL + "/login")
	b.Fill("#identifier", browserISPChangeCode)
	b.Fill("#password", browserISPPassword)
	b.Submit("#identifier")
	browserExpectPath(t, b, "/", "after signing in")
	b.Navigate(srv.URL + "/isp/documents")
	if b.Visible("[data-upload-start]") {
		t.Fatal("«شروع بارگزاری» shows before anything is queued")
	}
	b.Upload("#files", paths[0])
	b.Upload("#files", paths[1])
	rows := b.Texts("#upload-queue tbody tr")
	if len(rows) != 2 || !strings.Contains(rows[0], "ghabz-telephone.png") || !strings.Contains(rows[1], "kart-melli.png") ||
		!strings.Contains(rows[0], "در صف") || !strings.Contains(rows[0], "KB") {
		t.Fatalf("the upload queue after two «افزودن فایل»: %q", rows)
	}
	if l := b.Text("[data-upload-start]"); l != "شروع بارگزاری" {
		t.Fatalf("the start button says %q", l)
	}
	b.Click("[data-upload-start]")
	deadline := time.Now().Add(30 * time.Second)
	for b.Count("#documents tbody tr a") < 2 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	sent := b.Texts("#documents tbody tr")
	if len(sent) < 2 || !strings.Contains(strings.Join(sent, " "), "kart-melli") {
		t.Fatalf("after «شروع بارگزاری» the sent documents are %q", sent)
	}
	browserExpectNoConsoleErrors(t, b)
}
