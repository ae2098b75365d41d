package app

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"pishkhan/internal/config"
	"pishkhan/internal/db"
	"pishkhan/internal/web"
)

// newBrandStore makes the deployment's brand from its settings
// (PISHKHAN_BRAND_*, PISHKHAN_BRAND_FILE): a bad default stops start-up
// naming the setting and the problem, as every other setting does.
func newBrandStore(cfg *config.Config, d *db.DB, now func() time.Time) (*web.BrandStore, error) {
	b, err := brandDefaults(cfg.Brand)
	if err != nil {
		return nil, err
	}
	return web.NewBrandStore(d, b, now), nil
}

func brandDefaults(s config.BrandSettings) (web.Brand, error) {
	b := web.DefaultBrand()
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&b.Name, s.Name)
	set(&b.ShortName, s.ShortName)
	set(&b.Colour, s.Colour)
	set(&b.LogoPath, s.Logo)
	set(&b.FaviconPath, s.Favicon)
	set(&b.SupportPhone, s.SupportPhone)
	set(&b.SupportHours, s.SupportHours)
	set(&b.Footer, s.Footer)
	set(&b.Seller, s.Seller)
	set(&b.SMSSignature, s.SMSSignature)
	b = b.Normalize()
	problems := b.Validate()
	if len(problems) == 0 {
		return b, nil
	}
	var lines []string
	for _, f := range []struct{ field, env string }{
		{web.FieldBrandName.Name, "PISHKHAN_BRAND_NAME"}, {web.FieldBrandShort.Name, "PISHKHAN_BRAND_SHORT_NAME"},
		{web.FieldBrandColour.Name, "PISHKHAN_BRAND_COLOUR"}, {web.FieldBrandLogo.Name, "PISHKHAN_BRAND_LOGO"},
		{web.FieldBrandFavicon.Name, "PISHKHAN_BRAND_FAVICON"}, {web.FieldBrandPhone.Name, "PISHKHAN_BRAND_SUPPORT_PHONE"},
		{web.FieldBrandHours.Name, "PISHKHAN_BRAND_SUPPORT_HOURS"}, {web.FieldBrandFooter.Name, "PISHKHAN_BRAND_FOOTER"},
		{web.FieldBrandSeller.Name, "PISHKHAN_SELLER_NAME"}, {web.FieldBrandSMS.Name, "PISHKHAN_BRAND_SMS_SIGNATURE"},
	} {
		if msg, ok := problems[f.field]; ok {
			if s := web.ColourSuggestion(b.Colour); s != "" && f.field == web.FieldBrandColour.Name {
				msg += " (" + s + ")"
			}
			lines = append(lines, f.env+" (or the brand file's "+f.field+"): "+msg)
		}
	}
	return b, fmt.Errorf("%s", strings.Join(lines, "; "))
}

// brandSeller and brandSignature read the brand in force for billing and
// SMS: an admin's change applies to the next invoice, bank page and SMS.
func brandSeller(s *web.BrandStore) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		st, err := s.Current(ctx)
		if err != nil {
			return s.Defaults().Seller
		}
		return st.Brand.Seller
	}
}

func brandSignature(s *web.BrandStore) func(ctx context.Context, q db.Querier) string {
	return func(ctx context.Context, q db.Querier) string {
		b := s.Defaults()
		if st, err := s.CurrentIn(ctx, q); err == nil {
			b = st.Brand
		}
		// Without a signature of its own, an SMS is signed with the
		// provider's name: the texts themselves name no one, so a message
		// never reaches a customer without saying whom it is from.
		return cmp.Or(b.SMSSignature, b.Name)
	}
}
