package idp

import (
	"context"
	"net/http"

	jose "github.com/go-jose/go-jose/v4"
)

// zitadel/oidc asks Storage.SigningKey(ctx) for the ID token's key without
// saying for which client, and reads no id_token_signed_response_alg. So
// every provider request carries a tokenClient: AuthRequestByCode notes
// whose code is exchanged, GetClientByClientID notes the algorithm of the
// clients it loads, and SigningKey picks the key of that client's
// algorithm. A request that signs with no client noted gets RS256.
type tokenClient struct {
	clientID string                             // the exchanged code's client
	algs     map[string]jose.SignatureAlgorithm // client id -> its registered algorithm
}

type tokenClientKey struct{}

// withTokenAlg is the provider's interceptor that gives each request its
// tokenClient. A request is served by one goroutine, so no lock is needed.
func withTokenAlg(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tokenClientKey{}, &tokenClient{})))
	})
}

func tokenClientOf(ctx context.Context) *tokenClient {
	tc, _ := ctx.Value(tokenClientKey{}).(*tokenClient)
	return tc
}

func noteTokenClient(ctx context.Context, clientID string) {
	if tc := tokenClientOf(ctx); tc != nil {
		tc.clientID = clientID
	}
}

func noteClientAlg(ctx context.Context, c *Client) {
	if tc := tokenClientOf(ctx); tc != nil {
		if tc.algs == nil {
			tc.algs = map[string]jose.SignatureAlgorithm{}
		}
		tc.algs[c.ID] = jose.SignatureAlgorithm(c.IDTokenAlg)
	}
}

// tokenAlg is the algorithm of the ID token signed in this request: the
// one registered by the client whose code is exchanged, RS256 otherwise.
func (st *storage) tokenAlg(ctx context.Context) (jose.SignatureAlgorithm, error) {
	tc := tokenClientOf(ctx)
	if tc == nil || tc.clientID == "" {
		return keyAlgorithm, nil
	}
	alg, ok := tc.algs[tc.clientID]
	if !ok {
		// The library loaded the client otherwise (or not yet): ask.
		c, err := st.s.ClientByID(ctx, tc.clientID)
		if err != nil {
			return "", err
		}
		alg = jose.SignatureAlgorithm(c.IDTokenAlg)
	}
	for _, a := range keyAlgorithms {
		if a == alg {
			return alg, nil
		}
	}
	return keyAlgorithm, nil
}
