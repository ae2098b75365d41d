package pagetest

// The test site's own words.

// titleHome is the title of the stand-in home page.
const titleHome = "صفحه اصلی"

// staffName is the full name a test staff member is created with.
func staffName(username string) string { return "کارمند " + username }
