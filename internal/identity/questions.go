package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Question is one security question of the fixed list.
type Question struct {
	ID   int
	Text string
}

// QuestionsRequired is how many questions a customer answers after the
// first password change, as the card-holder guide says.
const QuestionsRequired = 3

// QuestionText returns the text of a question ID ("" for none).
func QuestionText(id int) string {
	for _, q := range Questions {
		if q.ID == id {
			return q.Text
		}
	}
	return ""
}

// normaliseAnswer makes answers compare as people mean them: trimmed,
// lower-case, inner runs of spaces collapsed ("Ali  Rezaei" is "ali
// rezaei"). It returns ErrAnswerLatin when anything but Latin letters,
// digits and spaces remains: the guide asks for Latin letters only, and a
// Persian answer typed on another keyboard layout would never match.
func normaliseAnswer(a string) (string, error) {
	a = strings.ToLower(strings.Join(strings.Fields(fa.NormalizeInput(a)), " "))
	if a == "" {
		return "", ErrAnswerEmpty
	}
	for _, r := range a {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == ' ') {
			return "", ErrAnswerLatin
		}
	}
	if len(a) > 100 {
		return "", ErrTooLong.OnField("answer")
	}
	return a, nil
}

// SetSecurityAnswers stores answers to exactly three different questions
// (replacing any earlier ones). On success the page says «عملیات با
// موفقیت انجام گردید». A failing answer's *fa.Error names its field as
// "answer_<questionID>".
func (s *Service) SetSecurityAnswers(ctx context.Context, personID int64, answers map[int]string) error {
	if len(answers) != QuestionsRequired {
		return ErrQuestions
	}
	hashes := map[int]string{}
	for id, a := range answers {
		if QuestionText(id) == "" {
			return ErrQuestions
		}
		n, err := normaliseAnswer(a)
		if err != nil {
			var e *fa.Error
			errors.As(err, &e)
			return e.OnField(fmt.Sprintf("answer_%d", id))
		}
		if hashes[id], err = s.hash(ctx, n); err != nil {
			return err
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := getCustomer(ctx, tx, personID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM security_answers WHERE person_id = $1", personID); err != nil {
			return fmt.Errorf("identity: clear security answers: %w", err)
		}
		for _, q := range Questions { // a fixed order
			h, ok := hashes[q.ID]
			if !ok {
				continue
			}
			if _, err := tx.Exec(ctx, "INSERT INTO security_answers (person_id, question_id, answer_hash, created_at) VALUES ($1, $2, $3, $4)",
				personID, int64(q.ID), h, s.now()); err != nil {
				return fmt.Errorf("identity: store security answer: %w", err)
			}
		}
		return s.audit(ctx, tx, auditEntry{actorKind: KindCustomer, actorID: personID, action: ActionQuestionsSet,
			targetKind: KindCustomer, targetID: personID})
	})
}

func countAnswers(ctx context.Context, q db.Querier, personID int64) (int, error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM security_answers WHERE person_id = $1", personID).Scan(&n); err != nil {
		return 0, fmt.Errorf("identity: count security answers: %w", err)
	}
	return n, nil
}

// AnsweredQuestions returns the IDs of the questions a customer answered,
// for support staff to pick one to ask a caller.
func (s *Service) AnsweredQuestions(ctx context.Context, personID int64) ([]int, error) {
	return db.All(ctx, s.db, func(r db.Scanner) (int, error) {
		var id int
		return id, r.Scan(&id)
	}, "SELECT question_id FROM security_answers WHERE person_id = $1 ORDER BY question_id", personID)
}

func answerHash(ctx context.Context, q db.Querier, personID int64, questionID int) (string, error) {
	var h string
	err := q.QueryRow(ctx, "SELECT answer_hash FROM security_answers WHERE person_id = $1 AND question_id = $2",
		personID, int64(questionID)).Scan(&h)
	if errors.Is(err, db.ErrNoRows) {
		return "", nil
	}
	return h, err
}

// VerifySecurityAnswer checks a caller's answer for support staff.
// Audited with the outcome. An answer alone never opens an account.
func (s *Service) VerifySecurityAnswer(ctx context.Context, by Actor, personID int64, questionID int, answer string) (bool, error) {
	h, err := answerHash(ctx, s.db, personID, questionID)
	if err != nil {
		return false, fmt.Errorf("identity: load security answer: %w", err)
	}
	if h == "" {
		return false, ErrNoQuestions
	}
	ok := false
	if n, err := normaliseAnswer(answer); err == nil {
		ok, _, err = s.verify(ctx, h, n)
		if err != nil {
			return false, fmt.Errorf("identity: verify security answer: %w", err)
		}
	}
	err = s.audit(ctx, s.db, auditEntry{actorKind: KindStaff, actorID: by.StaffID, ip: by.IP, action: ActionAnswerChecked,
		targetKind: KindCustomer, targetID: personID, detail: fmt.Sprintf("question %d: %s", questionID, cond(ok, auditAnswerRight, auditAnswerWrong))})
	return ok, err
}
