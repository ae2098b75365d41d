package idp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/riverqueue/river"

	"pishkhan/internal/db"
)

// Back-channel logout (OpenID Connect Back-Channel Logout 1.0): when a
// provider session ends, every client it signed in to that registered a
// backchannel_logout_uri is POSTed a logout token, a JWT signed like its
// ID tokens, so the client ends its own session of that person without
// the browser. Delivery is a River job: it survives a restart, and a
// client that is down is tried again with a growing wait.

// backchannelEvent is the one event a logout token carries.
const backchannelEvent = "http://schemas.openid.net/event/backchannel-logout"

// Limits of a delivery.
const (
	logoutTokenTTL      = 2 * time.Minute
	backchannelTimeout  = 10 * time.Second
	backchannelAttempts = 12 // about a day with backchannelBackoff
)

// backchannelArgs is one logout token to deliver. JTI is fixed when the
// logout happens, so every try of the job carries the same token id and
// a client that saw the first (whose answer was lost) can tell a repeat.
type backchannelArgs struct {
	ClientID string `json:"client_id"`
	Subject  string `json:"subject"` // the national code; logoutSubject maps it to the client's sub at delivery
	JTI      string `json:"jti"`
}

func (backchannelArgs) Kind() string { return "idp_backchannel_logout" }

func (backchannelArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: backchannelAttempts, Queue: river.QueueDefault}
}

type backchannelWorker struct {
	river.WorkerDefaults[backchannelArgs]
	s *Service
}

func (w *backchannelWorker) Work(ctx context.Context, job *river.Job[backchannelArgs]) error {
	return w.s.deliverLogout(ctx, job.Args)
}

// NextRetry spaces the tries of an unreachable client: 30 s, 2 min,
// 4.5 min, … capped at 4 h (Options.BackchannelBackoff overrides it).
func (w *backchannelWorker) NextRetry(job *river.Job[backchannelArgs]) time.Time {
	if w.s.opts.BackchannelBackoff != nil {
		return time.Now().Add(w.s.opts.BackchannelBackoff(job.Attempt))
	}
	return time.Now().Add(backchannelBackoff(job.Attempt))
}

func backchannelBackoff(attempt int) time.Duration {
	d := time.Duration(attempt*attempt) * 30 * time.Second
	return min(d, 4*time.Hour)
}

// queueBackchannel queues, inside tx, a logout token for each client the
// session (its token hash) signed in to with a back-channel URI.
func (s *Service) queueBackchannel(ctx context.Context, tx *db.Tx, session, subject string) error {
	if s.opts.Jobs == nil {
		return nil
	}
	clients, err := db.All(ctx, tx, func(sc db.Scanner) (string, error) {
		var id string
		return id, sc.Scan(&id)
	}, `SELECT DISTINCT c.id FROM idp_signins s JOIN idp_clients c ON c.id = s.client_id
		WHERE s.session_hash = $1 AND c.backchannel_logout_uri <> '' ORDER BY c.id`, session)
	if err != nil {
		return err
	}
	for _, id := range clients {
		if err := s.opts.Jobs.Insert(ctx, tx, backchannelArgs{ClientID: id, Subject: subject, JTI: randomID()}, nil); err != nil {
			return err
		}
	}
	return nil
}

// errBackchannelRefused: the client answered 400, it cannot process this
// token; another try would get the same answer.
var errBackchannelRefused = errors.New("idp: back-channel logout refused by the client")

// deliverLogout signs the logout token and POSTs it. A client removed
// since, or one that no longer wants logout tokens, is skipped.
func (s *Service) deliverLogout(ctx context.Context, a backchannelArgs) error {
	c, err := s.ClientByID(ctx, a.ClientID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	ls, err := s.clientLogout(ctx, c.ID)
	if err != nil {
		return err
	}
	if ls.BackchannelLogoutURI == "" {
		return nil
	}
	token, err := s.logoutToken(ctx, c, a)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, backchannelTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ls.BackchannelLogoutURI, strings.NewReader(url.Values{"logout_token": {token}}.Encode()))
	if err != nil {
		return river.JobCancel(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := backchannelHTTP.Do(req)
	if err != nil {
		s.log.Warn("back-channel logout failed", "client", c.ID, "err", err)
		return fmt.Errorf("idp: back-channel logout to %s: %w", c.ID, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNoContent:
		return nil
	case resp.StatusCode == http.StatusBadRequest:
		s.log.Warn("back-channel logout refused", "client", c.ID)
		return river.JobCancel(errBackchannelRefused)
	}
	s.log.Warn("back-channel logout failed", "client", c.ID, "status", resp.StatusCode)
	return fmt.Errorf("idp: back-channel logout to %s: status %d", c.ID, resp.StatusCode)
}

// backchannelHTTP does not follow redirects: the token goes to the
// registered URI only.
var backchannelHTTP = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// logoutToken is the signed JWT of Back-Channel Logout 1.0 §2.4: iss,
// aud, iat, exp, jti, sub and the event; never a nonce. It is signed with
// the key of the algorithm the client registered for its ID tokens, so
// the client verifies it as it verifies them.
func (s *Service) logoutToken(ctx context.Context, c *Client, a backchannelArgs) (string, error) {
	alg := jose.SignatureAlgorithm(c.IDTokenAlg)
	if alg == "" {
		alg = keyAlgorithm
	}
	k, err := s.currentKey(ctx, alg)
	if err != nil {
		return "", err
	}
	sub := s.logoutSubject(c, a.Subject)
	now := s.now()
	payload, err := json.Marshal(map[string]any{
		"iss": s.opts.Issuer, "aud": c.ID, "iat": now.Unix(), "exp": now.Add(logoutTokenTTL).Unix(), "jti": a.JTI, "sub": sub,
		"events": map[string]any{backchannelEvent: map[string]any{}},
	})
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: k.priv, KeyID: k.id, Algorithm: string(alg)}},
		(&jose.SignerOptions{}).WithType("logout+jwt"))
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// logoutSubject is the sub the client knows the person by: the pairwise
// subject of its ID tokens.
func (s *Service) logoutSubject(c *Client, nationalCode string) string {
	return s.SubjectFor(c, nationalCode)
}
