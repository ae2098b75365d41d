package main

// The Persian text the load generator looks for on a page.

// homeMarker is on the customer's home page: a response without it is
// not the page (a sign-in form, an error page).
const homeMarker = "صفحه اصلی"
