package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The brand's defaults come from the file, each variable winning over
// its key; the seller is PISHKHAN_SELLER_NAME, else the file's, else the
// brand's name.
func TestBrandFromFileAndEnvironment(t *testing.T) {
	file := filepath.Join(t.TempDir(), "brand.json")
	if err := os.WriteFile(file, []byte(`{"name": "پارس‌نت", "colour": "#166534", "support_phone": "021-71400900",
		"support_hours": "همه روزه ۸ تا ۲۲", "sms_signature": "پارس‌نت"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PISHKHAN_BRAND_FILE": file, "PISHKHAN_BRAND_SUPPORT_HOURS": "شنبه تا چهارشنبه"}
	c, err := FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	b := c.Brand
	if b.Name != "پارس‌نت" || b.Colour != "#166534" || b.SupportPhone != "021-71400900" || b.SupportHours != "شنبه تا چهارشنبه" ||
		b.Seller != "پارس‌نت" || c.SellerName != "پارس‌نت" || b.SMSSignature != "پارس‌نت" {
		t.Fatalf("brand %+v, seller %q", b, c.SellerName)
	}
	env["PISHKHAN_SELLER_NAME"] = "شرکت پارس‌نت"
	if c, _ = FromEnv(func(k string) string { return env[k] }); c.Brand.Seller != "شرکت پارس‌نت" || c.SellerName != "شرکت پارس‌نت" {
		t.Fatalf("seller %q / %q", c.Brand.Seller, c.SellerName)
	}
	// Without a brand the seller stays Pishkhan's.
	if c, _ = FromEnv(func(string) string { return "" }); c.SellerName != "پیشخوان" || c.Brand.Name != "" {
		t.Fatalf("no brand: %+v %q", c.Brand, c.SellerName)
	}
}

func TestBrandFileMustBeABrand(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"not json": "name: x", "unknown key": `{"nmae": "x"}`, "not an object": `["x"]`} {
		f := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := FromEnv(func(k string) string { return map[string]string{"PISHKHAN_BRAND_FILE": f}[k] }); err == nil ||
			!strings.Contains(err.Error(), "PISHKHAN_BRAND_FILE") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := FromEnv(func(k string) string {
		return map[string]string{"PISHKHAN_BRAND_FILE": filepath.Join(dir, "none.json")}[k]
	}); err == nil {
		t.Error("a missing file was accepted")
	}
}
