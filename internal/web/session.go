package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"time"

	"pishkhan/internal/db"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds the web kit's tables (sessions).
var Schema = &db.Schema{Name: "web", FS: mustSub(migrations, "migrations")}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Session is a signed-in visitor: a customer or a staff member.
type Session struct {
	ID        int64
	Kind      string // "customer" or "staff"; the identity package owns the meaning
	SubjectID int64
	// Stage is "" for a full session, or the step that must be finished
	// before anything else (set by the identity package).
	Stage      string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
	// Data holds small values of a flow in progress; nil until loaded by
	// Get or Set (lookups on every request skip it).
	Data map[string]string
}

// Sessions stores sessions in the database.
type Sessions struct {
	db     *db.DB
	now    func() time.Time
	idle   time.Duration
	max    time.Duration
	secure bool
	cache  *sessionCache
}

// touchEvery bounds how often a busy session's last-seen time is written:
// once a minute is precise enough for a 30-minute idle timeout, and spares
// the database a write on every page view.
const touchEvery = time.Minute

func (s *Sessions) cookieName() string {
	if s.secure {
		return "__Host-pishkhan" // __Host-: only over HTTPS, only for this host, path /
	}
	return "pishkhan_session"
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

const sessionColumns = "id, subject_kind, subject_id, stage, created_at, last_seen_at, expires_at, ip, user_agent, data"

func scanSession(row db.Scanner) (*Session, error) {
	var s Session
	var data string
	if err := row.Scan(&s.ID, &s.Kind, &s.SubjectID, &s.Stage, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.IP, &s.UserAgent, &data); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &s.Data); err != nil {
		return nil, fmt.Errorf("session %d data: %w", s.ID, err)
	}
	if s.Data == nil {
		s.Data = map[string]string{}
	}
	return &s, nil
}

// lookup finds the live session for a cookie token; nil when there is
// none or it has expired (expired rows are deleted by a periodic job).
// Every signed-in request runs it, so it reads only what deciding needs;
// Data is loaded when a handler asks for it (Sessions.Get).
func (s *Sessions) lookup(ctx context.Context, token string) (*Session, error) {
	hash := hashToken(token)
	now := s.now()
	sess, cached := s.cache.get(hash, now)
	if !cached {
		sess = &Session{}
		err := s.db.QueryRow(ctx, "SELECT id, subject_kind, subject_id, stage, last_seen_at, expires_at FROM web_sessions WHERE token_hash = $1", hash).
			Scan(&sess.ID, &sess.Kind, &sess.SubjectID, &sess.Stage, &sess.LastSeenAt, &sess.ExpiresAt)
		if errors.Is(err, db.ErrNoRows) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("look up session: %w", err)
		}
	}
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.idle {
		s.cache.drop(hash)
		return nil, nil
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if _, err := s.db.Exec(ctx, "UPDATE web_sessions SET last_seen_at = $1 WHERE id = $2", now, sess.ID); err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
		sess.LastSeenAt = now
		cached = false
	}
	if !cached {
		s.cache.put(hash, sess, now)
	}
	return sess, nil
}

