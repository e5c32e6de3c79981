package ss12000

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/roster"
	"github.com/pluttra/pluttra/internal/seal"
)

// SecretName is the installation key that seals the sources' tokens.
const SecretName = "ss12000"

// Syncer pulls organisations' SS 12000 sources and applies what they say,
// on demand from the admin page and on each source's schedule.
type Syncer struct {
	Store  pluttra.Store
	Now    func() time.Time
	Today  func() pluttra.Date
	Logger *slog.Logger
	// Client bounds and guards the requests; the zero value is
	// production's (https to public addresses, the default bounds).
	Client Options
}

// SealToken seals a source's token for storage.
func SealToken(ctx context.Context, st pluttra.SecretStore, token string) ([]byte, error) {
	key, err := st.Secret(ctx, SecretName)
	if err != nil {
		return nil, err
	}
	return seal.Seal(key, token)
}

// Plan reads the organisation's source and plans the import of children,
// guardians, placements, staff and roles as one change. With any bad
// record the error is an *Error listing them and there is no plan.
func (s *Syncer) Plan(ctx context.Context, orgID int64) (*pluttra.ImportPlan, error) {
	src, err := s.Store.SS12000Source(ctx, orgID)
	if err != nil {
		return nil, err
	}
	key, err := s.Store.Secret(ctx, SecretName)
	if err != nil {
		return nil, err
	}
	token, err := seal.Open(key, src.TokenSealed)
	if err != nil {
		return nil, &Error{Key: "ss12000.error.token", Err: err}
	}
	client, err := NewClient(src.URL, token, s.Client)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	snap, bad, err := client.Fetch(ctx, today)
	if err != nil {
		return nil, err
	}
	children, staff, badMap := Map(snap, today)
	if bad = append(bad, badMap...); len(bad) > 0 {
		return nil, recordsError(bad)
	}
	state, err := s.Store.RosterState(ctx, orgID, today)
	if err != nil {
		return nil, err
	}
	plan := roster.Plan(children, state, today)
	plan.Merge(roster.Plan(staff, state, today))
	return plan, nil
}

// Apply pulls, plans and applies in one transaction, and records how it
// went, failed or not. The returned run is what was recorded.
func (s *Syncer) Apply(ctx context.Context, orgID int64) (pluttra.SS12000Run, error) {
	run := pluttra.SS12000Run{At: s.Now()}
	plan, err := s.Plan(ctx, orgID)
	if err == nil {
		err = s.Store.ApplyImportPlan(ctx, orgID, plan)
	}
	if err != nil {
		run.Problem, run.Detail = problemOf(err)
		var se *Error
		if errors.As(err, &se) {
			run.Count = len(se.Records)
		}
	} else {
		run.OK, run.Count = true, plan.Size()
	}
	if rerr := s.Store.RecordSS12000Run(context.WithoutCancel(ctx), orgID, run); rerr != nil && err == nil {
		err = rerr
	}
	return run, err
}

// problemOf turns a failed pull into what the admin is shown: a key and
// where the problem lies.
func problemOf(err error) (key, detail string) {
	var se *Error
	if errors.As(err, &se) {
		return se.Key, se.Detail
	}
	if k := pluttra.ErrorKey(err); k != "" && pluttra.ErrorCode(err) != pluttra.EINTERNAL {
		return k, ""
	}
	return "ss12000.error.internal", ""
}

// scheduleActor is who the audit log names for a scheduled pull: no user,
// and a request id that says where the change came from.
var scheduleActor = pluttra.Actor{UserID: 0, RequestID: "ss12000-schedule"}

// RunDue runs every source whose schedule is due, claiming each first so
// that of several app nodes only one pulls it.
func (s *Syncer) RunDue(ctx context.Context) {
	due, err := s.Store.ClaimDueSS12000(ctx, s.Now())
	if err != nil {
		s.Logger.Error("ss12000: claiming due sources", "err", err)
		return
	}
	for _, src := range due {
		run, err := s.Apply(pluttra.WithActor(ctx, scheduleActor), src.OrgID)
		if err != nil {
			s.Logger.Warn("ss12000: scheduled pull failed", "org", src.OrgID, "problem", run.Problem, "detail", run.Detail)
			continue
		}
		s.Logger.Info("ss12000: scheduled pull applied", "org", src.OrgID, "changes", run.Count)
	}
}

// Loop checks for due sources every interval until ctx ends.
func (s *Syncer) Loop(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.RunDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
