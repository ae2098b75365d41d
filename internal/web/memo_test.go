package web

import (
	"errors"
	"net/http/httptest"
	"testing"
)

func TestMemoLoadsOncePerRequest(t *testing.T) {
	r, _ := withState(httptest.NewRequest("GET", "/", nil))
	calls := 0
	load := func() (int, error) { calls++; return 42, nil }
	for range 3 {
		if v, err := Memo(r, "k", load); v != 42 || err != nil {
			t.Fatalf("got %d %v", v, err)
		}
	}
	boom := errors.New("boom")
	if _, err := Memo(r, "other", func() (int, error) { calls++; return 0, boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, err := Memo(r, "other", func() (int, error) { calls++; return 1, nil }); !errors.Is(err, boom) {
		t.Fatal("a failed load was not remembered for the request")
	}
	if calls != 2 {
		t.Fatalf("%d loads, want 2", calls)
	}
	// Another request loads afresh.
	r2, _ := withState(httptest.NewRequest("GET", "/", nil))
	Memo(r2, "k", load)
	if calls != 3 {
		t.Fatalf("%d loads, want 3", calls)
	}
}
