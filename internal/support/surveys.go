package support

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"pishkhan/internal/db"
)

// CreateSurvey starts a draft survey.
func (s *Service) CreateSurvey(ctx context.Context, by int64, title string) (*Survey, error) {
	title = cleanText(title)
	if title == "" {
		return nil, ErrSurveyTitle
	}
	if utf8.RuneCountInString(title) > maxTitle {
		return nil, ErrTooLong.OnField("title")
	}
	sv := &Survey{Title: title, Status: SurveyDraft, CreatedAt: s.now()}
	err := s.db.ExecReturning(ctx, "INSERT INTO support_surveys (title, status, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
		title, SurveyDraft, by, sv.CreatedAt).Scan(&sv.ID)
	if err != nil {
		return nil, fmt.Errorf("support: create survey: %w", err)
	}
	return sv, nil
}

// AddQuestion adds a question to a draft survey. options holds one option
// per line (choice questions).
func (s *Service) AddQuestion(ctx context.Context, surveyID int64, kind, text, options string) error {
	text = cleanText(text)
	if text == "" {
		return ErrQuestion
	}
	if utf8.RuneCountInString(text) > 500 {
		return ErrTooLong.OnField("text")
	}
	var opts []string
	switch kind {
	case QuestionChoice:
		for _, line := range strings.Split(strings.ReplaceAll(options, "\r\n", "\n"), "\n") {
			if line = cleanText(line); line != "" {
				if utf8.RuneCountInString(line) > 200 {
					return ErrTooLong.OnField("options")
				}
				opts = append(opts, line)
			}
		}
		if len(opts) < 2 || len(opts) > 20 {
			return ErrOptions
		}
	case QuestionText:
	default:
		return ErrQuestionKind
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var status string
		err := tx.QueryRow(ctx, "SELECT status FROM support_surveys WHERE id = $1"+db.ForUpdate(tx), surveyID).Scan(&status)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("support: add question to %d: %w", surveyID, err)
		}
		if status != SurveyDraft {
			return ErrNotDraft
		}
		_, err = tx.Exec(ctx, `INSERT INTO support_survey_questions (survey_id, position, kind, text, options)
			VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM support_survey_questions WHERE survey_id = $1), $2, $3, $4)`,
			surveyID, kind, text, strings.Join(opts, "\n"))
		if err != nil {
			return fmt.Errorf("support: add question to %d: %w", surveyID, err)
		}
		return nil
	})
}

// SetSurveyStatus opens (from draft) or closes a survey.
func (s *Service) SetSurveyStatus(ctx context.Context, surveyID int64, status string) error {
	sv, err := s.Survey(ctx, surveyID)
	if err != nil {
		return err
	}
	switch {
	case status == SurveyOpen && sv.Status == SurveyDraft:
		if len(sv.Questions) == 0 {
			return ErrNoQuestions
		}
	case status == SurveyClosed && sv.Status == SurveyOpen:
	default:
		return ErrSurveyClosed
	}
	res, err := s.db.Exec(ctx, "UPDATE support_surveys SET status = $1 WHERE id = $2 AND status = $3", status, surveyID, sv.Status)
	if err != nil {
		return fmt.Errorf("support: survey %d status: %w", surveyID, err)
	}
	if res.RowsAffected == 0 {
		return ErrSurveyClosed
	}
	return nil
}

// Surveys lists surveys, newest first, with their response counts; with
// openOnly, the ones customers may answer.
func (s *Service) Surveys(ctx context.Context, openOnly bool) ([]Survey, error) {
	q := `SELECT s.id, s.title, s.status, s.created_at, (SELECT COUNT(*) FROM support_survey_responses r WHERE r.survey_id = s.id)
		FROM support_surveys s`
	var args []any
	if openOnly {
		q += " WHERE s.status = $1"
		args = append(args, SurveyOpen)
	}
	list, err := db.All(ctx, s.db, func(r db.Scanner) (Survey, error) {
		var sv Survey
		return sv, r.Scan(&sv.ID, &sv.Title, &sv.Status, &sv.CreatedAt, &sv.Responses)
	}, q+" ORDER BY s.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("support: list surveys: %w", err)
	}
	return list, nil
}

// CustomerSurveys lists the open surveys, marking those the customer has
// answered.
func (s *Service) CustomerSurveys(ctx context.Context, customerID int64) ([]Survey, error) {
	list, err := s.Surveys(ctx, true)
	if err != nil {
		return nil, err
	}
	answered, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, "SELECT survey_id FROM support_survey_responses WHERE customer_id = $1", customerID)
	if err != nil {
		return nil, fmt.Errorf("support: surveys answered by %d: %w", customerID, err)
	}
	for i := range list {
		for _, id := range answered {
			list[i].Answered = list[i].Answered || id == list[i].ID
		}
	}
	return list, nil
}

