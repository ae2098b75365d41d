package support

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// Length limits, in characters.
const (
	maxTitle = 150
	maxBody  = 5000
)

// NewTicket is what a customer submits on «تیکت جدید».
type NewTicket struct {
	DepartmentID int64
	Service      string
	Priority     string
	Title        string
	Body         string
	Files        []Upload
}

func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(fa.NormalizeInput(s))
}

func checkBody(body string) (string, error) {
	body = cleanText(body)
	if body == "" {
		return "", ErrBody
	}
	if utf8.RuneCountInString(body) > maxBody {
		return "", ErrTooLong.OnField("body")
	}
	return body, nil
}

// OpenTicket records a customer's new ticket with its first message.
func (s *Service) OpenTicket(ctx context.Context, customerID int64, in NewTicket) (*Ticket, error) {
	title := cleanText(in.Title)
	if title == "" {
		return nil, ErrTitle
	}
	if utf8.RuneCountInString(title) > maxTitle {
		return nil, ErrTooLong.OnField("title")
	}
	body, err := checkBody(in.Body)
	if err != nil {
		return nil, err
	}
	if !persianText(title) || !persianText(body) {
		return nil, ErrNotPersian
	}
	if !slices.Contains(Priorities, in.Priority) {
		return nil, ErrPriority
	}
	if _, err := s.Department(ctx, in.DepartmentID); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, ErrDepartment
		}
		return nil, err
	}
	services, err := s.CustomerServices(ctx, customerID)
	if err != nil {
		return nil, err
	}
	service := cleanText(in.Service)
	if !slices.Contains(services, service) {
		return nil, ErrService
	}
	files, err := s.checkUploads(in.Files)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		targets, err := s.targets(ctx, tx)
		if err != nil {
			return err
		}
		t := targets[in.Priority]
		if err := tx.QueryRow(ctx, `INSERT INTO support_tickets (customer_id, department_id, service, priority, title, status,
			created_at, updated_at, first_answer_due, resolution_due) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) RETURNING id`,
			customerID, in.DepartmentID, service, in.Priority, title, StatusOpen, now, now.Add(t.FirstAnswer), now.Add(t.Resolution)).Scan(&id); err != nil {
			return fmt.Errorf("support: open ticket: %w", err)
		}
		msgID, err := addMessage(ctx, tx, id, KindMessage, identity.KindCustomer, customerID, body, now)
		if err != nil {
			return err
		}
		return insertAttachments(ctx, tx, id, msgID, files, now)
	})
	if err != nil {
		return nil, err
	}
	return s.ticket(ctx, s.db, id)
}

func addMessage(ctx context.Context, tx *db.Tx, ticketID int64, kind, authorKind string, authorID int64, body string, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO support_messages (ticket_id, kind, author_kind, author_id, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, ticketID, kind, authorKind, authorID, body, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("support: add %s to ticket %d: %w", kind, ticketID, err)
	}
	return id, nil
}

// A ticket's customer and assignee are identity's people: the ticket
// queries read their IDs, and withNames asks identity for their names in
// one query per list (identity.NamesOf).
const ticketColumns = `t.id, t.customer_id, t.department_id, d.name, t.service, t.priority,
	t.title, t.status, COALESCE(t.assigned_to, 0), t.created_at, t.updated_at, t.first_answer_due,
	t.resolution_due, t.first_answered_at, t.closed_at`

const ticketFrom = ` FROM support_tickets t JOIN support_departments d ON d.id = t.department_id`

func scanTicket(r db.Scanner) (Ticket, error) {
	var t Ticket
	err := r.Scan(&t.ID, &t.CustomerID, &t.DepartmentID, &t.DepartmentName, &t.Service, &t.Priority,
		&t.Title, &t.Status, &t.AssignedTo, &t.CreatedAt, &t.UpdatedAt, &t.FirstAnswerDue,
		&t.ResolutionDue, &t.FirstAnsweredAt, &t.ClosedAt)
	return t, err
}

