package identity

import (
	"sync"
	"time"
)

// customerCache keeps customers read by pages for a short time (see
// CustomerOf). Entries are copies handed out read-only; the cache is
// bounded by clearing it whole, since it only saves work.
type customerCache struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[int64]cachedCustomer
}

type cachedCustomer struct {
	c  *Customer
	at time.Time
}

const customerCacheMax = 100_000

func (cc *customerCache) get(id int64) *Customer {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	e, ok := cc.m[id]
	if !ok || time.Since(e.at) > cc.ttl {
		return nil
	}
	c := *e.c
	return &c
}

func (cc *customerCache) put(id int64, c *Customer) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.m == nil || len(cc.m) >= customerCacheMax {
		cc.m = map[int64]cachedCustomer{}
	}
	cp := *c
	cc.m[id] = cachedCustomer{c: &cp, at: time.Now()}
}

// forget drops a customer after a change on this instance.
func (cc *customerCache) forget(id int64) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	delete(cc.m, id)
}
