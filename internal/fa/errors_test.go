package fa

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestErrorsAreUsableFromHandlers(t *testing.T) {
	all := []*Error{ErrAmount, ErrDate, ErrNationalCode, ErrMobile, ErrCard, ErrSheba, ErrPostalCode}
	codes := map[string]bool{}
	for _, e := range all {
		if e.Code == "" || e.Message == "" {
			t.Errorf("%#v: empty code or message", e)
		}
		if codes[e.Code] {
			t.Errorf("duplicate code %q", e.Code)
		}
		codes[e.Code] = true
		if e.Error() != "fa: "+e.Code || e.UserMessage() != e.Message {
			t.Errorf("%s: Error() = %q, UserMessage() = %q", e.Code, e.Error(), e.UserMessage())
		}
	}

	// A handler typically receives the error wrapped by a service layer.
	_, err := ParseMobile("12")
	wrapped := fmt.Errorf("signup: %w", err)
	if !errors.Is(wrapped, ErrMobile) {
		t.Fatalf("errors.Is(wrapped, ErrMobile) = false")
	}
	if errors.Is(wrapped, ErrCard) {
		t.Fatalf("errors.Is(wrapped, ErrCard) = true")
	}
	var fe *Error
	if !errors.As(wrapped, &fe) || fe.Message != "شماره تلفن همراه معتبر نیست" {
		t.Fatalf("errors.As: got %#v", fe)
	}
	if msg, ok := UserMessage(wrapped); !ok || msg != ErrMobile.Message {
		t.Fatalf("UserMessage = %q, %v", msg, ok)
	}
	if msg, ok := UserMessage(errors.New("db down")); ok || msg != "" {
		t.Fatalf("UserMessage(internal error) = %q, %v; must not expose it", msg, ok)
	}
	if _, ok := UserMessage(nil); ok {
		t.Fatalf("UserMessage(nil) reported a message")
	}
}

func TestExactMessages(t *testing.T) {
	// These strings are user-visible copy; changing them is a product
	// decision, so pin them.
	tests := map[*Error]string{
		ErrNationalCode: "کد ملی معتبر نیست",
		ErrMobile:       "شماره تلفن همراه معتبر نیست",
		ErrCard:         "شماره کارت معتبر نیست",
		ErrSheba:        "شماره شبا معتبر نیست",
		ErrDate:         "تاریخ معتبر نیست؛ نمونه: ۱۳۶۹/۰۸/۱۷",
		ErrAmount:       "مبلغ معتبر نیست",
		ErrPostalCode:   "کد پستی معتبر نیست",
	}
	for e, want := range tests {
		if e.Message != want {
			t.Errorf("%s: %q, want %q", e.Code, e.Message, want)
		}
	}
}

func TestRefusalsMatchByDomainAndCode(t *testing.T) {
	a := Refusal("cards", "not_found", "کارت یافت نشد.")
	b := Refusal("support", "not_found", "تیکت یافت نشد.")
	copyOnField := a.OnField("card").Saying("کارت دیگری یافت نشد.").Because(errors.New("no rows"))
	if !errors.Is(fmt.Errorf("page: %w", copyOnField), a) {
		t.Error("a copy with a field, another message and a cause is no longer its sentinel")
	}
	if errors.Is(a, b) || errors.Is(b, a) {
		t.Error("two domains' not_found match each other")
	}
	if copyOnField.Field != "card" || a.Field != "" {
		t.Errorf("OnField changed the sentinel or missed the copy: %q, %q", a.Field, copyOnField.Field)
	}
	if got := copyOnField.Error(); got != "cards: not_found: no rows" {
		t.Errorf("Error() = %q", got)
	}
	if msg, ok := UserMessage(copyOnField); !ok || msg != "کارت دیگری یافت نشد." {
		t.Errorf("UserMessage = %q, %v", msg, ok)
	}
	if d := a.For(3 * time.Second).RetryAfter; d != 3*time.Second {
		t.Errorf("For: %v", d)
	}
}
