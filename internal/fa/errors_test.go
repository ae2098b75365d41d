package fa

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorsAreUsableFromHandlers(t *testing.T) {
	all := []Error{ErrAmount, ErrDate, ErrNationalCode, ErrMobile, ErrCard, ErrSheba, ErrPostalCode}
	codes := map[string]bool{}
	for _, e := range all {
		if e.Code == "" || e.Message == "" {
			t.Errorf("%#v: empty code or message", e)
		}
		if codes[e.Code] {
			t.Errorf("duplicate code %q", e.Code)
		}
		codes[e.Code] = true
		if e.Error() != e.Message {
			t.Errorf("%s: Error() = %q, want the Persian message", e.Code, e.Error())
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
	var fe Error
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
	tests := map[Error]string{
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
