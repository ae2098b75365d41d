package support_test

// The shared set-up of support's tests: a database on each engine with
// identity, notify and support (pagetest's shared domains), a clock the
// tests move, and people.

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/support"
)

// env is one database with every service support needs.
type env struct {
	t     *testing.T
	d     *db.DB
	clock *fatest.Clock
	ids   *identity.Service
	sms   *notify.Service
	svc   *support.Service
}

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.Each(t, []*db.Schema{support.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	return envOn(t, pagetest.NewDomains(t, d, nil, nil))
}

// envOn builds support on the shared domains of base.
func envOn(t *testing.T, base *pagetest.Domains) *env {
	svc := support.New(base.DB, base.Identity, base.SMS, support.Options{Now: base.Clock.Now, Logger: base.Logger, MaxFileBytes: 64 << 10})
	return &env{t: t, d: base.DB, clock: base.Clock, ids: base.Identity, sms: base.SMS, svc: svc}
}

// nationalCode completes nine digits with their check digit.
var nationalCode = fatest.NationalCode

func ali() identity.NewCustomer {
	return identity.NewCustomer{NationalCode: nationalCode("123456789"), FirstName: "علی", LastName: "رضایی", Mobile: "09121234567", Username: "ali.rezaei"}
}

func maryam() identity.NewCustomer {
	return identity.NewCustomer{NationalCode: nationalCode("234567891"), FirstName: "مریم", LastName: "احمدی", Mobile: "09351112233", Username: "maryam"}
}

func (e *env) customer(in identity.NewCustomer) *identity.Customer {
	e.t.Helper()
	c, err := e.ids.CreateCustomer(context.Background(), identity.Actor{}, in)
	if err != nil {
		e.t.Fatalf("create customer: %v", err)
	}
	return c
}

// staff creates a staff member working in the departments with codes.
func (e *env) staff(username string, roles []string, departments ...string) *support.Staff {
	e.t.Helper()
	ctx := context.Background()
	m, _, err := e.ids.CreateStaff(ctx, identity.Actor{}, username, "کارمند "+username, roles)
	if err != nil {
		e.t.Fatalf("create staff %s: %v", username, err)
	}
	for _, code := range departments {
		e.addMember(code, m.ID)
	}
	st, err := e.svc.StaffFor(ctx, m)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func (e *env) addMember(code string, staffID int64) {
	e.t.Helper()
	d := e.dept(code)
	if err := e.svc.AddMember(context.Background(), d, staffID); err != nil {
		e.t.Fatalf("add member: %v", err)
	}
}

func (e *env) dept(code string) int64 {
	e.t.Helper()
	d, err := e.svc.DepartmentByCode(context.Background(), code)
	if err != nil {
		e.t.Fatalf("department %s: %v", code, err)
	}
	return d.ID
}

const (
	persianTitle = "لطفا اینترنت ما یک هفته مشکل فنی دارد بررسی فرمایید"
	persianBody  = "سلام\nاینترنت ما یک هفته است که قطع و وصل می‌شود.\nلطفاً بررسی فرمایید."
)

func (e *env) open(customerID int64, dept, priority string, files ...support.Upload) *support.Ticket {
	e.t.Helper()
	t, err := e.svc.OpenTicket(context.Background(), customerID, support.NewTicket{
		DepartmentID: e.dept(dept), Service: support.GeneralService, Priority: priority,
		Title: persianTitle, Body: persianBody, Files: files,
	})
	if err != nil {
		e.t.Fatalf("open ticket: %v", err)
	}
	return t
}

// outbox lists the SMS queued for a person.
func (e *env) outbox(personID int64) []notify.OutboxMessage {
	e.t.Helper()
	msgs, _, err := e.sms.List(context.Background(), notify.Filter{PersonID: personID, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	return msgs
}

// --- files ---

func pngBytes(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var pdfBytes = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

var phpBytes = []byte("<?php system($_GET['c']); ?>\n")
