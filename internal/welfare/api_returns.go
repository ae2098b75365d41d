package welfare

import (
	"encoding/json"
	"net/http"

	"pishkhan/internal/web"
)

// The store's API for a cancellation (POST …/cancel) or a return (POST
// …/returns with an amount). The answer is the return and the purchase
// after it; the same idempotency key answers the first return again.

type apiReturn struct {
	ID       int64       `json:"id"`
	Kind     string      `json:"kind"`
	Amount   int64       `json:"amount"`
	Purchase apiPurchase `json:"purchase"`
	Returned int64       `json:"purchase_returned"`
}

func (p *Pages) apiReturn(w http.ResponseWriter, r *http.Request, cancel bool) {
	m, ok := p.apiMerchant(w, r)
	if !ok {
		return
	}
	var in struct {
		Amount         int64  `json:"amount"`
		IdempotencyKey string `json:"idempotency_key"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		web.JSON(w, http.StatusBadRequest, apiError{"bad_request", msgAPIBadJSON})
		return
	}
	if !web.CleanText(in.IdempotencyKey) {
		web.JSON(w, http.StatusBadRequest, apiError{"bad_text", msgAPIBadText})
		return
	}
	if cancel {
		in.Amount = 0
	} else if in.Amount <= 0 {
		web.JSON(w, http.StatusUnprocessableEntity, apiError{ErrReturnAmount.Code, ErrReturnAmount.Message})
		return
	}
	ret, err := p.svc.ReturnPurchase(r.Context(), m, web.PathID(r, "id"), ReturnRequest{Amount: in.Amount, IdempotencyKey: in.IdempotencyKey})
	if err != nil {
		p.apiFail(w, r, err)
		return
	}
	pu, err := p.svc.MerchantPurchase(r.Context(), m, ret.PurchaseID)
	if err != nil {
		p.apiFail(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, apiReturn{ID: ret.ID, Kind: ret.Kind, Amount: ret.Amount, Purchase: toAPI(pu), Returned: pu.Returned})
}

func (p *Pages) apiCancel(w http.ResponseWriter, r *http.Request)  { p.apiReturn(w, r, true) }
func (p *Pages) apiReturns(w http.ResponseWriter, r *http.Request) { p.apiReturn(w, r, false) }
