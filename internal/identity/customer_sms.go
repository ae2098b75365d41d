package identity

import (
	"context"

	"pishkhan/internal/db"
	"pishkhan/internal/notify"
)

// SMSCustomer queues an SMS to the customer's mobile in tx (so that it
// goes only if the work it belongs to is committed). sensitive hides the
// text from the staff SMS log. ErrNoMobile when there is no number.
func (s *Service) SMSCustomer(ctx context.Context, tx *db.Tx, customerID int64, reason, text string, sensitive bool) error {
	c, err := getCustomer(ctx, tx, customerID)
	if err != nil {
		return err
	}
	if c.Mobile == "" {
		return ErrNoMobile
	}
	_, err = s.sms.Queue(ctx, tx, notify.Message{PersonID: c.ID, RecipientName: c.FullName(), To: c.Mobile,
		Reason: reason, Text: text, Sensitive: sensitive})
	return err
}
