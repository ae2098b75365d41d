// Package web is Pishkhan's HTTP kit on the standard library's ServeMux:
// routing with per-route metrics, the middleware every page passes
// through (logging, panic recovery, security headers, body limits,
// sessions kept in the database, CSRF protection, flash messages), the
// shared right-to-left Persian layout with its menu, and the template
// functions for Jalali dates, Persian digits and rial amounts.
//
// Areas receive a *Server and register their routes and menu items on it;
// handlers render pages with Server.Render.
package web
