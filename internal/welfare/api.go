package welfare

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// The merchants' API: a contracted store's system starts a purchase and
// confirms it with the customer's code, authenticated by the store's key
// («Authorization: Bearer wk_…»), like the card issuer's partners.

type apiPurchase struct {
	ID           int64  `json:"id"`
	Status       string `json:"status"`
	Amount       int64  `json:"amount"`
	Installments int    `json:"installments"`
	Monthly      int64  `json:"monthly_installment"`
}

// apiError is the wire shape of a refusal (a code and its message), not
// an error type: a refusal is an *fa.Error until it is answered.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// apiCooldown is a refusal to send a code yet: the purchase it concerns
// and the seconds until /resend may be asked (also in Retry-After).
type apiCooldown struct {
	apiError
	PurchaseID int64 `json:"purchase_id"`
	RetryAfter int   `json:"retry_after"`
}

func toAPI(p *Purchase) apiPurchase {
	return apiPurchase{ID: p.ID, Status: p.Status, Amount: p.Amount, Installments: p.Installments, Monthly: p.Monthly}
}

func (p *Pages) apiMerchant(w http.ResponseWriter, r *http.Request) (*Merchant, bool) {
	key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		web.JSON(w, http.StatusUnauthorized, apiError{"unauthorized", msgAPIKeyRequired})
		return nil, false
	}
	m, err := p.svc.MerchantByKey(r.Context(), strings.TrimSpace(key))
	if err != nil {
		web.JSON(w, http.StatusUnauthorized, apiError{"unauthorized", msgAPIKeyInvalid})
		return nil, false
	}
	return m, true
}

// apiFail answers a refusal of the purchase in the path ({id}).
func (p *Pages) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	p.apiFailPurchase(w, r, web.PathID(r, "id"), err)
}

// apiFailPurchase answers a refusal concerning purchase id: a welfare
// refusal with its code (a cool-down with 429, the purchase and the
// wait), any other refusal as "rejected", an internal error as
// "internal" (logged, not shown).
func (p *Pages) apiFailPurchase(w http.ResponseWriter, r *http.Request, id int64, err error) {
	var fe *fa.Error
	switch {
	case errors.Is(err, ErrCodeCooldown) && errors.As(err, &fe):
		secs := retrySeconds(fe.RetryAfter)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		web.JSON(w, http.StatusTooManyRequests, apiCooldown{apiError{CodeCooldown, fe.Message}, id, secs})
	case errors.Is(err, ErrNotFound):
		web.JSON(w, http.StatusNotFound, apiError{"not_found", ErrNotFound.Message})
	case errors.As(err, &fe) && fe.Domain == domain:
		web.JSON(w, http.StatusUnprocessableEntity, apiError{fe.Code, fe.Message})
	default:
		if msg, ok := fa.UserMessage(err); ok {
			web.JSON(w, http.StatusUnprocessableEntity, apiError{"rejected", msg})
			return
		}
		p.svc.log.Error("welfare api", "err", err)
		web.JSON(w, http.StatusInternalServerError, apiError{"internal", msgAPIInternal})
	}
}

func (p *Pages) apiStart(w http.ResponseWriter, r *http.Request) {
	m, ok := p.apiMerchant(w, r)
	if !ok {
		return
	}
	var in struct {
		Customer       string `json:"customer"`
		Amount         int64  `json:"amount"`
		Installments   int    `json:"installments"`
		IdempotencyKey string `json:"idempotency_key"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		web.JSON(w, http.StatusBadRequest, apiError{"bad_request", msgAPIBadJSON})
		return
	}
	if !web.CleanText(in.Customer, in.IdempotencyKey) {
		web.JSON(w, http.StatusBadRequest, apiError{"bad_text", msgAPIBadText})
		return
	}
	pu, err := p.svc.StartPurchase(r.Context(), m, PurchaseRequest(in))
	if err != nil {
		// With a purchase but no code sent (cool-down, no mobile), the
		// store may ask again with /resend.
		var id int64
		if pu != nil {
			id = pu.ID
		}
		p.apiFailPurchase(w, r, id, err)
		return
	}
	web.JSON(w, http.StatusOK, toAPI(pu))
}

func (p *Pages) apiConfirm(w http.ResponseWriter, r *http.Request) {
	m, ok := p.apiMerchant(w, r)
	if !ok {
		return
	}
	var in struct {
		Code   string `json:"code"`
		Method string `json:"method"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		web.JSON(w, http.StatusBadRequest, apiError{"bad_request", msgAPIBadJSON})
		return
	}
	if !web.CleanText(in.Code, in.Method) {
		web.JSON(w, http.StatusBadRequest, apiError{"bad_text", msgAPIBadText})
		return
	}
	pu, err := p.svc.ConfirmPurchase(r.Context(), m, web.PathID(r, "id"), in.Method, in.Code)
	if err != nil {
		p.apiFail(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, toAPI(pu))
}

func (p *Pages) apiResend(w http.ResponseWriter, r *http.Request) {
	m, ok := p.apiMerchant(w, r)
	if !ok {
		return
	}
	if err := p.svc.ResendCode(r.Context(), m, web.PathID(r, "id")); err != nil {
		p.apiFail(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]string{"status": "sent"})
}
