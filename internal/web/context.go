package web

import (
	"context"
	"net/http"
)

// requestState travels with each request in its context. It is created by
// the outermost middleware and filled in as the request goes deeper, so
// that outer layers (logging, metrics) can see what inner ones learned
// (the route pattern) even though each layer may copy the *http.Request.
type requestState struct {
	route string // the ServeMux pattern that matched, e.g. "GET /cards/{id}"

	sessionLoaded bool
	session       *Session

	csrfSeed  string // the browser's CSRF cookie value (new or existing)
	flash     *Flash
	flashRead bool
	clientIP  string

	memo map[string]any // Memo's values, one per key per request
}

type stateKey struct{}

func stateOf(r *http.Request) *requestState {
	if st, ok := r.Context().Value(stateKey{}).(*requestState); ok {
		return st
	}
	return &requestState{}
}

func withState(r *http.Request) (*http.Request, *requestState) {
	st := &requestState{}
	return r.WithContext(context.WithValue(r.Context(), stateKey{}, st)), st
}

// Memo returns load's result for key, calling load once per request: for
// what many parts of one page need (the signed-in staff member, read by
// the guard, the header and every menu item's filter).
func Memo[T any](r *http.Request, key string, load func() (T, error)) (T, error) {
	st := stateOf(r)
	type result struct {
		v   T
		err error
	}
	if v, ok := st.memo[key].(result); ok {
		return v.v, v.err
	}
	v, err := load()
	if st.memo == nil {
		st.memo = map[string]any{}
	}
	st.memo[key] = result{v, err}
	return v, err
}

// Route returns the pattern of the route serving r ("" before routing).
func Route(r *http.Request) string { return stateOf(r).route }
