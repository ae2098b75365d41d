package billing

import "context"

// SandboxGateway is the sandbox bank's gateway name (Sandbox.Name): the
// gateway of every payment its bank page takes.
const SandboxGateway = "sandbox"

// OrderOfPayment is the order a payment at gateway under reference (the
// gateway's token) settles, with its lines, or ErrNotFound. An issuer asked
// to authorise a card payment uses it to see what the payment is for (an
// area must not pay its own credit with that same credit).
func (s *Service) OrderOfPayment(ctx context.Context, gateway, reference string) (*Order, error) {
	p, err := paymentByRef(ctx, s.db, gateway, reference)
	if err != nil {
		return nil, notFound(err, ErrNotFound)
	}
	return orderByID(ctx, s.db, p.OrderID)
}
