package identity

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// 64 sign-ins at once: no more than MaxConcurrentHashes argon2id
// computations run together (the memory cap), and every sign-in still
// succeeds. Each hash yields inside its slot until the cap is full and
// then some more, so without the slots many more would be seen at once.
func TestConcurrentSignInsHashWithinCap(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const limit = 3
		e := newEnv(t, d, func(o *Options) { o.MaxConcurrentHashes = limit })
		var codes []string
		for i := range 16 {
			code := nationalCode(fmt.Sprintf("4%08d", 1000+i*37))
			c := e.customer(t, NewCustomer{NationalCode: code})
			e.setUp(t, c, strongPassword)
			codes = append(codes, code)
		}
		e.s.hashesPeak.Store(0)
		e.s.hashHook = func() {
			for i := 0; i < 10000 && e.s.hashesRunning.Load() < limit; i++ {
				runtime.Gosched()
			}
			for range 100 {
				runtime.Gosched()
			}
		}

		const n = 64
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = e.s.SignIn(ctx, codes[i%len(codes)], strongPassword, fmt.Sprintf("198.19.%d.%d", i/200, 1+i%200), "ua")
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("sign-in %d: %v", i, err)
			}
		}
		if peak := e.s.HashesPeak(); peak > limit || peak < 2 {
			t.Fatalf("%d argon2id computations ran at once, want at most %d (and more than one)", peak, limit)
		}
		t.Logf("%s: at most %d hashes at once", d.Engine(), e.s.HashesPeak())
	})
}

// A request that ends while it waits for a slot gives up its place
// instead of hashing for nobody.
func TestHashSlotWaitEndsWithRequest(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, func(o *Options) { o.MaxConcurrentHashes = 1 })
		e.s.hashSlots <- struct{}{} // the only slot is busy
		defer func() { <-e.s.hashSlots }()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := e.s.hash(ctx, strongPassword); !errors.Is(err, context.Canceled) {
			t.Fatalf("hash with every slot busy and the request gone: %v", err)
		}
		if _, _, err := e.s.verify(ctx, "$argon2id$v=19$m=256,t=1,p=1$AAAA$AAAA", strongPassword); !errors.Is(err, context.Canceled) {
			t.Fatalf("verify with every slot busy and the request gone: %v", err)
		}
	})
}
