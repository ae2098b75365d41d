package billing

import (
	"context"

	"pishkhan/internal/db"
)

// Fulfiller delivers what a paid order bought (a service, traffic, an IP
// renewal, an installment). Billing calls it inside the transaction that
// marks the order paid, with that transaction: it must use only tx, and
// returning an error rolls the whole settlement back (the order stays at
// the gateway and the re-verification job tries again), so a payment is
// never taken without its delivery nor delivered twice. o.Ref is the
// area's own reference given at CreateOrder.
type Fulfiller func(ctx context.Context, tx *db.Tx, o *Order) error

// RegisterFulfiller sets the fulfiller of one order kind. Areas register
// theirs at start-up, in app; CreateOrder refuses kinds nobody fulfils, so
// nothing is paid that cannot be delivered.
func (s *Service) RegisterFulfiller(kind string, f Fulfiller) {
	if kind == "" || f == nil {
		panic("billing: RegisterFulfiller needs a kind and a function")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fulfillers[kind] = f
}

func (s *Service) fulfiller(kind string) (Fulfiller, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	f, ok := s.fulfillers[kind]
	return f, ok
}
