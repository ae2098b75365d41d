package app

import (
	"context"
	"fmt"
	"strings"

	"pishkhan/internal/identity"
	"pishkhan/internal/welfare"
)

// The welfare demo (seed 001): one region of the Ministry of Education,
// a ready applicant and a ready guarantor (passwords set, questions
// answered, both in the region, the guarantor within every rule), مریم
// احمدی of the customers seed as a third employee, and two contracted
// stores, the online one sold for by the demo sales agent.
const (
	demoWelfareApplicant   = "6123456784" // رضا کریمی, personnel 880001
	demoWelfareGuarantor   = "6234567894" // حسین کاظمی, personnel 880002
	demoWelfareApplicantNo = "880001"
	demoWelfareGuarantorNo = "880002"
)

func demoWelfareOffers() []string {
	return []string{fmt.Sprintf("welfare (Tavana card): region «%s»; ready applicant %s (personnel %s, net salary 120,000,000) and ready guarantor %s (personnel %s), both %s; store «%s» sold for by staff «sales»; finance approves as «finance» or «admin»",
		demoWelfareRegion, demoWelfareApplicant, demoWelfareApplicantNo, demoWelfareGuarantor, demoWelfareGuarantorNo, demoReadyPassword, demoWelfareMerchant)}
}

func seedDemoWelfare(ctx context.Context, sys *system) error {
	if _, err := sys.welfare.ImportEmployees(ctx, identity.Actor{}, strings.NewReader(demoWelfareEmployeesFile)); err != nil {
		return err
	}
	for _, code := range []string{demoWelfareApplicant, demoWelfareGuarantor} {
		e, err := sys.welfare.FindEmployee(ctx, sys.db, code)
		if err != nil {
			return err
		}
		state, err := sys.identity.CustomerPasswordState(ctx, e.CustomerID)
		if err != nil {
			return err
		}
		if state.MustChange {
			if err := sys.identity.ChangePassword(ctx, e.CustomerID, "", demoReadyPassword, demoReadyPassword); err != nil {
				return fmt.Errorf("welfare customer %s: %w", code, err)
			}
		}
		if answered, err := sys.identity.AnsweredQuestions(ctx, e.CustomerID); err != nil {
			return err
		} else if len(answered) < 3 {
			if err := sys.identity.SetSecurityAnswers(ctx, e.CustomerID, map[int]string{1: "tehran", 2: "blue", 3: "pishkhan"}); err != nil {
				return err
			}
		}
	}
	staff, err := sys.identity.ListStaff(ctx)
	if err != nil {
		return err
	}
	byName := map[string]*identity.StaffMember{}
	for _, m := range staff {
		byName[m.Username] = m
	}
	admin := byName["admin"]
	if admin == nil {
		return fmt.Errorf("the demo admin is missing")
	}
	have, err := sys.welfare.Merchants(ctx, welfare.MerchantFilter{Status: "all"})
	if err != nil {
		return err
	}
	var online int64
	for _, m := range have {
		if m.Name == demoWelfareMerchant {
			online = m.ID
		}
	}
	if online == 0 {
		regions, err := sys.welfare.Regions(ctx)
		if err != nil || len(regions) == 0 {
			return fmt.Errorf("welfare region: %v", err)
		}
		for _, m := range []welfare.NewMerchant{
			{Name: demoWelfareMerchant, Kind: welfare.MerchantOnline, City: demoWelfareOnlineCity, Category: demoWelfareOnlineCategory, Website: "https://kala.example.ir", RegionID: regions[0].ID},
			{Name: demoWelfareShop, Kind: welfare.MerchantInPerson, City: demoWelfareShopCity, Category: demoWelfareShopCategory, Address: demoWelfareShopAddress, RegionID: regions[0].ID},
		} {
			id, err := sys.welfare.ProposeMerchant(ctx, admin, "", m)
			if err != nil {
				return err
			}
			if _, err := sys.welfare.DecideMerchant(ctx, admin, "", id, true); err != nil {
				return err
			}
			if online == 0 {
				online = id
			}
		}
		for _, u := range []string{"finance", "welfare"} {
			if m := byName[u]; m != nil {
				if err := sys.welfare.AssignStaffRegion(ctx, m.ID, regions[0].ID); err != nil {
					return err
				}
			}
		}
	}
	if sales := byName["sales"]; sales != nil {
		return sys.welfare.LinkMerchantStaff(ctx, sales.ID, online)
	}
	return nil
}
