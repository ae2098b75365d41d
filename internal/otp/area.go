package otp

import (
	"context"

	"pishkhan/internal/area"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// Key names the area in PISHKHAN_AREAS.
const Key = "otp"

// Area is the dynamic second password as customers know it: its
// back-office desk and the home page's word on the authenticator. The
// package is also a shared domain (staff sign in with its codes; the card
// and welfare areas ask it for codes), which every deployment builds;
// only the desk and the widget are the area's. The holder's own pages
// («رمز دوم») belong to the area that issues what the codes protect
// (holderArea, whose page is holderPage): this area needs it, and being
// a shared domain it learns its name from app.
func Area(svc *Service, ids *identity.Service, holderArea, holderPage string) area.Descriptor {
	return area.Descriptor{
		Key:      Key,
		Title:    titleArea,
		Requires: []area.Requirement{{Key: holderArea, Why: whyHolderArea(holderArea)}},
		Routes: func(s *web.Server) error {
			DeskRoutes(s, svc, ids)
			return nil
		},
		Dashboard: holderPage,
		Home:      func(ctx context.Context, id int64) (*area.Widget, error) { return svc.homeWidget(ctx, id, holderPage) },
		AuditActions: []area.Label{
			{Key: ActionMobileConfirm, Label: labelActionMobileConfirm},
			{Key: ActionMobileRevoke, Label: labelActionMobileRevoke},
			{Key: ActionDeviceDisable, Label: labelActionDeviceDisable},
		},
	}
}

// homeWidget says whether the customer's authenticator app is active and
// whether their mobile is confirmed for SMS codes; nil for a person who
// has neither (not a user of the dynamic password).
func (s *Service) homeWidget(ctx context.Context, customerID int64, holderPage string) (*area.Widget, error) {
	device, err := s.HasDevice(ctx, customerID)
	if err != nil {
		return nil, err
	}
	_, confirmed, err := s.ConfirmedMobile(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if !device && !confirmed {
		return nil, nil
	}
	w := &area.Widget{Title: titleArea, Figures: []area.Figure{{Label: labelAuthenticator, Value: labelInactive}, {Label: labelSMSCode, Value: labelNotConfirmed}}}
	if device {
		w.Figures[0].Value = labelActive
	}
	if confirmed {
		w.Figures[1].Value = labelConfirmed
	}
	w.Actions = []area.Link{{Label: labelHolderPage, Href: holderPage}}
	return w, nil
}
