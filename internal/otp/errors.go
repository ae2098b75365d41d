package otp

import (
	"fmt"
	"strconv"

	"pishkhan/internal/fa"
)

func wrap(doing string, err error) error { return fmt.Errorf("otp: %s: %w", doing, err) }

func persianInt(n int) string { return fa.Digits(strconv.Itoa(n)) }
