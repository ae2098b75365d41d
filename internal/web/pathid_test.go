package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestPathID(t *testing.T) {
	for path, want := range map[string]int64{
		"/x/42": 42, "/x/۴۲": 42, "/x/0": 0, "/x/-3": 0, "/x/abc": 0,
		"/x/99999999999999999999": 0, "/x/4.5": 0,
	} {
		var got int64 = -1
		mux := http.NewServeMux()
		mux.HandleFunc("GET /x/{id}", func(w http.ResponseWriter, r *http.Request) { got = PathID(r, "id") })
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
		if got != want {
			t.Errorf("PathID(%s) = %d, want %d", path, got, want)
		}
	}
}
