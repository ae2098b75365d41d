package web

import (
	"io/fs"
	"strings"
	"testing"
)

// The kit's layouts name no URL of identity's: the password and sign-out
// links come from Server.AccountLinks, which identity sets. (Before, the
// layouts hard-coded /password, /logout and their staff twins.)
func TestLayoutsNameNoAccountURL(t *testing.T) {
	err := fs.WalkDir(kitTemplates, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := kitTemplates.ReadFile(path)
		if err != nil {
			return err
		}
		for _, url := range []string{`"/password"`, `"/logout"`, `"/staff/password"`, `"/staff/logout"`, `"/login"`} {
			if strings.Contains(string(b), url) {
				t.Errorf("%s names %s; take it from AccountLinks", path, url)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
