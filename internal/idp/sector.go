package idp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"time"

	"pishkhan/internal/fa"
)

// ErrSectorList: the sector_identifier_uri could not be read as a JSON
// array of URIs, or it leaves out one of the client's redirect URIs.
var ErrSectorList = fa.Refusal(domain, "sector_identifier_list", msgSectorList).OnField("sector_identifier_uri")

// sectorListMax bounds the fetched list: a sector's redirect URIs, not a
// download.
const sectorListMax = 64 << 10

// checkSector fetches the client's sector_identifier_uri, if it has one,
// and requires every redirect URI of the client to be in the JSON array it
// holds (OpenID Connect Core 8.1): a client may join a sector only with the
// sector owner's list, so that registering a sector URI cannot make one
// client's subjects those of another's.
func (s *Service) checkSector(ctx context.Context, c *Client) error {
	if c.SectorIdentifierURI == "" {
		return nil
	}
	hc := s.opts.SectorHTTP
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.SectorIdentifierURI, nil)
	if err != nil {
		return ErrSectorURI
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		s.log.Warn("idp: fetch sector_identifier_uri", "client", c.ID, "err", err)
		return ErrSectorList
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, sectorListMax+1))
	var uris []string
	if err != nil || resp.StatusCode != http.StatusOK || len(body) > sectorListMax || json.Unmarshal(body, &uris) != nil {
		return ErrSectorList
	}
	for _, r := range c.RedirectURIs {
		if !slices.Contains(uris, r) {
			return ErrSectorList
		}
	}
	return nil
}
