package idp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// HTTPRegistry asks an inquiry provider over HTTP instead of the embedded
// tables. Its wire format, JSON over HTTPS with an API key:
//
//	GET  {base}/persons/{national_code}
//	  200 {"national_code","first_name","last_name","father_name","birth_date" (Jalali 1369/08/17),
//	       "certificate_number","certificate_place","certificate_date","gender" (male|female),"mobiles":[…]}
//	  404 when there is no such person
//	POST {base}/mobile-match  {"national_code":"…","mobile":"09…"}
//	  200 {"matched": true|false}
//
// Every request carries "Authorization: Bearer {APIKey}".
type HTTPRegistry struct {
	BaseURL string
	APIKey  string
	Client  *http.Client // nil: a client with a 10 s timeout
}

type wirePerson struct {
	NationalCode      string   `json:"national_code"`
	FirstName         string   `json:"first_name"`
	LastName          string   `json:"last_name"`
	FatherName        string   `json:"father_name"`
	BirthDate         string   `json:"birth_date"`
	CertificateNumber string   `json:"certificate_number"`
	CertificatePlace  string   `json:"certificate_place"`
	CertificateDate   string   `json:"certificate_date"`
	Gender            string   `json:"gender"`
	Mobiles           []string `json:"mobiles"`
}

func (h *HTTPRegistry) client() *http.Client {
	if h.Client != nil {
		return h.Client
	}
	return &http.Client{Timeout: 10 * time.Second}
}

func (h *HTTPRegistry) do(ctx context.Context, method, path string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(h.BaseURL, "/")+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+h.APIKey)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.client().Do(req)
	if err != nil {
		return 0, fmt.Errorf("idp: registry: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return resp.StatusCode, nil
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("idp: registry: %s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(out); err != nil {
		return resp.StatusCode, fmt.Errorf("idp: registry: %s %s: %w", method, path, err)
	}
	return resp.StatusCode, nil
}

// Person implements Registry. The answer is validated as an import row
// is: a partner's malformed data never reaches a token.
func (h *HTTPRegistry) Person(ctx context.Context, nationalCode string) (*Person, error) {
	var w wirePerson
	status, err := h.do(ctx, http.MethodGet, "/persons/"+url.PathEscape(nationalCode), nil, &w)
	if err != nil {
		return nil, err
	}
	if status == http.StatusNotFound {
		return nil, ErrNotFound
	}
	p, err := parsePerson([]string{w.NationalCode, w.FirstName, w.LastName, w.FatherName, w.BirthDate, w.CertificateNumber,
		w.CertificatePlace, w.CertificateDate, w.Gender, strings.Join(w.Mobiles, " ")})
	if err != nil {
		return nil, fmt.Errorf("idp: registry answer: %w", err)
	}
	if p.NationalCode != nationalCode {
		return nil, errors.New("idp: registry answered for another national code")
	}
	return p, nil
}

// MobileMatches implements Registry.
func (h *HTTPRegistry) MobileMatches(ctx context.Context, nationalCode, mobile string) (bool, error) {
	var out struct {
		Matched *bool `json:"matched"`
	}
	status, err := h.do(ctx, http.MethodPost, "/mobile-match", map[string]string{"national_code": nationalCode, "mobile": mobile}, &out)
	if err != nil {
		return false, err
	}
	if status == http.StatusNotFound {
		return false, nil
	}
	if out.Matched == nil {
		return false, errors.New("idp: registry: mobile-match answer without matched")
	}
	return *out.Matched, nil
}
