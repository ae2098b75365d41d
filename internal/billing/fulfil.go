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

// OrderKind is what an area tells billing about one kind of its orders:
// who delivers it and the area's page the order was made on, where the
// order page's «بازگشت و تصحیح» leads.
type OrderKind struct {
	Kind    string
	Fulfil  Fulfiller
	BackURL string // a path of the area's; "" leads home
}

// RegisterOrderKind registers an area's order kind: its fulfiller and its
// back link. Billing knows no area: the links come from here.
func (s *Service) RegisterOrderKind(k OrderKind) {
	s.RegisterFulfiller(k.Kind, k.Fulfil)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.backURLs == nil {
		s.backURLs = map[string]string{}
	}
	s.backURLs[k.Kind] = k.BackURL
}

// BackURL is where «بازگشت و تصحیح» leads for an order of kind: the page
// its area registered, the wallet for a top-up, else home.
func (s *Service) BackURL(kind string) string {
	if kind == KindWalletTopUp {
		return "/wallet"
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if u := s.backURLs[kind]; u != "" {
		return u
	}
	return "/"
}

func (s *Service) fulfiller(kind string) (Fulfiller, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	f, ok := s.fulfillers[kind]
	return f, ok
}
