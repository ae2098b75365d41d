package identity

import (
	"slices"
	"testing"
)

func TestPasswordPolicy(t *testing.T) {
	person := PasswordContext{NationalCode: "0084575948", Username: "ali.rezaei", Mobile: "09121234567",
		FirstName: "Ali", LastName: "Rezaei", BirthDate: "1369/08/17"}
	tests := []struct {
		name     string
		password string
		pc       PasswordContext
		want     []string
	}{
		{"strong", strongPassword, person, nil},
		{"strong with Persian digits", "Kavir-Lut-۱۴۰۲x", person, nil},
		{"too short", "Ab3$kq", person, []string{msgTooShort, msgGuessable}},
		{"no uppercase", "kavir-lut-1402x", person, []string{msgNoUpper}},
		{"no digit", "Kavir-Lut-Darya", person, []string{msgNoDigit}},
		{"Persian letters", "Kavir-کویر-1402", person, []string{msgPersian}},
		{"national code", "0084575948", person, []string{msgNoUpper, msgPersonal, msgGuessable}},
		{"username, other case", "ALI.REZAEI", person, []string{msgNoDigit, msgPersonal, msgGuessable}},
		{"mobile", "09121234567", person, []string{msgNoUpper, msgPersonal, msgGuessable}},
		{"common", "Password123", person, []string{msgGuessable}},
		{"own name and birth year", "Rezaei1369", person, []string{msgGuessable}},
		{"staff needs 12", "Kavir-Lut-1x", PasswordContext{Staff: true, Username: "admin"}, nil},
		{"staff too short", "Kav-Lut-14x", PasswordContext{Staff: true, Username: "admin"}, []string{msgStaffShort}},
		{"empty", "", person, []string{msgTooShort, msgNoUpper, msgNoDigit}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckPassword(tt.password, tt.pc)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("CheckPassword(%q) = %q, want %q", tt.password, got, tt.want)
			}
		})
	}
}
