package app

import (
	"context"
	"fmt"
	"strings"

	"pishkhan/internal/idp"
)

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
			fmt.Sprintf(offerRegistration, strings.Join(lines, "; ")),
			"identity provider: issuer " + "<base URL>/idp (discovery /idp/.well-known/openid-configuration); the person's consents at /idp/grants; admin registers clients at /staff/idp/clients",
		},
	}
}
