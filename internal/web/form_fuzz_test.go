package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"pishkhan/internal/fa"
)

// FuzzFormDecoder feeds a request body, form-encoded or multipart, through
// the body limit, the standard decoder and Form's checks as every handler
// uses them: no panic, and a value over MaxLength always fails. Seed corpus: testdata/fuzz/FuzzFormDecoder.
func FuzzFormDecoder(f *testing.F) {
	f.Add(false, []byte("a=1&b=%D8%B3%D9%84%D8%A7%D9%85&mobile=%DB%B0%DB%B9%DB%B1%DB%B2"))
	f.Add(false, []byte("a=%zz&&=&b"))
	f.Add(true, []byte("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\n1,2\r\n--B--\r\n"))
	f.Fuzz(func(t *testing.T, multipart bool, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		if multipart {
			r.Header.Set("Content-Type", "multipart/form-data; boundary=B")
		} else {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 64<<10)
		var err error
		if multipart {
			err = r.ParseMultipartForm(32 << 10)
			if err == nil {
				defer r.MultipartForm.RemoveAll()
			}
		} else {
			err = r.ParseForm()
		}
		if err != nil {
			return
		}
		form := NewForm(r.PostForm)
		if multipart {
			form = NewForm(r.MultipartForm.Value)
		}
		_ = form.Required("a", "الف")
		if v := form.MaxLength("b", "ب", 16); len([]rune(v)) > 16 && form.Errors["b"] == "" {
			t.Fatalf("MaxLength let %d runes pass", len([]rune(v)))
		}
		_ = form.Check("mobile", fa.ParseMobile)
		_ = fa.NormalizeInput(form.Get("a"))
	})
}
