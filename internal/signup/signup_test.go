package signup_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/signup"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

// fakeIssuer is a minimal OpenID Connect issuer written here from the
// specification, so the relying party is tested against the protocol and
// not against Pishkhan's own provider: discovery, JWKS, and a token
// endpoint that answers with whatever ID token claims the test sets.
type fakeIssuer struct {
	srv    *httptest.Server
	key    *rsa.PrivateKey
	mu     sync.Mutex
	claims map[string]any
}

func newFakeIssuer(t *testing.T) *fakeIssuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeIssuer{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"issuer": f.srv.URL, "authorization_endpoint": f.srv.URL + "/authorize",
			"token_endpoint": f.srv.URL + "/token", "jwks_uri": f.srv.URL + "/keys", "userinfo_endpoint": f.srv.URL + "/userinfo",
			"id_token_signing_alg_values_supported": []string{"RS256"}, "response_types_supported": []string{"code"}})
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "portal" || p != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client"})
			return
		}
		if r.PostFormValue("code_verifier") == "" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant"})
			return
		}
		f.mu.Lock()
		claims := f.claims
		f.mu.Unlock()
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: f.key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
		raw, err := jwt.Signed(signer).Claims(claims).Serialize()
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": raw})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

type env struct {
	d      *db.DB
	ids    *identity.Service
	svc    *signup.Service
	issuer *fakeIssuer
	clock  func() time.Time
	moved  *fatest.Clock
	base   *pagetest.Domains
}

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{web.Schema, notify.Schema, identity.Schema, signup.Schema}, func(t *testing.T, d *db.DB) {
		base := pagetest.NewDomains(t, d, fatest.NewClock(time.Now().UTC().Truncate(time.Second)), nil)
		e := &env{d: d, ids: base.Identity, issuer: newFakeIssuer(t), clock: base.Clock.Now, moved: base.Clock, base: base}
		e.svc = signup.New(d, e.ids, base.SMS, signup.Options{Issuer: e.issuer.srv.URL, ClientID: "portal", ClientSecret: "s3cret",
			RedirectURL: "http://portal.example/register/callback", Key: webtest.Key, Now: e.clock, Logger: base.Logger})
		fn(t, e)
	})
}

func (e *env) advance(d time.Duration) { e.moved.Advance(d) }

// begin starts a flow and returns its token, state and nonce (read from
// the authorization URL, as the issuer would).
func (e *env) begin(t *testing.T) (token, state, nonce string) {
	t.Helper()
	token, authURL, err := e.svc.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(authURL)
	q := u.Query()
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" || q.Get("scope") != "openid identity mobile" || q.Get("client_id") != "portal" {
		t.Fatalf("authorization URL: %s", authURL)
	}
	return token, q.Get("state"), q.Get("nonce")
}

func (e *env) claims(nonce string) map[string]any {
	return map[string]any{"iss": e.issuer.srv.URL, "sub": "0067891233", "aud": "portal", "exp": e.clock().Add(time.Hour).Unix(),
		"iat": e.clock().Unix(), "nonce": nonce, "national_code": "0067891233", "given_name": "رضا", "family_name": "کریمی",
		"father_name": "عباس", "birth_date_jalali": "1369/08/17", "certificate_number": "2231", "gender": "male", "mobile": "09121110005"}
}

func (e *env) setClaims(c map[string]any) {
	e.issuer.mu.Lock()
	e.issuer.claims = c
	e.issuer.mu.Unlock()
}

