package identity

import (
	"context"
	"sync"

	"pishkhan/internal/db"
)

// IdentifierKind is a sign-in identifier an area brings (a number printed
// on what it issues). Areas register theirs at start-up; identity then
// signs the person in with it, finds them by it in the back office and
// names it on their page, without knowing the area.
type IdentifierKind struct {
	Kind  string // stored in login_identifiers.kind
	Label string // Persian, on the back office's customer page
	// Hint, when set, tells customers on the sign-in page where to find it.
	Hint string
	// Parse gives the stored form of a typed value (any digit script), or
	// an error whose message the back office shows.
	Parse func(string) (string, error)
}

var areaIdentifiers struct {
	sync.RWMutex
	kinds []IdentifierKind
}

// RegisterIdentifier adds an area's identifier kind. A kind registered
// again (several servers in one test process) replaces the first.
// Typed identifiers are tried after username and mobile and before the
// national code, in registration order: an area's numbers are exact
// lengths, a national code may have dropped its leading zeros.
func RegisterIdentifier(k IdentifierKind) {
	if k.Kind == "" || k.Parse == nil {
		panic("identity: RegisterIdentifier needs a kind and a parser")
	}
	areaIdentifiers.Lock()
	defer areaIdentifiers.Unlock()
	for i := range areaIdentifiers.kinds {
		if areaIdentifiers.kinds[i].Kind == k.Kind {
			areaIdentifiers.kinds[i] = k
			return
		}
	}
	areaIdentifiers.kinds = append(areaIdentifiers.kinds, k)
}

func identifierKinds() []IdentifierKind {
	areaIdentifiers.RLock()
	defer areaIdentifiers.RUnlock()
	return append([]IdentifierKind(nil), areaIdentifiers.kinds...)
}

func areaIdentifier(kind string) (IdentifierKind, bool) {
	for _, k := range identifierKinds() {
		if k.Kind == kind {
			return k, true
		}
	}
	return IdentifierKind{}, false
}

// AddIdentifier makes value, of a registered kind, sign personID in.
// Areas call it inside the transaction that issues what carries it; it is
// idempotent for the same person, ErrIdentifierTaken for another's.
// Audited.
func (s *Service) AddIdentifier(ctx context.Context, q db.Querier, personID int64, kind, value string) error {
	k, ok := areaIdentifier(kind)
	if !ok {
		return ErrUnknownKind
	}
	v, err := k.Parse(value)
	if err != nil {
		return err
	}
	if err := addIdentifier(ctx, q, personID, kind, v, s.now()); err != nil {
		return err
	}
	return s.audit(ctx, q, auditEntry{actorKind: actorSystem, action: ActionIdentifierAdd,
		targetKind: KindCustomer, targetID: personID, detail: kind + " " + v})
}

// LoginLink is a way forward an area offers under the sign-in form (the
// identity area's «ثبت نام یا تنظیم رمز»).
type LoginLink struct {
	ID, Label, Href string
}

var loginLinks struct {
	sync.RWMutex
	links []LoginLink
}

// RegisterLoginLink adds an area's link to the sign-in page. A link with
// the same ID registered again replaces the first.
func RegisterLoginLink(l LoginLink) {
	loginLinks.Lock()
	defer loginLinks.Unlock()
	for i := range loginLinks.links {
		if loginLinks.links[i].ID == l.ID {
			loginLinks.links[i] = l
			return
		}
	}
	loginLinks.links = append(loginLinks.links, l)
}

func registeredLoginLinks() []LoginLink {
	loginLinks.RLock()
	defer loginLinks.RUnlock()
	return append([]LoginLink(nil), loginLinks.links...)
}

// identifierHints are the sign-in page's hints of the areas' identifiers.
func identifierHints() []string {
	var out []string
	for _, k := range identifierKinds() {
		if k.Hint != "" {
			out = append(out, k.Hint)
		}
	}
	return out
}
