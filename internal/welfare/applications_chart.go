package welfare

import (
	"context"
	"html/template"

	"pishkhan/internal/db"
	"pishkhan/internal/web"
)

// RegionPending is how many applications of a region's employees wait
// at each stage.
type RegionPending struct {
	Region
	Guarantor int64 // waiting for the guarantor
	Finance   int64 // approved by the guarantor, waiting for the region's finance
}

// PendingByRegion counts the applications awaiting a decision in each of
// the given regions (nil: every region), in the regions' order, a region
// with none included. The region is the applicant's, as on the desk.
func (s *Service) PendingByRegion(ctx context.Context, regions []int64) ([]RegionPending, error) {
	all, err := s.Regions(ctx)
	if err != nil {
		return nil, wrap("regions", err)
	}
	type count struct {
		region int64
		status string
		n      int64
	}
	counts, err := db.All(ctx, s.db, func(r db.Scanner) (count, error) {
		var c count
		return c, r.Scan(&c.region, &c.status, &c.n)
	}, `SELECT e.region_id, a.status, COUNT(*) FROM welfare_applications a JOIN welfare_employees e ON e.id = a.employee_id
		WHERE a.status IN ($1, $2) GROUP BY e.region_id, a.status`, StatusGuarantorPending, StatusFinancePending)
	if err != nil {
		return nil, wrap("pending by region", err)
	}
	var out []RegionPending
	at := map[int64]int{}
	for _, g := range all {
		if inRegions(regions, g.ID) {
			at[g.ID] = len(out)
			out = append(out, RegionPending{Region: g})
		}
	}
	for _, c := range counts {
		i, ok := at[c.region]
		if !ok {
			continue
		}
		if c.status == StatusGuarantorPending {
			out[i].Guarantor += c.n
		} else {
			out[i].Finance += c.n
		}
	}
	return out, nil
}

// pendingCharts are the desk's pictures: the applications awaiting a
// decision by stage, and those awaiting this desk (the region's finance)
// by region.
func pendingCharts(list []RegionPending) []template.HTML {
	var guarantor, finance int64
	byRegion := web.Chart{Title: chartByRegion}
	for _, g := range list {
		guarantor += g.Guarantor
		finance += g.Finance
		byRegion.Bars = append(byRegion.Bars, web.Bar{Label: g.Name, Value: g.Finance, Text: applicationsText(g.Finance)})
	}
	byStage := web.Chart{Title: chartByStage, Bars: []web.Bar{
		{Label: labelGuarantorPending, Value: guarantor, Text: applicationsText(guarantor)},
		{Label: labelFinancePending, Value: finance, Text: applicationsText(finance)},
	}}
	out := []template.HTML{byStage.Meters()}
	if len(list) > 0 {
		out = append(out, byRegion.Meters())
	}
	return out
}
