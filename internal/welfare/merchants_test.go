package welfare

import (
	"errors"
	"testing"
)

func TestMerchantDirectoryOnlyApprovedSearchableByCity(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		add := func(m NewMerchant, approve bool) int64 {
			id, err := e.s.ProposeMerchant(ctxb(), e.admin, "", m)
			if err != nil {
				t.Fatal(err)
			}
			if approve {
				if _, err := e.s.DecideMerchant(ctxb(), e.admin, "", id, true); err != nil {
					t.Fatal(err)
				}
			}
			return id
		}
		add(NewMerchant{Name: "دیجی‌کالا", Kind: MerchantOnline, City: "تهران", Category: "کالای دیجیتال", Website: "https://digikala.com"}, true)
		add(NewMerchant{Name: "پوشاک نقش جهان", Kind: MerchantInPerson, City: "اصفهان", Category: "پوشاک", Address: "چهارباغ"}, true)
		pending := add(NewMerchant{Name: "کتاب شیراز", Kind: MerchantInPerson, City: "شیراز", Category: "کتاب", Address: "زند"}, false)

		all, _ := e.s.Merchants(ctxb(), MerchantFilter{})
		if len(all) != 2 || all[0].Kind != MerchantOnline {
			t.Fatalf("directory %+v: want the 2 approved, online first", all)
		}
		isf, _ := e.s.Merchants(ctxb(), MerchantFilter{City: "اصفهان"})
		if len(isf) != 1 || isf[0].Name != "پوشاک نقش جهان" {
			t.Errorf("city filter: %+v", isf)
		}
		found, _ := e.s.Merchants(ctxb(), MerchantFilter{Query: "پوشاک"})
		if len(found) != 1 {
			t.Errorf("search: %+v", found)
		}
		cities, _ := e.s.Cities(ctxb())
		if len(cities) != 2 {
			t.Errorf("cities %v: the proposed store's city is not listed", cities)
		}
		// A proposal lacking what its kind needs is refused per field.
		_, err := e.s.ProposeMerchant(ctxb(), e.admin, "", NewMerchant{Name: "x", Kind: MerchantOnline, City: "تهران", Category: "y", Website: "ftp://x"})
		var fe FieldErrors
		if !errors.As(err, &fe) || fe["website"] == "" {
			t.Errorf("bad website: %v", err)
		}
		// A rejected proposal has no key and cannot sell.
		if _, err := e.s.DecideMerchant(ctxb(), e.admin, "", pending, false); err != nil {
			t.Fatal(err)
		}
		m, _ := e.s.Merchant(ctxb(), pending)
		if _, err := e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: "09120000000", Amount: 1, Installments: 1, IdempotencyKey: "k"}); !errors.Is(err, ErrMerchantNotActive) {
			t.Errorf("a rejected store sells: %v", err)
		}
	})
}
