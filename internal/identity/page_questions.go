package identity

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// questionSlot names the form fields of one of the three questions.
type questionSlot struct{ QuestionField, AnswerField string }

var questionSlots = []questionSlot{{"q1", "a1"}, {"q2", "a2"}, {"q3", "a3"}}

type questionsPage struct {
	Slots     []questionSlot
	Questions []Question
}

func (p *Pages) questionsForm(w http.ResponseWriter, r *http.Request) {
	if !p.isCustomer(r) {
		web.Redirect(w, r, "/login")
		return
	}
	p.web.Render(w, r, http.StatusOK, "identity/security_questions", web.View{Title: titleQuestions,
		Data: questionsPage{Slots: questionSlots, Questions: Questions}})
}

func (p *Pages) setQuestions(w http.ResponseWriter, r *http.Request) {
	sess := p.web.Session(r)
	if sess == nil || sess.Kind != KindCustomer {
		web.Redirect(w, r, "/login")
		return
	}
	if !p.web.ParseForm(w, r) {
		return
	}
	f := web.NewForm(r.PostForm)
	answers := map[int]string{}
	slotOf := map[int]questionSlot{}
	for _, slot := range questionSlots {
		id, err := strconv.Atoi(f.Get(slot.QuestionField))
		if err != nil || QuestionText(id) == "" {
			f.Fail(slot.QuestionField, msgPickQuestion)
			continue
		}
		if _, dup := answers[id]; dup {
			f.Fail(slot.QuestionField, msgQuestionTwice)
			continue
		}
		answers[id] = f.Get(slot.AnswerField)
		slotOf[id] = slot
	}
	if f.Valid() {
		err := p.svc.SetSecurityAnswers(p.clientContext(r, sess), sess.SubjectID, answers)
		if err == nil {
			if err := p.web.SetStage(w, r, ""); err != nil {
				p.web.ServerError(w, r, err)
				return
			}
			p.web.SetFlash(w, "success", web.MsgDone)
			web.Redirect(w, r, "/")
			return
		}
		var e *fa.Error
		if !errors.As(err, &e) {
			p.web.ServerError(w, r, err)
			return
		}
		// The service names the answer by question ("answer_3"); show it
		// next to the answer box that question was chosen in.
		placed := false
		for id, slot := range slotOf {
			if e.Field == fmt.Sprintf("answer_%d", id) {
				f.Fail(slot.AnswerField, e.Message)
				placed = true
			}
		}
		if !placed {
			f.Fail(questionSlots[0].QuestionField, e.Message)
		}
	}
	p.web.Render(w, r, http.StatusUnprocessableEntity, "identity/security_questions", web.View{Title: titleQuestions, Form: f,
		Data: questionsPage{Slots: questionSlots, Questions: Questions}})
}
