package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/app"
)

// TestServeRefusesTheSharedRADIUSSecretOutsideTheDemo: one secret for
// every address is for the demo; production lists each NAS with its own,
// and a malformed list stops serve with the variable's name.
func TestServeRefusesTheSharedRADIUSSecretOutsideTheDemo(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"PISHKHAN_RADIUS_SECRET": "testing123"}, "PISHKHAN_RADIUS_SECRET is for the demo only"},
		{map[string]string{"PISHKHAN_RADIUS_CLIENTS": "10.0.0.1"}, "PISHKHAN_RADIUS_CLIENTS"},
		{map[string]string{"PISHKHAN_RADIUS_CLIENTS": "10.0.0.0/33=s"}, "PISHKHAN_RADIUS_CLIENTS"},
	} {
		dir := t.TempDir()
		c.env["PISHKHAN_DATA_DIR"] = dir
		c.env["PISHKHAN_RADIUS_AUTH_ADDR"] = "127.0.0.1:0"
		c.env["PISHKHAN_RADIUS_ACCT_ADDR"] = "127.0.0.1:0"
		c.env["PISHKHAN_LOG_LEVEL"] = "warn"
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		var out, errOut lockedBuffer
		code := app.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, envOf(c.env), &out, &errOut)
		cancel()
		if code == 0 || !strings.Contains(errOut.String()+out.String(), c.want) {
			t.Errorf("%v: exit %d, want an error naming %q\nstderr: %s", c.env, code, c.want, errOut.String())
		}
	}
}