// Survey returns a survey with its questions.
func (s *Service) Survey(ctx context.Context, id int64) (*Survey, error) {
	var sv Survey
	err := s.db.QueryRow(ctx, `SELECT id, title, status, created_at, (SELECT COUNT(*) FROM support_survey_responses r WHERE r.survey_id = $1)
		FROM support_surveys WHERE id = $1`, id).Scan(&sv.ID, &sv.Title, &sv.Status, &sv.CreatedAt, &sv.Responses)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("support: read survey %d: %w", id, err)
	}
	sv.Questions, err = db.All(ctx, s.db, func(r db.Scanner) (Question, error) {
		var q Question
		var opts string
		err := r.Scan(&q.ID, &q.SurveyID, &q.Position, &q.Kind, &q.Text, &opts)
		if opts != "" {
			q.Options = strings.Split(opts, "\n")
		}
		return q, err
	}, "SELECT id, survey_id, position, kind, text, options FROM support_survey_questions WHERE survey_id = $1 ORDER BY position", id)
	if err != nil {
		return nil, fmt.Errorf("support: questions of survey %d: %w", id, err)
	}
	return &sv, nil
}

// Answer is one customer's answer to one question: the index of the
// chosen option, or the text.
type Answer struct {
	Choice int
	Text   string
}

// AnswerSurvey records a customer's answers to every question of an open
// survey. A customer answers once: a second time is ErrAnswered (the
// unique index decides, even when two submissions race).
func (s *Service) AnswerSurvey(ctx context.Context, customerID, surveyID int64, answers map[int64]Answer) error {
	sv, err := s.Survey(ctx, surveyID)
	if err != nil {
		return err
	}
	if sv.Status != SurveyOpen {
		return ErrSurveyClosed
	}
	type row struct {
		question int64
		a        Answer
	}
	var rows []row
	for _, q := range sv.Questions {
		a, ok := answers[q.ID]
		switch q.Kind {
		case QuestionChoice:
			if !ok || a.Choice < 0 || a.Choice >= len(q.Options) {
				return ErrAnswerMissing
			}
			a.Text = ""
		case QuestionText:
			a.Text = cleanText(a.Text)
			if a.Text == "" {
				return ErrAnswerMissing
			}
			if utf8.RuneCountInString(a.Text) > 1000 {
				return ErrTooLong
			}
			a.Choice = -1
		}
		rows = append(rows, row{q.ID, a})
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var responseID int64
		err := tx.QueryRow(ctx, "INSERT INTO support_survey_responses (survey_id, customer_id, created_at) VALUES ($1, $2, $3) RETURNING id",
			surveyID, customerID, now).Scan(&responseID)
		if db.IsUniqueViolation(err) {
			return ErrAnswered
		}
		if err != nil {
			return fmt.Errorf("support: answer survey %d: %w", surveyID, err)
		}
		for _, r := range rows {
			if _, err := tx.Exec(ctx, "INSERT INTO support_survey_answers (response_id, question_id, choice, text) VALUES ($1, $2, $3, $4)",
				responseID, r.question, r.a.Choice, r.a.Text); err != nil {
				return fmt.Errorf("support: answer survey %d: %w", surveyID, err)
			}
		}
		return nil
	})
}

// Results counts a survey's answers.
func (s *Service) Results(ctx context.Context, surveyID int64) (*Results, error) {
	sv, err := s.Survey(ctx, surveyID)
	if err != nil {
		return nil, err
	}
	res := &Results{Survey: sv, Responses: sv.Responses}
	type count struct {
		question int64
		choice   int
		n        int
	}
	counts, err := db.All(ctx, s.db, func(r db.Scanner) (count, error) {
		var c count
		return c, r.Scan(&c.question, &c.choice, &c.n)
	}, `SELECT a.question_id, a.choice, COUNT(*) FROM support_survey_answers a JOIN support_survey_questions q ON q.id = a.question_id
		WHERE q.survey_id = $1 AND q.kind = 'choice' GROUP BY a.question_id, a.choice`, surveyID)
	if err != nil {
		return nil, fmt.Errorf("support: count answers of %d: %w", surveyID, err)
	}
	for _, q := range sv.Questions {
		qr := QuestionResult{Question: q}
		if q.Kind == QuestionChoice {
			for i, opt := range q.Options {
				oc := OptionCount{Option: opt}
				for _, c := range counts {
					if c.question == q.ID && c.choice == i {
						oc.Count = c.n
					}
				}
				if res.Responses > 0 {
					oc.Percent = (oc.Count*100 + res.Responses/2) / res.Responses
				}
				qr.Counts = append(qr.Counts, oc)
			}
		} else {
			qr.Texts, err = db.All(ctx, s.db, func(r db.Scanner) (string, error) {
				var t string
				return t, r.Scan(&t)
			}, "SELECT text FROM support_survey_answers WHERE question_id = $1 ORDER BY response_id DESC LIMIT 50", q.ID)
			if err != nil {
				return nil, fmt.Errorf("support: text answers of %d: %w", q.ID, err)
			}
		}
		res.Questions = append(res.Questions, qr)
	}
	return res, nil
}