// withNames fills in the customers' names and national codes and the
// assignees' names of tickets.
func withNames(ctx context.Context, q db.Querier, list []Ticket) error {
	customers, staff := make([]int64, len(list)), make([]int64, len(list))
	for i, t := range list {
		customers[i], staff[i] = t.CustomerID, t.AssignedTo
	}
	names, err := identity.NamesOf(ctx, q, customers, staff)
	if err != nil {
		return fmt.Errorf("support: names of tickets: %w", err)
	}
	for i := range list {
		c := names.Customer(list[i].CustomerID)
		list[i].CustomerName, list[i].NationalCode = c.Name, c.NationalCode
		list[i].AssigneeName = names.StaffFullName(list[i].AssignedTo)
	}
	return nil
}

func (s *Service) ticket(ctx context.Context, q db.Querier, id int64) (*Ticket, error) {
	t, err := scanTicket(q.QueryRow(ctx, "SELECT "+ticketColumns+ticketFrom+" WHERE t.id = $1", id))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("support: read ticket %d: %w", id, err)
	}
	one := []Ticket{t}
	if err := withNames(ctx, q, one); err != nil {
		return nil, err
	}
	return &one[0], nil
}

// CustomerTickets lists a customer's tickets, newest first.
func (s *Service) CustomerTickets(ctx context.Context, customerID int64, offset, limit int) ([]Ticket, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM support_tickets WHERE customer_id = $1", customerID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("support: count tickets: %w", err)
	}
	list, err := db.All(ctx, s.db, scanTicket, "SELECT "+ticketColumns+ticketFrom+" WHERE t.customer_id = $1 ORDER BY t.id DESC LIMIT $2 OFFSET $3",
		customerID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("support: list tickets: %w", err)
	}
	if err := withNames(ctx, s.db, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// CustomerTicket returns one of the customer's tickets with the messages
// the customer may see; another customer's ticket is ErrNotFound.
func (s *Service) CustomerTicket(ctx context.Context, customerID, id int64) (*Ticket, []Message, error) {
	t, err := s.ticket(ctx, s.db, id)
	if err != nil {
		return nil, nil, err
	}
	if t.CustomerID != customerID {
		return nil, nil, ErrNotFound
	}
	msgs, err := s.thread(ctx, id, false)
	return t, msgs, err
}

// thread reads a ticket's messages, oldest first, with their attachments;
// internal entries only when staff ask.
func (s *Service) thread(ctx context.Context, ticketID int64, internal bool) ([]Message, error) {
	q := `SELECT m.id, m.ticket_id, m.kind, m.author_kind, m.author_id, m.body, m.created_at
		FROM support_messages m WHERE m.ticket_id = $1`
	if !internal {
		q += " AND m.kind = 'message'"
	}
	msgs, err := db.All(ctx, s.db, func(r db.Scanner) (Message, error) {
		var m Message
		err := r.Scan(&m.ID, &m.TicketID, &m.Kind, &m.AuthorKind, &m.AuthorID, &m.Body, &m.CreatedAt)
		return m, err
	}, q+" ORDER BY m.id", ticketID)
	if err != nil {
		return nil, fmt.Errorf("support: read thread %d: %w", ticketID, err)
	}
	var customers, staff []int64
	for _, m := range msgs {
		switch m.AuthorKind {
		case identity.KindStaff:
			staff = append(staff, m.AuthorID)
		case identity.KindCustomer:
			customers = append(customers, m.AuthorID)
		}
	}
	names, err := identity.NamesOf(ctx, s.db, customers, staff)
	if err != nil {
		return nil, fmt.Errorf("support: authors of thread %d: %w", ticketID, err)
	}
	for i, m := range msgs {
		switch m.AuthorKind {
		case identity.KindStaff:
			msgs[i].AuthorName = names.StaffFullName(m.AuthorID)
		case identity.KindCustomer:
			msgs[i].AuthorName = names.Customer(m.AuthorID).Name
		}
	}
	atts, err := db.All(ctx, s.db, func(r db.Scanner) (Attachment, error) {
		var a Attachment
		return a, r.Scan(&a.ID, &a.MessageID, &a.TicketID, &a.FileName, &a.ContentType, &a.Size)
	}, "SELECT id, message_id, ticket_id, file_name, content_type, size FROM support_attachments WHERE ticket_id = $1 ORDER BY id", ticketID)
	if err != nil {
		return nil, fmt.Errorf("support: read attachments of %d: %w", ticketID, err)
	}
	for i := range msgs {
		for _, a := range atts {
			if a.MessageID == msgs[i].ID {
				msgs[i].Attachments = append(msgs[i].Attachments, a)
			}
		}
	}
	return msgs, nil
}

// lockTicket reads a ticket inside tx, locked until the tx ends.
func lockTicket(ctx context.Context, tx *db.Tx, id int64) (status string, customerID, departmentID int64, err error) {
	err = tx.QueryRow(ctx, "SELECT status, customer_id, department_id FROM support_tickets WHERE id = $1"+db.ForUpdate(tx), id).
		Scan(&status, &customerID, &departmentID)
	if errors.Is(err, db.ErrNoRows) {
		return "", 0, 0, ErrNotFound
	}
	if err != nil {
		return "", 0, 0, fmt.Errorf("support: lock ticket %d: %w", id, err)
	}
	return status, customerID, departmentID, nil
}

// CustomerReply adds the customer's message to their ticket; the ticket
// waits for staff again.
func (s *Service) CustomerReply(ctx context.Context, customerID, ticketID int64, body string, files []Upload) error {
	body, err := checkBody(body)
	if err != nil {
		return err
	}
	if !persianText(body) {
		return ErrNotPersian
	}
	checked, err := s.checkUploads(files)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		status, owner, _, err := lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if owner != customerID {
			return ErrNotFound
		}
		if status == StatusClosed {
			return ErrClosed
		}
		msgID, err := addMessage(ctx, tx, ticketID, KindMessage, identity.KindCustomer, customerID, body, now)
		if err != nil {
			return err
		}
		if err := insertAttachments(ctx, tx, ticketID, msgID, checked, now); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE support_tickets SET status = $1, updated_at = $2 WHERE id = $3", StatusOpen, now, ticketID)
		return err
	})
}

