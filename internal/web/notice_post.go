package web

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// tellPostReaders writes the notices of a newly published post: each
// guardian who may read it (as post.view decides for them) hears of it,
// about their own tagged children by name (post_child) or as a post from
// the department (post_department). Another family's child is never named.
// Only rows are written here; the notice worker sends them, so a slow push
// service never holds up the educator who published.
func (s *Server) tellPostReaders(ctx context.Context, orgID int64, p *pluttra.Post, author string) error {
	readers, err := s.deps.Policy.GuardianReaders(ctx, orgID, p.ID)
	if err != nil || len(readers) == 0 {
		return err
	}
	dept, err := s.deps.Store.Department(ctx, orgID, p.DepartmentID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	// One notice per distinct set of own children named; most families
	// share the department post's.
	groups := map[string]*pluttra.Notice{}
	var order []string
	for _, r := range readers {
		var own []string
		for _, c := range r.OwnTagged {
			if _, ok := names[c]; !ok {
				child, err := s.deps.Store.Child(ctx, orgID, c)
				if err != nil {
					return err
				}
				names[c] = child.FirstName
			}
			own = append(own, names[c])
		}
		slices.Sort(own)
		key := strings.Join(own, " & ")
		n, ok := groups[key]
		if !ok {
			n = &pluttra.Notice{Category: pluttra.NoticePostDepartment, Key: "notice.post_department",
				Args: map[string]string{"Department": dept.Name, "Author": author}, Link: "/posts/" + strconv.FormatInt(p.ID, 10)}
			if key != "" {
				n.Category, n.Key = pluttra.NoticePostChild, "notice.post_child"
				n.Args["Child"] = key
			}
			groups[key] = n
			order = append(order, key)
		}
		n.Recipients = append(n.Recipients, r.User.ID)
	}
	for _, k := range order {
		if err := s.deps.Store.QueueNotice(ctx, orgID, groups[k]); err != nil {
			return err
		}
	}
	if s.deps.WakeNotices != nil {
		s.deps.WakeNotices()
	}
	return nil
}

// notify queues a notice and wakes this node's notice worker; the request
// only writes rows, so a slow push service never holds it up.
func (s *Server) notify(ctx context.Context, orgID int64, n *pluttra.Notice) error {
	if err := s.deps.Store.QueueNotice(ctx, orgID, n); err != nil {
		return err
	}
	if s.deps.WakeNotices != nil {
		s.deps.WakeNotices()
	}
	return nil
}
