package web

import (
	"slices"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// recordAccess writes the access log entries of a page that is about to be
// sent: once the page has rendered, and before a byte of it leaves, so a
// child's data is never shown without the entry, and a failed page leaves
// none. A page is a read, so it is recorded as the read it is
// (access.LoggedAs): a form or confirmation leading to an act never
// claims the act, which the store records when it is done. A read
// recorded within accessCoalesce is not written again.
func (s *Server) recordAccess(req *request) error {
	if len(req.shown) == 0 || !req.P.LoggedIn() || req.action == "" {
		return nil
	}
	ids := slices.Clone(req.shown)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	now := s.deps.Now()
	action := string(access.LoggedAs(req.action))
	entries := make([]pluttra.AccessEntry, len(ids))
	for i, id := range ids {
		entries[i] = pluttra.AccessEntry{At: now, UserID: req.P.User.ID, ChildID: id,
			Action: action, RequestID: requestID(req.R.Context())}
	}
	org := req.P.OrgID()
	if entries = s.recentAccess.unrecorded(org, now, entries); len(entries) == 0 {
		return nil
	}
	if err := s.deps.Store.AppendAccess(req.R.Context(), org, entries); err != nil {
		return err
	}
	s.recentAccess.recorded(org, now, entries)
	return nil
}