func TestCallbackValidatesTheIDToken(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		for _, c := range []struct {
			name   string
			change func(m map[string]any)
		}{
			{"issuer", func(m map[string]any) { m["iss"] = "https://other.example" }},
			{"audience", func(m map[string]any) { m["aud"] = "someone-else" }},
			{"expired", func(m map[string]any) { m["exp"] = e.clock().Add(-time.Minute).Unix() }},
			{"nonce", func(m map[string]any) { m["nonce"] = "replayed" }},
			{"national code", func(m map[string]any) { m["national_code"] = "0067891234" }},
		} {
			token, state, nonce := e.begin(t)
			m := e.claims(nonce)
			c.change(m)
			e.setClaims(m)
			if _, err := e.svc.Callback(ctx, token, url.Values{"code": {"c"}, "state": {state}}); !errors.Is(err, signup.ErrSSO) {
				t.Errorf("%s: %v, want the token refused", c.name, err)
			}
			if v, _, _ := e.svc.Verified(ctx, token); v != nil {
				t.Errorf("%s: the flow holds claims after a refused token", c.name)
			}
		}
		// A state that is not the flow's.
		token, _, nonce := e.begin(t)
		e.setClaims(e.claims(nonce))
		if _, err := e.svc.Callback(ctx, token, url.Values{"code": {"c"}, "state": {"forged"}}); !errors.Is(err, signup.ErrNoFlow) {
			t.Errorf("forged state: %v", err)
		}
		// Consent denied at the issuer.
		token, state, _ := e.begin(t)
		if _, err := e.svc.Callback(ctx, token, url.Values{"error": {"access_denied"}, "state": {state}}); !errors.Is(err, signup.ErrDenied) {
			t.Errorf("access_denied: %v", err)
		}
		// And the good token.
		token, state, nonce = e.begin(t)
		e.setClaims(e.claims(nonce))
		v, err := e.svc.Callback(ctx, token, url.Values{"code": {"c"}, "state": {state}})
		if err != nil || v.NationalCode != "0067891233" || v.FirstName != "رضا" || v.Mobile != "09121110005" || v.BirthDate != "1369/08/17" {
			t.Fatalf("good token: %+v %v", v, err)
		}
		// The callback cannot be replayed.
		if _, err := e.svc.Callback(ctx, token, url.Values{"code": {"c"}, "state": {state}}); !errors.Is(err, signup.ErrNoFlow) {
			t.Errorf("replayed callback: %v", err)
		}
	})
}

var codeRE = regexp.MustCompile(`\d{6}`)

func (e *env) lastCode(t *testing.T, mobile string) string {
	t.Helper()
	var body string
	if err := e.d.QueryRow(context.Background(), "SELECT body FROM sms_outbox WHERE mobile = $1 ORDER BY id DESC LIMIT 1", mobile).Scan(&body); err != nil {
		t.Fatal(err)
	}
	return codeRE.FindString(body)
}

func (e *env) verified(t *testing.T) string {
	t.Helper()
	token, state, nonce := e.begin(t)
	e.setClaims(e.claims(nonce))
	if _, err := e.svc.Callback(context.Background(), token, url.Values{"code": {"c"}, "state": {state}}); err != nil {
		t.Fatal(err)
	}
	return token
}

var goodDetails = signup.Details{Password: "Zagros-Peak-2071", Repeat: "Zagros-Peak-2071", Education: "کارشناسی",
	CertificatePlace: "مشهد", CertificateDate: "۱۳۶۹/۰۹/۰۲", City: "مشهد", Gender: identity.GenderMale, Address: "خیابان امام رضا، کوچه ۱۲، پلاک ۳"}

func TestDetailsArePersianAndFollowThePasswordRules(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		// Before single sign-on nothing is accepted.
		if _, err := e.svc.Submit(ctx, "", goodDetails); !errors.Is(err, signup.ErrNoFlow) && !errors.Is(err, signup.ErrNotSSO) {
			t.Fatalf("without SSO: %v", err)
		}
		token := e.verified(t)
		for _, c := range []struct {
			field  string
			change func(d *signup.Details)
		}{
			{"city", func(d *signup.Details) { d.City = "Mashhad" }},
			{"certificate_place", func(d *signup.Details) { d.CertificatePlace = "Mashhad" }},
			{"address", func(d *signup.Details) { d.Address = "Imam Reza St." }},
			{"certificate_date", func(d *signup.Details) { d.CertificateDate = "1369/13/02" }},
			{"education", func(d *signup.Details) { d.Education = "phd" }},
			{"gender", func(d *signup.Details) { d.Gender = "other" }},
			{"password", func(d *signup.Details) { d.Password, d.Repeat = "short1A", "short1A" }},
			{"password", func(d *signup.Details) { d.Password, d.Repeat = "zagros-peak-2071", "zagros-peak-2071" }},
			{"password", func(d *signup.Details) { d.Password, d.Repeat = "Zagros-Peak-رمز1", "Zagros-Peak-رمز1" }},
			{"repeat", func(d *signup.Details) { d.Repeat = "Zagros-Peak-2072" }},
		} {
			d := goodDetails
			c.change(&d)
			_, err := e.svc.Submit(ctx, token, d)
			var fe signup.FieldErrors
			if !errors.As(err, &fe) || fe[c.field] == "" {
				t.Errorf("%s: %v, want an error on the field", c.field, err)
			}
		}
		var n int
		e.d.QueryRow(ctx, "SELECT COUNT(*) FROM sms_outbox").Scan(&n)
		if n != 0 {
			t.Fatalf("%d SMS sent for refused forms", n)
		}
	})
}

