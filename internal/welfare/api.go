package welfare

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

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
		web.JSON(w, http.StatusUnauthorized, apiError{"unauthorized", "کلید فروشگاه لازم است."})
		return nil, false
	}
	m, err := p.svc.MerchantByKey(r.Context(), strings.TrimSpace(key))
	if err != nil {
		web.JSON(w, http.StatusUnauthorized, apiError{"unauthorized", "کلید فروشگاه معتبر نیست."})
		return nil, false
	}
	return m, true
}

func (p *Pages) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	var we *Error
	var ce *CooldownError
	var um interface{ UserMessage() string }
	switch {
	case errors.As(err, &ce):
		w.Header().Set("Retry-After", strconv.Itoa(ce.Seconds()))
		web.JSON(w, http.StatusTooManyRequests, apiCooldown{apiError{CodeCooldown, ce.UserMessage()}, ce.PurchaseID, ce.Seconds()})
	case errors.Is(err, ErrNotFound):
		web.JSON(w, http.StatusNotFound, apiError{"not_found", ErrNotFound.Message})
	case errors.As(err, &we):
		web.JSON(w, http.StatusUnprocessableEntity, apiError{we.Code, we.Message})
	case errors.As(err, &um):
		web.JSON(w, http.StatusUnprocessableEntity, apiError{"rejected", um.UserMessage()})
	default:
		p.svc.log.Error("welfare api", "err", err)
		web.JSON(w, http.StatusInternalServerError, apiError{"internal", "خطای داخلی؛ دوباره تلاش کنید."})
	}
}

// msgAPIBadText refuses a text field holding a NUL: PostgreSQL rejects it
// in text columns (a 500 before this check), SQLite would store it.
const msgAPIBadText = "فیلدهای متنی نباید نویسهٔ تهی (NUL) داشته باشند."

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
		web.JSON(w, http.StatusBadRequest, apiError{"bad_request", "بدنه درخواست JSON معتبر نیست."})
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
		p.apiFail(w, r, err)
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
		web.JSON(w, http.StatusBadRequest, apiError{"bad_request", "بدنه درخواست JSON معتبر نیست."})
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
