package cards

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"pishkhan/internal/web"
)

// IssuerRoutes adds the partner API. It is exempt from CSRF: browsers
// never send it, and every call carries its own proof (the API key in
// "Authorization: Bearer …").
func (s *Service) IssuerRoutes(srv *web.Server) {
	srv.HandleFunc("POST /api/issuer/purchases", s.handlePurchase, web.NoCSRF)
}

// purchaseBody is the JSON of POST /api/issuer/purchases. Amounts are
// rials; installment share = total - cash_share.
type purchaseBody struct {
	CardNumber     string `json:"card_number"`
	Total          int64  `json:"total"`
	CashShare      int64  `json:"cash_share"`
	Installments   int    `json:"installments"`
	PolicyNumber   string `json:"policy_number"`
	Merchant       string `json:"merchant"`
	IdempotencyKey string `json:"idempotency_key"`
}

// purchaseAnswer is the reply: 200 for approved and declined alike (a
// decline is an answer, not a failure); Repeated marks a replay.
type purchaseAnswer struct {
	Approved   bool   `json:"approved"`
	Code       string `json:"code"`
	Message    string `json:"message"`
	PurchaseID int64  `json:"purchase_id,omitempty"`
	Repeated   bool   `json:"repeated"`
}

type apiError struct {
	Error string `json:"error"`
}

func (s *Service) handlePurchase(w http.ResponseWriter, r *http.Request) {
	key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p, err := s.PartnerByKey(r.Context(), strings.TrimSpace(key))
	if !ok || errors.Is(err, ErrNotFound) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="pishkhan-issuer"`)
		web.JSON(w, http.StatusUnauthorized, apiError{"invalid API key"})
		return
	}
	if err != nil {
		s.log.Error("cards: issuer API: partner lookup", "err", err)
		web.JSON(w, http.StatusInternalServerError, apiError{"internal error"})
		return
	}
	var b purchaseBody
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		web.JSON(w, http.StatusBadRequest, apiError{"invalid JSON body"})
		return
	}
	if !web.CleanText(b.CardNumber, b.PolicyNumber, b.Merchant, b.IdempotencyKey) {
		web.JSON(w, http.StatusBadRequest, apiError{"text fields must not contain NUL characters"})
		return
	}
	if strings.TrimSpace(b.IdempotencyKey) == "" {
		web.JSON(w, http.StatusBadRequest, apiError{"idempotency_key is required"})
		return
	}
	merchant := b.Merchant
	if merchant == "" {
		merchant = p.Name
	}
	res, err := s.Purchase(r.Context(), partnerSource(p.ID), PurchaseRequest{
		CardNumber: b.CardNumber, Total: b.Total, CashShare: b.CashShare, Installments: b.Installments,
		PolicyNumber: b.PolicyNumber, Merchant: merchant, IdempotencyKey: b.IdempotencyKey,
	})
	if err != nil {
		s.log.Error("cards: issuer API: purchase", "partner", p.ID, "err", err)
		web.JSON(w, http.StatusInternalServerError, apiError{"internal error"})
		return
	}
	web.JSON(w, http.StatusOK, purchaseAnswer{Approved: res.Approved, Code: res.Code, Message: res.Message,
		PurchaseID: res.PurchaseID, Repeated: res.Repeated})
}
