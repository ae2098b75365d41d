package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// Staff sign in with an authenticator code after the password (issue 7).
// The tests play the staff member's phone: staffPhone keeps each enrolled
// secret (per server and username) and the last time step it answered
// with, since a code is accepted once only.

var staffSecretOnPage = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)

type phone struct {
	secret string
	step   int64
}

var staffPhones = struct {
	sync.Mutex
	m map[string]*phone
}{m: map[string]*phone{}}

// staffPhoneEnrol records the secret shown on the enrolment page.
func staffPhoneEnrol(t *testing.T, baseURL, username, page string) {
	t.Helper()
	m := staffSecretOnPage.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("staff enrolment of %s: no secret on the page", username)
	}
	staffPhones.Lock()
	defer staffPhones.Unlock()
	staffPhones.m[baseURL+"|"+username] = &phone{secret: strings.ReplaceAll(m[1], " ", "")}
}

// serverClocks holds the clock of servers that run on a moved clock
// (app.RunWithClock): the phone's code must be the server's "now".
var serverClocks sync.Map

// setServerClock tells the phone that the server at baseURL runs on now.
func setServerClock(baseURL string, now func() time.Time) { serverClocks.Store(baseURL, now) }

// staffPhoneCode is the authenticator's next code: the current 30-second
// step's, or the following step's if the current one was used already
// (the server accepts one step of skew).
func staffPhoneCode(t *testing.T, baseURL, username string) string {
	t.Helper()
	staffPhones.Lock()
	defer staffPhones.Unlock()
	p := staffPhones.m[baseURL+"|"+username]
	if p == nil {
		t.Fatalf("staff %s has no enrolled phone in this test", username)
	}
	now := time.Now
	if v, ok := serverClocks.Load(baseURL); ok {
		now = v.(func() time.Time)
	}
	step := now().Unix() / 30
	if step <= p.step {
		step = p.step + 1
	}
	if step > now().Unix()/30+1 {
		t.Fatalf("staff %s signed in too often for one authenticator step", username)
	}
	p.step = step
	code, err := totp.GenerateCode(p.secret, time.Unix(step*30, 0))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// staffSignInHTTP signs a staff member in with a portalClient, through
// the enrolment or the code, and fails unless the back office opens.
func staffSignInHTTP(t *testing.T, c *portalClient, username, password string) {
	t.Helper()
	c.get("/staff/login")
	code, loc, _ := c.post("/staff/login", url.Values{"username": {username}, "password": {password}})
	if code != 303 {
		t.Fatalf("%s sign-in: %d", username, code)
	}
	switch loc {
	case "/staff/two-factor/enrol":
		_, _, page := c.get(loc)
		staffPhoneEnrol(t, c.base, username, page)
		code, loc, _ = c.post(loc, url.Values{"code": {staffPhoneCode(t, c.base, username)}})
	case "/staff/two-factor":
		c.get(loc)
		code, loc, _ = c.post(loc, url.Values{"code": {staffPhoneCode(t, c.base, username)}})
	}
	if code != 303 || loc != "/staff" {
		t.Fatalf("%s sign-in ended at %d %s, want the back office", username, code, loc)
	}
}
