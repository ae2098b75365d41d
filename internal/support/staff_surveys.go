package support

import (
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/web"
)

type staffSurveysPage struct {
	Surveys []Survey
}

func (p *Pages) staffSurveys(w http.ResponseWriter, r *http.Request, st *Staff) {
	p.renderStaffSurveys(w, r, http.StatusOK, web.NewForm(nil))
}

func (p *Pages) renderStaffSurveys(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	list, err := p.svc.Surveys(r.Context(), false)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, status, "support/staff_surveys", web.View{Title: titleStaffSurveys, Layout: "staff", Form: f, Data: staffSurveysPage{list}})
}

func surveyPath(id int64) string { return "/staff/support/surveys/" + strconv.FormatInt(id, 10) }

func (p *Pages) staffCreateSurvey(w http.ResponseWriter, r *http.Request, st *Staff) {
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	sv, err := p.svc.CreateSurvey(r.Context(), st.ID, f.Get("title"))
	if err == nil {
		p.web.SetFlash(w, "success", flashSurveyCreated)
		web.Redirect(w, r, surveyPath(sv.ID))
		return
	}
	if _, ok := showError(f, err); !ok {
		p.web.ServerError(w, r, err)
		return
	}
	p.renderStaffSurveys(w, r, http.StatusUnprocessableEntity, f)
}

// bar is one option's row of the results chart: an SVG rectangle whose
// width is the option's share (CSP-safe: attributes, no style).
type bar struct {
	OptionCount
	Width int
}

type questionResultView struct {
	QuestionResult
	Bars []bar
}

type staffSurveyPage struct {
	Survey    *Survey
	Results   []questionResultView
	Responses int
	Kinds     []labelled
}

func (p *Pages) staffSurvey(w http.ResponseWriter, r *http.Request, st *Staff) {
	p.renderStaffSurvey(w, r, http.StatusOK, web.NewForm(nil))
}

func (p *Pages) renderStaffSurvey(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	res, err := p.svc.Results(r.Context(), id)
	if err != nil {
		p.fail(w, r, err, "/staff/support/surveys")
		return
	}
	page := staffSurveyPage{Survey: res.Survey, Responses: res.Responses,
		Kinds: questionKindLabels}
	for _, q := range res.Questions {
		v := questionResultView{QuestionResult: q}
		for _, c := range q.Counts {
			v.Bars = append(v.Bars, bar{c, c.Percent * 2})
		}
		page.Results = append(page.Results, v)
	}
	p.web.Render(w, r, status, "support/staff_survey", web.View{Title: res.Survey.Title, Layout: "staff", Form: f, Data: page})
}

func (p *Pages) staffAddQuestion(w http.ResponseWriter, r *http.Request, st *Staff) {
	id, ok := p.pathID(w, r, "id")
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	err := p.svc.AddQuestion(r.Context(), id, f.Get("kind"), f.Get("text"), r.PostFormValue("options"))
	if err == nil {
		p.web.SetFlash(w, "success", flashQuestionAdded)
		web.Redirect(w, r, surveyPath(id))
		return
	}
	if errors.Is(err, ErrNotFound) {
		p.web.NotFound(w, r)
		return
	}
	msg, ok := showError(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	if msg != "" {
		f.Fail("text", msg)
	}
	p.renderStaffSurvey(w, r, http.StatusUnprocessableEntity, f)
}

func (p *Pages) staffOpenSurvey(w http.ResponseWriter, r *http.Request, st *Staff) {
	p.setSurveyStatus(w, r, SurveyOpen, flashSurveyPublished)
}

func (p *Pages) staffCloseSurvey(w http.ResponseWriter, r *http.Request, st *Staff) {
	p.setSurveyStatus(w, r, SurveyClosed, flashSurveyEnded)
}

func (p *Pages) setSurveyStatus(w http.ResponseWriter, r *http.Request, status, done string) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	if err := p.svc.SetSurveyStatus(r.Context(), id, status); err != nil {
		p.fail(w, r, err, surveyPath(id))
		return
	}
	p.web.SetFlash(w, "success", done)
	web.Redirect(w, r, surveyPath(id))
}
