package otp

import "time"

// UsePhoneClock sets the clock authenticator codes are checked against:
// an app computes its code from the phone's own time, so when the rules
// run on another clock (the demo's, started in the past or moved forward)
// the codes must still be checked against real time. Call it at start-up.
func (s *Service) UsePhoneClock(now func() time.Time) { s.phoneNow = now }

// phoneTime is the time an authenticator app shows its code for.
func (s *Service) phoneTime() time.Time {
	if s.phoneNow != nil {
		return s.phoneNow()
	}
	return s.now()
}
