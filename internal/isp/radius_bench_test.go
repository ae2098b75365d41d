package isp

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"

	"pishkhan/internal/billing"
	"pishkhan/internal/identity"
)

// withMA adds the Message-Authenticator the server now requires (the
// packet is then re-encoded by radius.Exchange to the same bytes).
func withMA(tb testing.TB, p *radius.Packet) *radius.Packet {
	if _, err := encodeWithMessageAuthenticator(p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkAccessBurst is the 2,000-request burst: Access-Requests (PAP,
// with Message-Authenticator) from 8 concurrent Go RADIUS clients
// (layeh.com/radius) to the running server, 16 subscribers, each answer
// an Access-Accept after its transaction; no retries, so a lost request
// fails the run.
//
//	go test ./internal/isp -run '^$' -bench AccessBurst -benchtime 2000x
func BenchmarkAccessBurst(b *testing.B) {
	for _, engine := range benchEngines {
		b.Run(engine.name, func(b *testing.B) {
			d := engine.open(b, identity.Schema, billing.Schema, Schema)
			e := newEnv(b, d)
			plan := e.plan(b, PlanService, "bench", 1000, 365, 100_000_000)
			const subs, workers = 16, 8
			var users []*Subscriber
			for range subs {
				users = append(users, e.give(b, e.subscriber(b), plan))
			}
			r := startRadius(b, e)
			addr := r.AuthAddr().String()
			client := &radius.Client{Retry: 0, MaxPacketErrors: 10}
			var next, lost atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := int(next.Add(1)) - 1
						if i >= b.N {
							return
						}
						p := radius.New(radius.CodeAccessRequest, []byte("testing123"))
						rfc2865.UserName_SetString(p, users[i%subs].Username)
						rfc2865.UserPassword_SetString(p, "modem-pass1")
						ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
						resp, err := client.Exchange(ctx, withMA(b, p), addr)
						cancel()
						if err != nil || resp.Code != radius.CodeAccessAccept {
							lost.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			took := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/took.Seconds(), "requests/s")
			b.ReportMetric(float64(lost.Load()), "lost")
			if lost.Load() > 0 {
				b.Fatalf("%d of %d requests unanswered or refused", lost.Load(), b.N)
			}
		})
	}
}