// --- staff ---

// QueueFilter selects tickets in the staff queue. Zero fields select
// everything the staff member may see that is not closed.
type QueueFilter struct {
	DepartmentID int64
	Status       string        // a status, "all", or "" for every status but closed
	Priority     string        // "" for all
	OlderThan    time.Duration // opened at least this long ago
	NationalCode string        // the customer's
	OverdueOnly  bool
	Mine         bool // assigned to the asking staff member
	Offset       int
	Limit        int
}

// Queue lists the tickets of the staff member's departments (all for
// admins), oldest first.
func (s *Service) Queue(ctx context.Context, st *Staff, f QueueFilter) ([]Ticket, int, error) {
	now := s.now()
	var w db.Filter
	if !st.Admin() {
		w.Where("t.department_id IN (SELECT department_id FROM support_department_staff WHERE staff_id = ?)", st.ID)
	}
	if f.DepartmentID != 0 {
		w.Where("t.department_id = ?", f.DepartmentID)
	}
	switch {
	case f.Status == "all":
	case slices.Contains(Statuses, f.Status):
		w.Where("t.status = ?", f.Status)
	default:
		w.Where("t.status <> ?", StatusClosed)
	}
	if slices.Contains(Priorities, f.Priority) {
		w.Where("t.priority = ?", f.Priority)
	}
	if f.OlderThan > 0 {
		w.Where("t.created_at <= ?", now.Add(-f.OlderThan))
	}
	if f.NationalCode != "" {
		// Asked of identity first: the customer's ID, or 0 (no ticket).
		found, err := identity.CustomersByNationalCode(ctx, s.db, []string{f.NationalCode})
		if err != nil {
			return nil, 0, fmt.Errorf("support: queue by national code: %w", err)
		}
		w.Where("t.customer_id = ?", found[f.NationalCode])
	}
	if f.OverdueOnly {
		w.Where("t.status <> 'closed' AND ((t.first_answered_at IS NULL AND t.first_answer_due < ?) OR t.resolution_due < ?)", now, now)
	}
	if f.Mine {
		w.Where("t.assigned_to = ?", st.ID)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+ticketFrom+w.Clause(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("support: count queue: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	page, args := w.Page(f.Limit, f.Offset)
	q := "SELECT " + ticketColumns + ticketFrom + w.Clause() + " ORDER BY t.created_at, t.id" + page
	list, err := db.All(ctx, s.db, scanTicket, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("support: list queue: %w", err)
	}
	if err := withNames(ctx, s.db, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// StaffTicket returns a ticket of one of the staff member's departments;
// any other is ErrNotFound.
func (s *Service) StaffTicket(ctx context.Context, st *Staff, id int64) (*Ticket, error) {
	t, err := s.ticket(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !st.Serves(t.DepartmentID) {
		return nil, ErrNotFound
	}
	return t, nil
}

// StaffThread returns a ticket with its whole thread, internal notes and
// events included.
func (s *Service) StaffThread(ctx context.Context, st *Staff, id int64) (*Ticket, []Message, error) {
	t, err := s.StaffTicket(ctx, st, id)
	if err != nil {
		return nil, nil, err
	}
	msgs, err := s.thread(ctx, id, true)
	return t, msgs, err
}

// staffAction runs fn on a ticket the staff member may work on, inside a
// transaction holding the ticket's row.
func (s *Service) staffAction(ctx context.Context, st *Staff, id int64, fn func(tx *db.Tx, status string, customerID, departmentID int64) error) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		status, customerID, departmentID, err := lockTicket(ctx, tx, id)
		if err != nil {
			return err
		}
		if !st.Serves(departmentID) {
			return ErrNotFound
		}
		return fn(tx, status, customerID, departmentID)
	})
}

// Answer sends the customer a staff answer: the ticket shows as
// answered, is taken by the staff member when nobody had it, and an SMS
// telling the customer is queued in the same transaction.
func (s *Service) Answer(ctx context.Context, st *Staff, ticketID int64, body string, files []Upload) error {
	body, err := checkBody(body)
	if err != nil {
		return err
	}
	checked, err := s.checkUploads(files)
	if err != nil {
		return err
	}
	t, err := s.StaffTicket(ctx, st, ticketID)
	if err != nil {
		return err
	}
	cust, err := s.ids.Customer(ctx, t.CustomerID)
	if err != nil {
		return fmt.Errorf("support: customer of ticket %d: %w", ticketID, err)
	}
	now := s.now()
	return s.staffAction(ctx, st, ticketID, func(tx *db.Tx, status string, customerID, _ int64) error {
		if status == StatusClosed {
			return ErrClosed
		}
		msgID, err := addMessage(ctx, tx, ticketID, KindMessage, identity.KindStaff, st.ID, body, now)
		if err != nil {
			return err
		}
		if err := insertAttachments(ctx, tx, ticketID, msgID, checked, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE support_tickets SET status = $1, updated_at = $2,
			first_answered_at = COALESCE(first_answered_at, $3), assigned_to = COALESCE(assigned_to, $4) WHERE id = $5`,
			StatusAnswered, now, now, st.ID, ticketID); err != nil {
			return fmt.Errorf("support: mark ticket %d answered: %w", ticketID, err)
		}
		if cust.Mobile == "" {
			return nil
		}
		title := t.Title
		if utf8.RuneCountInString(title) > 40 {
			title = string([]rune(title)[:40]) + "…"
		}
		_, err = s.sms.Queue(ctx, tx, notify.Message{
			PersonID: customerID, RecipientName: cust.FullName(), To: cust.Mobile, Reason: AnswerReason,
			Text: msgAnswerSMS(fa.Digits(strconv.FormatInt(ticketID, 10)), title),
		})
		return err
	})
}

// AddNote adds an internal note the customer never sees.
func (s *Service) AddNote(ctx context.Context, st *Staff, ticketID int64, body string) error {
	body, err := checkBody(body)
	if err != nil {
		return err
	}
	now := s.now()
	return s.staffAction(ctx, st, ticketID, func(tx *db.Tx, _ string, _, _ int64) error {
		_, err := addMessage(ctx, tx, ticketID, KindNote, identity.KindStaff, st.ID, body, now)
		return err
	})
}

func (s *Service) event(ctx context.Context, tx *db.Tx, st *Staff, ticketID int64, text string, now time.Time) error {
	_, err := addMessage(ctx, tx, ticketID, KindEvent, identity.KindStaff, st.ID, text, now)
	return err
}

// Assign gives the ticket to a staff member of its department (or an
// admin); staffID may be the asking member's own.
func (s *Service) Assign(ctx context.Context, st *Staff, ticketID, staffID int64) error {
	m, err := s.ids.Staff(ctx, staffID)
	if err != nil || m.Disabled {
		return ErrAssignee
	}
	assignee, err := s.StaffFor(ctx, m)
	if err != nil {
		return err
	}
	now := s.now()
	return s.staffAction(ctx, st, ticketID, func(tx *db.Tx, _ string, _, departmentID int64) error {
		if !assignee.Serves(departmentID) {
			return ErrAssignee
		}
		if _, err := tx.Exec(ctx, "UPDATE support_tickets SET assigned_to = $1, updated_at = $2 WHERE id = $3", staffID, now, ticketID); err != nil {
			return fmt.Errorf("support: assign ticket %d: %w", ticketID, err)
		}
		return s.event(ctx, tx, st, ticketID, msgEventAssigned(m.FullName), now)
	})
}

// Move sends the ticket to another department; nobody there has it yet.
func (s *Service) Move(ctx context.Context, st *Staff, ticketID, departmentID int64) error {
	to, err := s.Department(ctx, departmentID)
	if err != nil {
		return ErrDepartment
	}
	now := s.now()
	return s.staffAction(ctx, st, ticketID, func(tx *db.Tx, _ string, _, from int64) error {
		if from == departmentID {
			return ErrSameDept
		}
		if _, err := tx.Exec(ctx, "UPDATE support_tickets SET department_id = $1, assigned_to = NULL, updated_at = $2 WHERE id = $3",
			departmentID, now, ticketID); err != nil {
			return fmt.Errorf("support: move ticket %d: %w", ticketID, err)
		}
		return s.event(ctx, tx, st, ticketID, msgEventMoved(to.Name), now)
	})
}

// Close closes the ticket.
func (s *Service) Close(ctx context.Context, st *Staff, ticketID int64) error {
	now := s.now()
	return s.staffAction(ctx, st, ticketID, func(tx *db.Tx, status string, _, _ int64) error {
		if status == StatusClosed {
			return ErrClosed
		}
		if _, err := tx.Exec(ctx, "UPDATE support_tickets SET status = $1, closed_at = $2, updated_at = $2 WHERE id = $3",
			StatusClosed, now, ticketID); err != nil {
			return fmt.Errorf("support: close ticket %d: %w", ticketID, err)
		}
		return s.event(ctx, tx, st, ticketID, msgEventClosed, now)
	})
}

// Reopen opens a closed ticket again, with a fresh resolution target.
func (s *Service) Reopen(ctx context.Context, st *Staff, ticketID int64) error {
	now := s.now()
	return s.staffAction(ctx, st, ticketID, func(tx *db.Tx, status string, _, _ int64) error {
		if status != StatusClosed {
			return ErrNotClosed
		}
		var priority string
		if err := tx.QueryRow(ctx, "SELECT priority FROM support_tickets WHERE id = $1", ticketID).Scan(&priority); err != nil {
			return fmt.Errorf("support: reopen ticket %d: %w", ticketID, err)
		}
		targets, err := s.targets(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE support_tickets SET status = $1, closed_at = NULL, updated_at = $2, resolution_due = $3 WHERE id = $4",
			StatusOpen, now, now.Add(targets[priority].Resolution), ticketID); err != nil {
			return fmt.Errorf("support: reopen ticket %d: %w", ticketID, err)
		}
		return s.event(ctx, tx, st, ticketID, msgEventReopened, now)
	})
}
