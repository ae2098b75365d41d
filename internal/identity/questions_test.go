package identity

import (
	"context"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
)

func TestSecurityAnswers(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		code := nationalCode("404040404")
		c := e.customer(t, NewCustomer{NationalCode: code})

		tests := []struct {
			name    string
			answers map[int]string
			want    *fa.Error
		}{
			{"two questions", map[int]string{1: "a", 2: "b"}, ErrQuestions},
			{"four questions", map[int]string{1: "a", 2: "b", 3: "c", 4: "d"}, ErrQuestions},
			{"unknown question", map[int]string{1: "a", 2: "b", 99: "c"}, ErrQuestions},
			{"Persian answer", map[int]string{1: "Karimi", 2: "تهران", 3: "Pishi"}, ErrAnswerLatin},
			{"Arabic digits only are Latin after normalising", map[int]string{1: "Karimi", 2: "۱۲۳", 3: "Pishi"}, nil},
			{"punctuation", map[int]string{1: "Karimi!", 2: "Tehran", 3: "Pishi"}, ErrAnswerLatin},
			{"empty", map[int]string{1: "  ", 2: "Tehran", 3: "Pishi"}, ErrAnswerEmpty},
			{"Latin letters, digits and spaces", map[int]string{1: "Mrs Karimi", 2: "Tehran 2", 3: "Pishi"}, nil},
		}
		for _, tt := range tests {
			err := e.s.SetSecurityAnswers(ctx, c.ID, tt.answers)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				continue
			}
			got := wantCode(t, err, tt.want)
			if tt.want == ErrAnswerLatin && got.Field != "answer_2" && got.Field != "answer_1" {
				t.Fatalf("%s: field %q", tt.name, got.Field)
			}
		}
		ids, err := e.s.AnsweredQuestions(ctx, c.ID)
		if err != nil || len(ids) != 3 || ids[0] != 1 || ids[2] != 3 {
			t.Fatalf("answered %v %v", ids, err)
		}
		by := Actor{StaffID: 2, IP: "10.0.0.2"}
		for answer, want := range map[string]bool{"mrs karimi": true, "  MRS   KARIMI ": true, "karimi": false, "کریمی": false} {
			ok, err := e.s.VerifySecurityAnswer(ctx, by, c.ID, 1, answer)
			if err != nil || ok != want {
				t.Fatalf("answer %q: %v %v", answer, ok, err)
			}
		}
		if _, err := e.s.VerifySecurityAnswer(ctx, by, c.ID, 7, "x"); err != ErrNoQuestions {
			t.Fatalf("unanswered question: %v", err)
		}
		res, err := e.s.SignIn(ctx, code, code, "192.0.2.1", "ua")
		if err != nil || res.NeedsSecurityQuestions {
			t.Fatalf("after answers: %+v %v", res, err)
		}
		acts := e.auditActions(t, AuditFilter{TargetKind: KindCustomer, TargetID: c.ID})
		if acts[ActionQuestionsSet] != 2 || acts[ActionAnswerChecked] != 4 {
			t.Fatalf("audit %v", acts)
		}
	})
}