func TestRegistrationCreatesTheAccountOrSetsItsPassword(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		token := e.verified(t)
		if _, err := e.svc.Submit(ctx, token, goodDetails); err != nil {
			t.Fatal(err)
		}
		code := e.lastCode(t, "09121110005")
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		if _, _, err := e.svc.Confirm(ctx, token, wrong); !errors.Is(err, signup.ErrCodeWrong) {
			t.Fatalf("wrong code: %v", err)
		}
		e.advance(121 * time.Second)
		if _, _, err := e.svc.Confirm(ctx, token, code); !errors.Is(err, signup.ErrCodeDead) {
			t.Fatalf("code at 121 s: %v", err)
		}
		if err := e.svc.Resend(ctx, token); err != nil {
			t.Fatal(err)
		}
		code = e.lastCode(t, "09121110005")
		c, created, err := e.svc.Confirm(ctx, token, code)
		if err != nil || !created || c.NationalCode != "0067891233" || c.FirstName != "رضا" || c.BirthDate != "1369/08/17" || c.Gender != identity.GenderMale {
			t.Fatalf("registration: %+v %v %v", c, created, err)
		}
		// The account opens with the chosen password, no forced change.
		res, err := e.ids.SignIn(ctx, "0067891233", "Zagros-Peak-2071", "127.0.0.1", "test")
		if err != nil || res.MustChangePassword {
			t.Fatalf("first sign-in: %+v %v", res, err)
		}
		var place, city string
		e.d.QueryRow(ctx, "SELECT certificate_place, city FROM customer_certificates WHERE person_id = $1", c.ID).Scan(&place, &city)
		if place != "مشهد" || city != "مشهد" {
			t.Fatalf("certificate details: %q %q", place, city)
		}
		// The flow is gone: it cannot register twice.
		if _, _, err := e.svc.Confirm(ctx, token, code); !errors.Is(err, signup.ErrNoFlow) {
			t.Fatalf("second confirm: %v", err)
		}

		// «تنظیم رمز»: the same path for the same national code sets a new password.
		token = e.verified(t)
		d := goodDetails
		d.Password, d.Repeat = "Dena-Summit-4409", "Dena-Summit-4409"
		if _, err := e.svc.Submit(ctx, token, d); err != nil {
			t.Fatal(err)
		}
		c2, created, err := e.svc.Confirm(ctx, token, e.lastCode(t, "09121110005"))
		if err != nil || created || c2.ID != c.ID {
			t.Fatalf("password set: %+v %v %v", c2, created, err)
		}
		if _, err := e.ids.SignIn(ctx, "0067891233", "Zagros-Peak-2071", "127.0.0.2", "test"); err == nil {
			t.Fatal("the old password still opens the account")
		}
		if _, err := e.ids.SignIn(ctx, "0067891233", "Dena-Summit-4409", "127.0.0.3", "test"); err != nil {
			t.Fatalf("new password: %v", err)
		}
	})
}

func TestFiveWrongValidationCodesBurnIt(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		token := e.verified(t)
		if _, err := e.svc.Submit(ctx, token, goodDetails); err != nil {
			t.Fatal(err)
		}
		code := e.lastCode(t, "09121110005")
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for i := 1; i <= 4; i++ {
			if _, _, err := e.svc.Confirm(ctx, token, wrong); !errors.Is(err, signup.ErrCodeWrong) {
				t.Fatalf("try %d: %v", i, err)
			}
		}
		if _, _, err := e.svc.Confirm(ctx, token, wrong); !errors.Is(err, signup.ErrCodeDead) {
			t.Fatalf("fifth: %v", err)
		}
		if _, _, err := e.svc.Confirm(ctx, token, code); !errors.Is(err, signup.ErrCodeDead) {
			t.Fatalf("right code after burning: %v", err)
		}
		// The resend cool-down holds.
		if err := e.svc.Resend(ctx, token); !errors.Is(err, signup.ErrCooldown) {
			t.Fatalf("resend at once: %v", err)
		}
	})
}
