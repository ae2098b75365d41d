package support

import (
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/web"
)

type surveysPage struct {
	Surveys []Survey
}

// surveys lists the open surveys («نظرسنجی»), marking those answered.
func (p *Pages) surveys(w http.ResponseWriter, r *http.Request, customerID int64) {
	list, err := p.svc.CustomerSurveys(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusOK, "support/surveys", web.View{Title: titleSurveys, Data: surveysPage{list}})
}

type surveyPage struct {
	Survey   *Survey
	Answered bool
	Error    string
}

func (p *Pages) customerSurvey(w http.ResponseWriter, r *http.Request, customerID int64) (*Survey, bool, bool) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return nil, false, false
	}
	list, err := p.svc.CustomerSurveys(r.Context(), customerID)
	if err != nil {
		p.web.ServerError(w, r, err)
		return nil, false, false
	}
	for _, sv := range list {
		if sv.ID == id {
			full, err := p.svc.Survey(r.Context(), id)
			if err != nil {
				p.web.ServerError(w, r, err)
				return nil, false, false
			}
			return full, sv.Answered, true
		}
	}
	p.web.NotFound(w, r) // drafts and closed surveys are not the customer's to see
	return nil, false, false
}

func (p *Pages) surveyForm(w http.ResponseWriter, r *http.Request, customerID int64) {
	sv, answered, ok := p.customerSurvey(w, r, customerID)
	if !ok {
		return
	}
	p.web.Render(w, r, http.StatusOK, "support/survey", web.View{Title: sv.Title, Form: web.NewForm(nil), Data: surveyPage{Survey: sv, Answered: answered}})
}

// answerSurvey records the customer's answers, once.
func (p *Pages) answerSurvey(w http.ResponseWriter, r *http.Request, customerID int64) {
	sv, answered, ok := p.customerSurvey(w, r, customerID)
	if !ok || !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	answers := map[int64]Answer{}
	for _, q := range sv.Questions {
		field := "q" + strconv.FormatInt(q.ID, 10)
		v := f.Get(field)
		if q.Kind == QuestionChoice {
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				continue
			}
			answers[q.ID] = Answer{Choice: n}
		} else if v != "" {
			answers[q.ID] = Answer{Text: v}
		}
	}
	err := p.svc.AnswerSurvey(r.Context(), customerID, sv.ID, answers)
	if err == nil {
		p.web.SetFlash(w, "success", flashSurveyThanks)
		web.Redirect(w, r, "/surveys")
		return
	}
	if errors.Is(err, ErrAnswered) {
		p.web.SetFlash(w, "error", ErrAnswered.Message)
		web.Redirect(w, r, "/surveys")
		return
	}
	msg, ok := showError(f, err)
	if !ok {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "support/survey", web.View{Title: sv.Title, Form: f, Data: surveyPage{Survey: sv, Answered: answered, Error: msg}})
}

// Field is the form field of a question.
func (q Question) Field() string { return "q" + strconv.FormatInt(q.ID, 10) }

// Choices pairs each option with its value, for the radio buttons.
func (q Question) Choices() []labelled {
	var out []labelled
	for i, o := range q.Options {
		out = append(out, labelled{strconv.Itoa(i), o})
	}
	return out
}
