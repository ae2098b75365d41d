package support

import (
	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// Sentinels: *fa.Error with Domain "support"; the sentences are in
// messages.go (or the web kit's, for the ones several packages show).
var (
	ErrNotFound      = fa.Refusal("support", "not_found", web.MsgNotFound)
	ErrNotPersian    = fa.Refusal("support", "not_persian", msgNotPersian)
	ErrTitle         = fa.Refusal("support", "title", msgTitle).OnField("title")
	ErrBody          = fa.Refusal("support", "body", msgBody).OnField("body")
	ErrTooLong       = fa.Refusal("support", "too_long", web.MsgTooLong)
	ErrDepartment    = fa.Refusal("support", "department", msgDepartment).OnField("department")
	ErrService       = fa.Refusal("support", "service", msgService).OnField("service")
	ErrPriority      = fa.Refusal("support", "priority", msgPriority).OnField("priority")
	ErrClosed        = fa.Refusal("support", "closed", msgClosed)
	ErrNotClosed     = fa.Refusal("support", "not_closed", msgNotClosed)
	ErrAttachment    = fa.Refusal("support", "attachment", msgAttachment).OnField("files")
	ErrTooManyFiles  = fa.Refusal("support", "too_many_files", msgTooManyFiles).OnField("files")
	ErrFileTooLarge  = fa.Refusal("support", "file_too_large", msgFileTooLarge).OnField("files")
	ErrAssignee      = fa.Refusal("support", "assignee", msgAssignee).OnField("staff")
	ErrSameDept      = fa.Refusal("support", "same_department", msgSameDept).OnField("department")
	ErrAudience      = fa.Refusal("support", "audience", msgAudience).OnField("audience")
	ErrDates         = fa.Refusal("support", "dates", msgDates).OnField("ends")
	ErrDate          = fa.Refusal("support", "date", msgDate)
	ErrAnnTitle      = fa.Refusal("support", "announcement_title", msgAnnTitle).OnField("title")
	ErrAnnBody       = fa.Refusal("support", "announcement_body", msgAnnBody).OnField("body")
	ErrSurveyTitle   = fa.Refusal("support", "survey_title", msgSurveyTitle).OnField("title")
	ErrQuestion      = fa.Refusal("support", "question", msgQuestion).OnField("text")
	ErrQuestionKind  = fa.Refusal("support", "question_kind", msgQuestionKind).OnField("kind")
	ErrOptions       = fa.Refusal("support", "options", msgOptions).OnField("options")
	ErrNotDraft      = fa.Refusal("support", "not_draft", msgNotDraft)
	ErrNoQuestions   = fa.Refusal("support", "no_questions", msgNoQuestions)
	ErrSurveyClosed  = fa.Refusal("support", "survey_closed", msgSurveyClosed)
	ErrAnswered      = fa.Refusal("support", "answered", msgAnswered)
	ErrAnswerMissing = fa.Refusal("support", "answer_missing", msgAnswerMissing)
	ErrTarget        = fa.Refusal("support", "target", msgTarget)
)
