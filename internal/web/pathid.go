package web

import (
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
)

// PathID reads the path wildcard name ({id}, {number} …) as a row id: a
// positive number, in Persian or Latin digits (a person may retype a URL
// on a Persian keyboard). Anything else is 0, which no row has, so the
// caller answers 404.
func PathID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(fa.LatinDigits(r.PathValue(name)), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
