package idp

import (
	"context"
	"net/http"
	"slices"

	jose "github.com/go-jose/go-jose/v4"
)

// zitadel/oidc asks Storage.SigningKey(ctx) for the ID token's key without
// saying for which client, and reads no id_token_signed_response_alg. So
// every provider request carries a tokenClient: AuthRequestByCode notes
// whose code is exchanged, the clients loaded in the request are kept in
// it, and SigningKey picks the key of that client's algorithm. A request
// that signs with no client noted gets RS256. Keeping the clients also
// spares the exchange a second read of the same client (the library asks
// for it by GetClientByClientID, then again by AuthorizeClientIDSecret).
type tokenClient struct {
	clientID string             // the exchanged code's client
	clients  map[string]*Client // loaded in this request
	// person is the national code behind the code or refresh token of
	// this request, and family its grant: the library hands the storage
	// only the client's pairwise subject, from which neither is read back.
	person, family string
	// authClient is the client the gate authenticated (token_gate.go),
	// verifierS256 the S256 of the code_verifier it sent.
	authClient, verifierS256 string
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

// client is ClientByID, read once per provider request.
func (st *storage) client(ctx context.Context, id string) (*Client, error) {
	tc := tokenClientOf(ctx)
	if tc != nil {
		if c, ok := tc.clients[id]; ok {
			return c, nil
		}
	}
	c, err := st.s.ClientByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if tc != nil {
		if tc.clients == nil {
			tc.clients = map[string]*Client{}
		}
		tc.clients[id] = c
	}
	return c, nil
}

// tokenAlg is the algorithm of the ID token signed in this request: the
// one registered by the client whose code is exchanged, RS256 otherwise.
func (st *storage) tokenAlg(ctx context.Context) (jose.SignatureAlgorithm, error) {
	tc := tokenClientOf(ctx)
	if tc == nil || tc.clientID == "" {
		return keyAlgorithm, nil
	}
	c, err := st.client(ctx, tc.clientID)
	if err != nil {
		return "", err
	}
	if alg := jose.SignatureAlgorithm(c.IDTokenAlg); slices.Contains(keyAlgorithms, alg) {
		return alg, nil
	}
	return keyAlgorithm, nil
}

func notePerson(ctx context.Context, person, family string) {
	if tc := tokenClientOf(ctx); tc != nil {
		tc.person, tc.family = person, family
	}
}

// personOf is the person and grant noted in this request, or "".
func personOf(ctx context.Context) (person, family string) {
	if tc := tokenClientOf(ctx); tc != nil {
		return tc.person, tc.family
	}
	return "", ""
}
