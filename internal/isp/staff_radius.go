package isp

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// ErrNoRadius: «قطع اتصال» needs the RADIUS server, which is off.
var ErrNoRadius = fa.Refusal("isp", "no_radius", msgNoRadius)

// errSessionClosed is the Persian word for ErrNoSession.
var errSessionClosed = fa.Refusal("isp", "session_closed", msgSessionClosed)

// DisconnectSession sends a Disconnect-Request for one open session of
// the line through the running RADIUS server (the staff's «قطع اتصال»).
func (s *Service) DisconnectSession(ctx context.Context, subscriberID, usageID int64) (NASResult, error) {
	r := s.nas.Load()
	if r == nil {
		return NASResult{}, ErrNoRadius
	}
	res, err := r.Disconnect(ctx, subscriberID, usageID)
	if errors.Is(err, ErrNoSession) {
		return res, errSessionClosed
	}
	return res, err
}

// radiusDesk is the line desk's RADIUS box: open sessions, each with
// «قطع اتصال», and the latest Disconnect/CoA requests with their answers.
type radiusDesk struct {
	Sessions []OpenSession
	Requests []nasRequestRow
}

type nasRequestRow struct {
	NASResult
	KindName, ReasonName, ResultName string
}

func (p *Pages) radiusDesk(ctx context.Context, subscriberID int64) (radiusDesk, error) {
	var d radiusDesk
	var err1, err2 error
	d.Sessions, err1 = p.svc.OpenSessions(ctx, subscriberID)
	reqs, err2 := p.svc.NASRequests(ctx, subscriberID, 20)
	for _, r := range reqs {
		row := nasRequestRow{NASResult: r, KindName: nasKindNames[r.Kind], ReasonName: NASReasonNames[r.Reason], ResultName: nasResultNames[r.Result]}
		if r.ErrorCause != 0 {
			row.ResultName += " — Error-Cause " + fa.Digits(strconv.Itoa(r.ErrorCause))
		}
		d.Requests = append(d.Requests, row)
	}
	return d, errors.Join(err1, err2)
}

// staffDisconnect is «قطع اتصال»: the answer of the NAS is shown as it
// came.
func (p *Pages) staffDisconnect(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id, usage := web.PathID(r, "id"), web.PathID(r, "usage")
	if id == 0 || usage == 0 || !p.web.ParseForm(w, r) {
		p.web.NotFound(w, r)
		return
	}
	back := "/staff/isp/subscribers/" + strconv.FormatInt(id, 10)
	res, err := p.svc.DisconnectSession(r.Context(), id, usage)
	if msg, known := fa.UserMessage(err); known {
		p.web.SetFlash(w, "error", msg)
		web.Redirect(w, r, back)
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	if err := p.svc.db.InTx(r.Context(), p.audit(r, m, "isp_disconnect", id, strconv.FormatInt(usage, 10)+" "+res.Result)); err != nil {
		p.svc.log.Warn("audit disconnect", "err", err)
	}
	switch res.Result {
	case "ack":
		p.web.SetFlash(w, "success", msgNASAck)
	case "nak":
		p.web.SetFlash(w, "error", msgNASRefused(res.ErrorCause))
	default:
		p.web.SetFlash(w, "error", msgNASNoAnswer)
	}
	web.Redirect(w, r, back)
}

// DownloadMB and OverageMB are the desk's cells, in the usage table's
// unit.
func (o OpenSession) DownloadMB() string { return MBs(o.Download) }
func (o OpenSession) OverageMB() string  { return MBs(o.Overage) }

// staffPlanSessions sets a service plan's simultaneous-use limit (admin).
func (p *Pages) staffPlanSessions(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	id := web.PathID(r, "id")
	if id == 0 || !p.web.ParseForm(w, r) {
		p.web.NotFound(w, r)
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(fa.LatinDigits(r.PostForm.Get("sessions"))))
	if err != nil {
		n = 0 // refused below with the range
	}
	err = p.svc.setPlanSessions(r.Context(), id, n, func(tx *db.Tx) error {
		return p.ids.Audit(r.Context(), tx, identity.AuditRecord{ActorKind: "staff", ActorID: m.ID, Action: "isp_plan_sessions", TargetKind: "isp_plan", TargetID: id, Detail: strconv.Itoa(n)})
	})
	if msg, known := fa.UserMessage(err); known {
		p.web.SetFlash(w, "error", msg)
		web.Redirect(w, r, "/staff/isp/plans")
		return
	}
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	p.web.SetFlash(w, "success", msgPlanSessionsSet)
	web.Redirect(w, r, "/staff/isp/plans")
}
