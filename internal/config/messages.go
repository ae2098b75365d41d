package config

// The Persian text of the settings: the default name of the provider and
// seller, and the Persian terms the variables' help quotes (the help is
// English; the terms are what invoices and pages call the thing).
const (
	// defaultName is the brand's and the seller's name until a deployment
	// gives its own.
	defaultName = "پیشخوان"

	helpSellerNationalID   = "the seller's national ID (شناسه ملی) on invoices"
	helpSellerEconomicCode = "the seller's economic code (کد اقتصادی) on invoices"
	helpSSOIssuer          = "OpenID Connect issuer that registration («ثبت نام یا تنظیم رمز») verifies people with, found by its discovery URL; the default is Pishkhan's own provider"
)
