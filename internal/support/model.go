// Package support is the help desk every area shares: tickets with
// departments, priorities and threads («سیستم پشتیبانی»), the
// announcements shown in the green box of the customer home page, and
// surveys («نظرسنجی»).
//
// Customers open tickets and reply; staff work the queues of the
// departments they belong to (admins see all), answer, add internal notes
// the customer never sees, assign, move, close and reopen. Every staff
// answer queues an SMS to the customer in the same transaction. Nothing
// anyone writes is ever rendered as HTML: threads are plain text with
// line breaks.
package support

import (
	"embed"
	"io/fs"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds support's tables. It requires identity (tickets belong to
// customers, departments have staff) and notify (answers queue SMS in the
// same transaction).
var Schema = &db.Schema{
	Name:     "support",
	FS:       func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
	Requires: []*db.Schema{identity.Schema, notify.Schema},
}

// Priorities, as the guide's «اولویت» select offers them.
const (
	PriorityLow      = "low"
	PriorityMedium   = "medium"
	PriorityHigh     = "high"
	PriorityVeryHigh = "very_high"
)

// Priorities lists every priority, lowest first.
var Priorities = []string{PriorityLow, PriorityMedium, PriorityHigh, PriorityVeryHigh}

// PriorityLabel is the guide's label of a priority.
func PriorityLabel(p string) string {
	if l, ok := priorityLabels[p]; ok {
		return l
	}
	return p
}

// Ticket statuses.
const (
	StatusOpen     = "open"     // waiting for staff
	StatusAnswered = "answered" // staff answered; waiting for the customer
	StatusClosed   = "closed"
)

// Statuses lists every status in the order the filters show them.
var Statuses = []string{StatusOpen, StatusAnswered, StatusClosed}

// StatusLabel is the Persian label of a status («باز است» as the guide).
func StatusLabel(s string) string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return s
}

// Department is a support unit («واحد»).
type Department struct {
	ID   int64
	Code string
	Name string
}

// Ticket is one request of a customer.
type Ticket struct {
	ID              int64
	CustomerID      int64
	CustomerName    string
	NationalCode    string
	DepartmentID    int64
	DepartmentName  string
	Service         string
	Priority        string
	Title           string
	Status          string
	AssignedTo      int64 // 0 when nobody has taken it
	AssigneeName    string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	FirstAnswerDue  time.Time
	ResolutionDue   time.Time
	FirstAnsweredAt *time.Time
	ClosedAt        *time.Time
}

func (t *Ticket) PriorityLabel() string { return PriorityLabel(t.Priority) }
func (t *Ticket) StatusLabel() string   { return StatusLabel(t.Status) }

// Overdue tells which service target a ticket has missed at now: "" when
// none, OverdueFirstAnswer when nobody has answered in time,
// OverdueResolution when it is still not closed in time. A target is
// missed once now is past the due time; at the due time itself it is met.
func (t *Ticket) Overdue(now time.Time) string {
	if t.Status == StatusClosed {
		return ""
	}
	if t.FirstAnsweredAt == nil && now.After(t.FirstAnswerDue) {
		return OverdueFirstAnswer
	}
	if now.After(t.ResolutionDue) {
		return OverdueResolution
	}
	return ""
}

// What Overdue reports.
const (
	OverdueFirstAnswer = "first_answer"
	OverdueResolution  = "resolution"
)

// OverdueLabel is the queue's flag for an Overdue result.
func OverdueLabel(o string) string {
	return overdueLabels[o]
}

// Message kinds.
const (
	KindMessage = "message" // part of the conversation with the customer
	KindNote    = "note"    // internal note: staff only
	KindEvent   = "event"   // what staff did (assign, move, close): staff only
)

// Message is one entry of a ticket's thread.
type Message struct {
	ID          int64
	TicketID    int64
	Kind        string
	AuthorKind  string // identity.KindCustomer or identity.KindStaff
	AuthorID    int64
	AuthorName  string
	Body        string
	CreatedAt   time.Time
	Attachments []Attachment
}

// FromCustomer reports whether the customer wrote the message.
func (m *Message) FromCustomer() bool { return m.AuthorKind == identity.KindCustomer }

// Attachment is a file sent with a message (its bytes are read only when
// downloaded).
type Attachment struct {
	ID          int64
	MessageID   int64
	TicketID    int64
	FileName    string
	ContentType string
	Size        int
}

// Upload is a file as received, before it is checked.
type Upload struct {
	Name    string
	Content []byte
}

// Target is the service target of one priority.
type Target struct {
	Priority    string
	FirstAnswer time.Duration
	Resolution  time.Duration
}

// Audience "all" reaches every customer; other audiences are area keys.
const AudienceAll = "all"

// Announcement is a text shown on the customer home page between two
// times, to an audience.
type Announcement struct {
	ID        int64
	Title     string
	Body      string
	Audience  string
	StartsAt  time.Time
	EndsAt    time.Time
	CreatedBy int64
	CreatedAt time.Time
}

// Survey statuses.
const (
	SurveyDraft  = "draft"  // questions may be added; customers do not see it
	SurveyOpen   = "open"   // customers answer
	SurveyClosed = "closed" // results only
)

// SurveyStatusLabel is the Persian label of a survey status.
func SurveyStatusLabel(s string) string {
	if l, ok := surveyStatusLabels[s]; ok {
		return l
	}
	return s
}

// Question kinds.
const (
	QuestionChoice = "choice"
	QuestionText   = "text"
)

// Survey is a questionnaire.
type Survey struct {
	ID        int64
	Title     string
	Status    string
	CreatedAt time.Time
	Questions []Question
	Responses int
	Answered  bool // for one customer: already answered
}

func (s *Survey) StatusLabel() string { return SurveyStatusLabel(s.Status) }

// Question is one question of a survey.
type Question struct {
	ID       int64
	SurveyID int64
	Position int
	Kind     string
	Text     string
	Options  []string // choice questions
}

// Results are the answers to a survey, counted.
type Results struct {
	Survey    *Survey
	Responses int
	Questions []QuestionResult
}

// QuestionResult counts one question's answers.
type QuestionResult struct {
	Question Question
	Counts   []OptionCount // choice questions
	Texts    []string      // text questions, newest first (at most 50)
}

// OptionCount is how many chose one option, and its share in percent.
type OptionCount struct {
	Option  string
	Count   int
	Percent int
}
