package config

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// BrandSettings are the deployment's brand defaults as given: an admin's
// save at /staff/settings overrides them. Each comes from its
// PISHKHAN_BRAND_* variable, else from PISHKHAN_BRAND_FILE (JSON), else
// is empty (Pishkhan's own). The web kit validates them (app refuses to
// start on a bad one).
type BrandSettings struct {
	File         string `json:"-"`
	Name         string `json:"name"`
	ShortName    string `json:"short_name"`
	Colour       string `json:"colour"`
	Logo         string `json:"logo"`    // a same-site path
	Favicon      string `json:"favicon"` // a same-site path
	SupportPhone string `json:"support_phone"`
	SupportHours string `json:"support_hours"`
	Footer       string `json:"footer"`
	Seller       string `json:"seller"`
	SMSSignature string `json:"sms_signature"`
}

// The brand's variables are listed here, beside the code that reads them,
// and appended to Variables at start-up.
var brandVariables = []Variable{
	{"PISHKHAN_BRAND_FILE", "", "a JSON file with the brand's defaults: name, short_name, colour, logo, favicon, support_phone, support_hours, footer, seller, sms_signature (a variable below wins over its key)"},
	{"PISHKHAN_BRAND_NAME", defaultName, "the provider's name on every page"},
	{"PISHKHAN_BRAND_SHORT_NAME", "(the name)", "a short name for the phone's header and the browser tab"},
	{"PISHKHAN_BRAND_COLOUR", "#0b6e4f", "primary colour, #rrggbb; must keep 4.5:1 contrast with white text"},
	{"PISHKHAN_BRAND_LOGO", "", "the logo's path on this site (e.g. /static/… behind the proxy); an admin may upload one instead"},
	{"PISHKHAN_BRAND_FAVICON", "", "the favicon's path on this site"},
	{"PISHKHAN_BRAND_SUPPORT_PHONE", "", "support phone shown on every page (digits, '-' and spaces)"},
	{"PISHKHAN_BRAND_SUPPORT_HOURS", "", "support hours shown beside the phone"},
	{"PISHKHAN_BRAND_FOOTER", "", "footer text on every page"},
	{"PISHKHAN_BRAND_SMS_SIGNATURE", "", "appended to every SMS (e.g. the provider's name)"},
}

func init() { Variables = append(Variables, brandVariables...) }

// readBrand fills c.Brand from the environment and the brand file. The
// seller keeps PISHKHAN_SELLER_NAME when that is set; otherwise the
// file's seller, else the brand's name.
func (c *Config) readBrand(getenv func(string) string) error {
	b := &c.Brand
	b.File = strings.TrimSpace(getenv("PISHKHAN_BRAND_FILE"))
	if b.File != "" {
		data, err := os.ReadFile(b.File)
		if err != nil {
			return fmt.Errorf("PISHKHAN_BRAND_FILE: %w", err)
		}
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(b); err != nil {
			return fmt.Errorf("PISHKHAN_BRAND_FILE: %s is not a brand JSON object: %v", b.File, err)
		}
	}
	for name, dst := range map[string]*string{
		"PISHKHAN_BRAND_NAME": &b.Name, "PISHKHAN_BRAND_SHORT_NAME": &b.ShortName, "PISHKHAN_BRAND_COLOUR": &b.Colour,
		"PISHKHAN_BRAND_LOGO": &b.Logo, "PISHKHAN_BRAND_FAVICON": &b.Favicon, "PISHKHAN_BRAND_SUPPORT_PHONE": &b.SupportPhone,
		"PISHKHAN_BRAND_SUPPORT_HOURS": &b.SupportHours, "PISHKHAN_BRAND_FOOTER": &b.Footer,
		"PISHKHAN_BRAND_SMS_SIGNATURE": &b.SMSSignature,
	} {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	if v := strings.TrimSpace(getenv("PISHKHAN_SELLER_NAME")); v != "" {
		b.Seller = v
	}
	if b.Seller == "" && b.Name != "" {
		b.Seller = b.Name
	}
	if b.Seller != "" {
		c.SellerName = b.Seller
	}
	return nil
}
