package access

import (
	"context"
	"slices"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// PostReader is a guardian who may read a published post, with those of
// their own children the post tags: a notice about it names those and no
// others.
type PostReader struct {
	User      *pluttra.User
	OwnTagged []int64
}

// GuardianReaders lists the guardians who may view the post today, as
// post.view decides for each of them: the guardians of its tagged
// children and, for a department post, of the children placed in the
// department when it was published, less any the rules keep it from
// (consent, protected identity, audience, an ended guardianship). The
// post is taken as post describes it, saved or not, so that the readers
// of a post about to be published are known before the transaction that
// publishes it and tells them.
func (p *Policy) GuardianReaders(ctx context.Context, orgID int64, post *pluttra.Post) ([]PostReader, error) {
	facts, err := p.facts.PostFactsOf(ctx, orgID, post, p.Today())
	if err != nil {
		return nil, err
	}
	children := slices.Clone(facts.Tagged)
	if facts.Audience == pluttra.AudienceDepartment {
		children = append(children, facts.PlacedAtPublish...)
	}
	slices.Sort(children)
	children = slices.Compact(children)
	var guardians []int64
	for _, c := range children {
		cf, err := p.facts.ChildFacts(ctx, orgID, c, p.Today())
		if err != nil {
			return nil, err
		}
		guardians = append(guardians, cf.GuardianIDs...)
	}
	slices.Sort(guardians)
	guardians = slices.Compact(guardians)
	var out []PostReader
	for _, g := range guardians {
		u, err := p.facts.User(ctx, orgID, g)
		if err != nil {
			return nil, err
		}
		pr, err := p.Principal(ctx, u)
		if err != nil {
			return nil, err
		}
		if !pr.Is(pluttra.KindGuardian) || Decide(pr, ViewPost, Target{OrgID: orgID, Post: facts}) != Allow {
			continue
		}
		r := PostReader{User: u}
		for _, c := range facts.Tagged {
			if pluttra.Contains(pr.Facts.GuardianChildren, c) {
				r.OwnTagged = append(r.OwnTagged, c)
			}
		}
		out = append(out, r)
	}
	return out, nil
}
