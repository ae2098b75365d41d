package app

import (
	"context"
	"fmt"

	"pishkhan/internal/identity"
)

// The demo subscribers of the ISP panel (seed 004). کمال نصیری (created
// by the customers seed) gets the guide's line: the standard monthly
// service with 26 days and 4.24 GB left, its line status history,
// service history, bills and campaign charges with the guide's own
// dates, and yesterday's usage with the guide's rows and totals. A
// second customer, «پیشگامان کا» (phone 32239700), has the guide's
// change-service example: «فیروزه» paid 2,000,000 rials 13 days ago, so
// changing to «زمرد» shows 1,928,767 remaining and 6,791,233 payable.
const (
	demoISPSubscriber     = "4567891236"
	demoISPUsername       = "nasiri"
	demoISPPassword       = "Modem-1394"
	demoISPChangeCustomer = "6789123458"
	demoISPChangeUsername = "pishgaman"
	demoISPLineNumber     = "1132455123" // the guide's line; signs its subscriber in
)

func demoISPOffers() []string {
	return []string{
		fmt.Sprintf(offerISPSubscriber, demoISPSubscriber, demoISPLineNumber, demoISPUsername, demoISPPassword),
		fmt.Sprintf(offerISPChange, demoISPChangeCustomer, demoReadyPassword, demoISPChangeUsername, demoISPPassword),
	}
}

func seedDemoISP(ctx context.Context, sys *system) error {
	find := func(code string, create identity.NewCustomer) (int64, error) {
		found, _, err := sys.identity.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: code, Limit: 1})
		if err != nil || len(found) > 0 {
			if err == nil {
				return found[0].ID, nil
			}
			return 0, err
		}
		if create.NationalCode == "" {
			return 0, fmt.Errorf("demo ISP customer %s missing", code)
		}
		c, err := sys.identity.CreateCustomer(ctx, identity.Actor{}, create)
		if err != nil {
			return 0, err
		}
		return c.ID, nil
	}
	id, err := find(demoISPSubscriber, identity.NewCustomer{})
	if err != nil {
		return err
	}
	if _, err := sys.isp.SeedGuideSubscriber(ctx, id, demoISPUsername, demoISPPassword); err != nil {
		return err
	}
	id, err = find(demoISPChangeCustomer, identity.NewCustomer{NationalCode: demoISPChangeCustomer, FirstName: demoISPChangeFirstName, LastName: demoISPChangeLastName, Mobile: "09121110005"})
	if err != nil {
		return err
	}
	// Ready to use: the password changed and the questions answered.
	state, err := sys.identity.CustomerPasswordState(ctx, id)
	if err != nil {
		return err
	}
	if state.MustChange {
		if err := sys.identity.ChangePassword(ctx, id, "", demoReadyPassword, demoReadyPassword); err != nil {
			return err
		}
	}
	if answered, err := sys.identity.AnsweredQuestions(ctx, id); err != nil {
		return err
	} else if len(answered) < 3 {
		if err := sys.identity.SetSecurityAnswers(ctx, id, map[int]string{1: "tehran", 2: "blue", 3: "pishkhan"}); err != nil {
			return err
		}
	}
	_, err = sys.isp.SeedChangeExample(ctx, id, demoISPChangeUsername, demoISPPassword)
	return err
}
