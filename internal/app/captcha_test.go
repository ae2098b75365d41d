package app_test

import (
	"context"

	"pishkhan/internal/db"
)

// captchaDigits reads a captcha's answer from the database, as the person
// looking at the picture would: the tests' way past «کد امنیتی».
func captchaDigits(ctx context.Context, d *db.DB, id string) (string, error) {
	var digits []byte
	if err := d.QueryRow(ctx, "SELECT digits FROM captchas WHERE id = $1", id).Scan(&digits); err != nil {
		return "", err
	}
	out := make([]byte, len(digits))
	for i, x := range digits {
		out[i] = '0' + x
	}
	return string(out), nil
}
