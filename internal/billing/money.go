package billing

// Money rules. Amounts are int64 rials; no floats anywhere.
//
// Rounding rule (value-added tax): VAT = price × rate / 10,000, where rate
// is in basis points (900 = 9%), rounded half up to the whole rial:
// (price × rate + 5,000) / 10,000 in integer arithmetic. Prices are never
// negative, so "half up" and "half away from zero" agree. VAT is charged
// on the price (the sum of the order's lines) only; the subscription fee
// («آبونمان») and the deductions are not taxed here, as on the ISP guide's
// pre-invoice.
//
// Payable rule, the ISP guide's pre-invoice:
//
//	due      = price + VAT + subscription − remaining
//	if due ≤ 0:  payable = 0, wallet used = 0, surplus = −due
//	             (the surplus is credited to the wallet when the order
//	             completes: «مقدار هزینه باقیمانده در پنل شما منظور میگردد»)
//	else:        wallet used = min(due, wallet balance) when the customer
//	             chose to use it, else 0; payable = due − wallet used
//
// The guide's example: 8,000,000 + 720,000 + 0 − 1,928,767 − 0 = 6,791,233.

// DefaultVATRate is Iran's value-added tax, 9%, in basis points.
const DefaultVATRate = 900

// MaxAmount bounds every amount billing accepts (10^14 rials), so that
// price × rate (rate ≤ 10,000) and the sums below cannot overflow int64.
const MaxAmount int64 = 100_000_000_000_000

// VAT returns the value-added tax on price at rate basis points, rounded
// half up to the whole rial. price must be in [0, MaxAmount] and rate in
// [0, 10,000]; callers validate (ComputeFigures does).
func VAT(price, rate int64) int64 {
	return (price*rate + 5_000) / 10_000
}

// Figures are an order's amounts as the pre-invoice shows them.
type Figures struct {
	Price        int64 // sum of the lines («مبلغ»)
	VATRate      int64 // basis points
	VAT          int64 // «مالیات بر ارزش افزوده»
	Subscription int64 // «آبونمان»
	Remaining    int64 // remaining value of the service being replaced («باقیمانده سرویس فعال»)
	WalletUsed   int64 // «اعتبار پنل شما» taken for this order
	Payable      int64 // «مبلغ قابل پرداخت», paid at the bank
	Surplus      int64 // credited to the wallet on completion when remaining exceeds the rest
}

// Total is what the goods and services cost, before deductions.
func (f Figures) Total() int64 { return f.Price + f.VAT + f.Subscription }

// ComputeFigures applies the payable rule. walletBalance is the customer's
// balance now; it is only drawn on when useWallet is set.
func ComputeFigures(price, subscription, remaining, walletBalance int64, useWallet bool, rate int64) (Figures, error) {
	for _, a := range []int64{price, subscription, remaining, walletBalance} {
		if a < 0 || a > MaxAmount {
			return Figures{}, ErrAmount
		}
	}
	if rate < 0 || rate > 10_000 {
		return Figures{}, ErrAmount
	}
	f := Figures{Price: price, VATRate: rate, VAT: VAT(price, rate), Subscription: subscription, Remaining: remaining}
	due := f.Total() - remaining
	if due <= 0 {
		f.Surplus = -due
		return f, nil
	}
	if useWallet {
		f.WalletUsed = min(due, walletBalance)
	}
	f.Payable = due - f.WalletUsed
	return f, nil
}