func (s *Sessions) create(ctx context.Context, kind string, subjectID int64, stage, ip, ua string) (*Session, string, error) {
	token := newToken()
	now := s.now()
	if len(ua) > 512 {
		ua = ua[:512]
	}
	sess := &Session{Kind: kind, SubjectID: subjectID, Stage: stage, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.max), IP: ip, UserAgent: ua}
	err := s.db.ExecReturning(ctx, `INSERT INTO web_sessions (token_hash, subject_kind, subject_id, stage, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		hashToken(token), kind, subjectID, stage, now, now, sess.ExpiresAt, ip, ua).Scan(&sess.ID)
	if err != nil {
		return nil, "", fmt.Errorf("create session: %w", err)
	}
	return sess, token, nil
}

// List returns the live sessions of one person, newest first, for the
// "where you are signed in" page.
func (s *Sessions) List(ctx context.Context, kind string, subjectID int64) ([]*Session, error) {
	now := s.now()
	return db.All(ctx, s.db, scanSession, "SELECT "+sessionColumns+` FROM web_sessions
		WHERE subject_kind = $1 AND subject_id = $2 AND expires_at > $3 AND last_seen_at > $4
		ORDER BY last_seen_at DESC, id DESC`, kind, subjectID, now, now.Add(-s.idle))
}

// DestroyAll ends every session of one person except keep (0 keeps none):
// after a password change or reset, and for "sign out other sessions".
func (s *Sessions) DestroyAll(ctx context.Context, q db.Querier, kind string, subjectID, keep int64) (int64, error) {
	res, err := q.Exec(ctx, "DELETE FROM web_sessions WHERE subject_kind = $1 AND subject_id = $2 AND id <> $3", kind, subjectID, keep)
	s.cache.dropSubject(kind, subjectID)
	return res.RowsAffected, err
}

// Get returns one value stored in a session ("" when unset).
func (s *Sessions) Get(ctx context.Context, sess *Session, key string) (string, error) {
	if err := s.loadData(ctx, sess); err != nil {
		return "", err
	}
	return sess.Data[key], nil
}

// Set stores one value in a session (such as a step reached in a flow).
func (s *Sessions) Set(ctx context.Context, sess *Session, key, value string) error {
	if err := s.loadData(ctx, sess); err != nil {
		return err
	}
	sess.Data[key] = value
	data, _ := json.Marshal(sess.Data)
	_, err := s.db.Exec(ctx, "UPDATE web_sessions SET data = $1 WHERE id = $2", string(data), sess.ID)
	return err
}

func (s *Sessions) loadData(ctx context.Context, sess *Session) error {
	if sess.Data != nil {
		return nil
	}
	var data string
	if err := s.db.QueryRow(ctx, "SELECT data FROM web_sessions WHERE id = $1", sess.ID).Scan(&data); err != nil {
		return fmt.Errorf("load session data: %w", err)
	}
	sess.Data = map[string]string{}
	return json.Unmarshal([]byte(data), &sess.Data)
}

// DeleteExpired removes sessions past their absolute or idle end; the
// periodic cleanup job calls it.
func (s *Sessions) DeleteExpired(ctx context.Context) (int64, error) {
	now := s.now()
	res, err := s.db.Exec(ctx, "DELETE FROM web_sessions WHERE expires_at <= $1 OR last_seen_at <= $2", now, now.Add(-s.idle))
	return res.RowsAffected, err
}

// --- request-level helpers on Server ---

// Session returns the signed-in session of r, or nil. It is looked up once
// per request, and only by requests that ask (static files never do).
func (s *Server) Session(r *http.Request) *Session {
	st := stateOf(r)
	if st.sessionLoaded {
		return st.session
	}
	st.sessionLoaded = true
	c, err := r.Cookie(s.Sessions.cookieName())
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil
	}
	sess, err := s.Sessions.lookup(r.Context(), c.Value)
	if err != nil {
		// A database failure must not look like "signed out" (which would
		// send people to the sign-in page); it surfaces as an error page.
		panic(fmt.Errorf("web: %w", err))
	}
	st.session = sess
	return sess
}

// SignIn starts a new session for a person and sets its cookie. Any
// session the browser had is ended first, so a session ID fixed before
// sign-in can never become a signed-in one. The CSRF seed is renewed too.
// stage is "" for a full session, or the step the person must finish first.
func (s *Server) SignIn(w http.ResponseWriter, r *http.Request, kind string, subjectID int64, stage string) (*Session, error) {
	if old := s.Session(r); old != nil {
		if _, err := s.DB().Exec(r.Context(), "DELETE FROM web_sessions WHERE id = $1", old.ID); err != nil {
			return nil, err
		}
		s.forgetCookie(r)
	}
	sess, token, err := s.Sessions.create(r.Context(), kind, subjectID, stage, s.ClientIP(r), r.UserAgent())
	if err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{Name: s.Sessions.cookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	st := stateOf(r)
	st.session, st.sessionLoaded = sess, true
	s.renewCSRF(w, r)
	return sess, nil
}

// SetStage moves the current session to another stage ("" for full
// access) under a new token and cookie: a change of privilege, such as
// finishing the forced password change, must not keep a token that was
// issued before it.
func (s *Server) SetStage(w http.ResponseWriter, r *http.Request, stage string) error {
	sess := s.Session(r)
	if sess == nil {
		return nil
	}
	token := newToken()
	if _, err := s.DB().Exec(r.Context(), "UPDATE web_sessions SET token_hash = $1, stage = $2 WHERE id = $3", hashToken(token), stage, sess.ID); err != nil {
		return err
	}
	sess.Stage = stage
	s.forgetCookie(r)
	http.SetCookie(w, &http.Cookie{Name: s.Sessions.cookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	return nil
}

// SignOut ends the current session and clears its cookie.
func (s *Server) SignOut(w http.ResponseWriter, r *http.Request) error {
	if sess := s.Session(r); sess != nil {
		if _, err := s.DB().Exec(r.Context(), "DELETE FROM web_sessions WHERE id = $1", sess.ID); err != nil {
			return err
		}
		s.forgetCookie(r)
	}
	http.SetCookie(w, &http.Cookie{Name: s.Sessions.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	st := stateOf(r)
	st.session, st.sessionLoaded = nil, true
	s.renewCSRF(w, r)
	return nil
}

// forgetCookie drops the request's session token from this instance's
// cache, once its row has been deleted or re-keyed.
func (s *Server) forgetCookie(r *http.Request) {
	if c, err := r.Cookie(s.Sessions.cookieName()); err == nil {
		s.Sessions.cache.drop(hashToken(c.Value))
	}
}

// DB is the database the server was built with.
func (s *Server) DB() *db.DB { return s.opts.DB }
