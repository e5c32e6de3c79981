package web

import (
	"context"
	"slices"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// postNotices are the notices of a post about to be published: each
// guardian who may read it (as post.view decides for them) hears of it,
// about their own tagged children by name (post_child) or as a post from
// the department (post_department). Another family's child is never named.
// The store queues them in the transaction that publishes the post, with
// the link to it; the notice worker sends them, so a slow push service
// never holds up the educator who published.
func (s *Server) postNotices(ctx context.Context, orgID int64, p *pluttra.Post, author string) ([]*pluttra.Notice, error) {
	readers, err := s.deps.Policy.GuardianReaders(ctx, orgID, p)
	if err != nil || len(readers) == 0 {
		return nil, err
	}
	dept, err := s.deps.Store.Department(ctx, orgID, p.DepartmentID)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	// One notice per distinct set of own children named; most families
	// share the department post's.
	groups := map[string]*pluttra.Notice{}
	var notices []*pluttra.Notice
	for _, r := range readers {
		var own []string
		for _, c := range r.OwnTagged {
			if _, ok := names[c]; !ok {
				child, err := s.deps.Store.Child(ctx, orgID, c)
				if err != nil {
					return nil, err
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
				Args: map[string]string{"Department": dept.Name, "Author": author}}
			if key != "" {
				n.Category, n.Key = pluttra.NoticePostChild, "notice.post_child"
				n.Args["Child"] = key
			}
			groups[key] = n
			notices = append(notices, n)
		}
		n.Recipients = append(n.Recipients, r.User.ID)
	}
	return notices, nil
}

// notify queues a notice and wakes this node's notice worker; the request
// only writes rows, so a slow push service never holds it up.
func (s *Server) notify(ctx context.Context, orgID int64, n *pluttra.Notice) error {
	if err := s.deps.Store.QueueNotice(ctx, orgID, n); err != nil {
		return err
	}
	s.wakeNotices()
	return nil
}

// wakeNotices tells this node's notice worker that notices were written,
// by notify or in a change's own transaction.
func (s *Server) wakeNotices() {
	if s.deps.WakeNotices != nil {
		s.deps.WakeNotices()
	}
}
