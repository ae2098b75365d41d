package app

import (
	"context"
	"fmt"
	"strings"

	"pishkhan/internal/idp"
)

// The civil registry of the demo: the demo customers (so «تنظیم رمز»
// can be shown for an existing account) and persons without an account
// (so registration can be). Their mobiles are theirs in the registry;
// 09121110009 belongs to nobody, to show the guide's mismatch message.
var demoRegistry = []idp.Person{
	{NationalCode: "2345678917", FirstName: "علی", LastName: "رضایی", FatherName: "حسن", BirthDate: "1362/05/14", CertificateNumber: "1254",
		CertificatePlace: "تهران", CertificateDate: "1362/06/01", Gender: idp.GenderMale, Mobiles: []string{"09121110001"}},
	{NationalCode: "3456789122", FirstName: "مریم", LastName: "احمدی", FatherName: "محمود", BirthDate: "1368/11/02", CertificateNumber: "3321",
		CertificatePlace: "اصفهان", CertificateDate: "1368/12/10", Gender: idp.GenderFemale, Mobiles: []string{"09121110002"}},
	{NationalCode: "4567891236", FirstName: "کمال", LastName: "نصیری", FatherName: "رضا", BirthDate: "1359/02/20", CertificateNumber: "785",
		CertificatePlace: "شیراز", CertificateDate: "1359/03/05", Gender: idp.GenderMale, Mobiles: []string{"09121110003"}},
	{NationalCode: "5678912348", FirstName: "سارا", LastName: "محمدی", FatherName: "احمد", BirthDate: "1370/07/07", CertificateNumber: "4410",
		CertificatePlace: "تبریز", CertificateDate: "1370/08/01", Gender: idp.GenderFemale, Mobiles: []string{"09121110004"}},
	{NationalCode: "0067891233", FirstName: "رضا", LastName: "کریمی", FatherName: "عباس", BirthDate: "1369/08/17", CertificateNumber: "2231",
		CertificatePlace: "مشهد", CertificateDate: "1369/09/02", Gender: idp.GenderMale, Mobiles: []string{"09121110005", "09351110005"}},
	{NationalCode: "0078912342", FirstName: "نرگس", LastName: "حسینی", FatherName: "جواد", BirthDate: "1377/07/07", CertificateNumber: "118",
		CertificatePlace: "کرج", CertificateDate: "1377/07/20", Gender: idp.GenderFemale, Mobiles: []string{"09121110006"}},
	{NationalCode: "0089123451", FirstName: "حمید", LastName: "صادقی", FatherName: "یوسف", BirthDate: "1365/01/25", CertificateNumber: "9087",
		CertificatePlace: "قم", CertificateDate: "1365/02/11", Gender: idp.GenderMale, Mobiles: []string{"09121110007"}},
}

// demoIdPSeed fills the registry. A person stored again with the same
// data is left as it was, so a seed cut short is finished next time.
func demoIdPSeed() demoSeed {
	var lines []string
	for _, p := range demoRegistry[4:] {
		lines = append(lines, fmt.Sprintf("%s %s %s born %s mobile %s", p.NationalCode, p.FirstName, p.LastName, p.BirthDate, p.Mobiles[0]))
	}
	return demoSeed{
		name: "idp-registry",
		area: idp.Key,
		seed: func(ctx context.Context, sys *system) error {
			for _, p := range demoRegistry {
				if err := sys.sso.idp.PutPerson(ctx, p); err != nil {
					return fmt.Errorf("registry %s: %w", p.NationalCode, err)
				}
			}
			return nil
		},
		offers: []string{
			"registration («ثبت نام یا تنظیم رمز» on /login, or /register): persons in the civil registry without an account: " + strings.Join(lines, "; ") +
				"; the demo customers are in the registry too (their mobiles 09121110001–4), so the same path sets a new password; the SMS code («کد احراز امتا») appears on this console; 09121110009 belongs to nobody",
			"identity provider: issuer " + "<base URL>/idp (discovery /idp/.well-known/openid-configuration); the person's consents at /idp/grants; admin registers clients at /staff/idp/clients",
		},
	}
}
