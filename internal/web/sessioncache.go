package web

import (
	"sync"
	"time"
)

// sessionCache remembers, for a moment, that a session token was found
// valid, so a burst of requests from one page (and a busy customer) costs
// one database lookup per second instead of one each. Expiry and idle
// time are still checked on every request against the cached times.
//
// The price is bounded staleness across instances: a session ended on one
// instance (sign-out, password change) is still honoured by another for at
// most cacheTTL. The instance that ends a session drops it from its own
// cache at once. With the 1-second default this is far below anything a
// person can exploit, and it is what lets the full middleware stack keep
// most of a bare handler's throughput (docs/benchmarks.md).
type sessionCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]cachedSession
}

type cachedSession struct {
	sess    Session
	checked time.Time
}

// maxCachedSessions bounds memory; when full the cache starts over, which
// only costs lookups.
const maxCachedSessions = 100_000

func (c *sessionCache) get(hash string, now time.Time) (*Session, bool) {
	if c == nil || c.ttl <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || now.Sub(e.checked) >= c.ttl || now.Before(e.checked) {
		return nil, false
	}
	s := e.sess
	return &s, true
}

func (c *sessionCache) put(hash string, s *Session, now time.Time) {
	if c == nil || c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedSessions {
		c.m = map[string]cachedSession{}
	}
	c.m[hash] = cachedSession{sess: *s, checked: now}
}

func (c *sessionCache) drop(hash string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.m, hash)
	c.mu.Unlock()
}

// dropSubject forgets every cached session of one person.
func (c *sessionCache) dropSubject(kind string, id int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	for h, e := range c.m {
		if e.sess.Kind == kind && e.sess.SubjectID == id {
			delete(c.m, h)
		}
	}
	c.mu.Unlock()
}
