package web

import (
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/csvsafe"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// exportPage is how many entries are read from the store at a time.
const exportPage = 1000

// orgAccessLogCSV streams the whole organisation's access log as CSV, for
// the admin to keep or hand over. It pages through the store so memory
// stays flat however long the log is.
func (s *Server) orgAccessLogCSV(req *request) error {
	ctx := req.R.Context()
	entries, err := s.deps.Store.AccessLog(ctx, req.P.OrgID(), pluttra.AccessQuery{Limit: exportPage})
	if err != nil {
		return err
	}
	h := req.W.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="access-log.csv"`)
	h.Set("Cache-Control", "no-store")
	w := csvsafe.NewWriter(req.W) // names users typed must not run as formulas
	w.Write([]string{"time", "user_id", "user", "child_id", "child", "action", "request_id"})
	names := newNameCache(s, req)
	for len(entries) > 0 {
		for _, e := range entries {
			user, err := names.user(e.UserID)
			if err != nil {
				return err
			}
			child, err := names.child(e.ChildID)
			if err != nil {
				return err
			}
			w.Write([]string{e.At.UTC().Format(time.RFC3339), strconv.FormatInt(e.UserID, 10), user,
				strconv.FormatInt(e.ChildID, 10), child, e.Action, e.RequestID})
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil // the client went away; nothing more to tell it
		}
		last := entries[len(entries)-1].ID
		if entries, err = s.deps.Store.AccessLog(ctx, req.P.OrgID(), pluttra.AccessQuery{Limit: exportPage, BeforeID: last}); err != nil {
			return err
		}
	}
	return nil
}
