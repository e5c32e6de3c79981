package testrig

import (
	"sort"

	"github.com/pluttra/pluttra/internal/access"
)

// Cell is one principal x resource x action of the golden matrix.
type Cell struct {
	Principal string
	Resource  string // "kind:name", e.g. "child:Alva"; "self" for the user's own
	Kind      access.Kind
	ID        int64
	Action    access.Action
}

// Cells lists every cell of the matrix over the world, in a stable order.
func Cells(w *World) []Cell {
	type res struct {
		name string
		kind access.Kind
		id   int64
	}
	resources := []res{{"self", access.KindSelf, 0},
		{"organisation:" + w.OrgA.Slug, access.KindOrganisation, w.OrgA.ID},
		{"organisation:" + w.OrgB.Slug, access.KindOrganisation, w.OrgB.ID}}
	add := func(kind access.Kind, m map[string]int64) {
		var names []string
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			resources = append(resources, res{string(kind) + ":" + n, kind, m[n]})
		}
	}
	add(access.KindUnit, w.Units)
	add(access.KindDepartment, w.Depts)
	add(access.KindChild, w.Children)
	add(access.KindPost, w.Posts)
	add(access.KindMedia, w.Media)
	add(access.KindComment, w.Comments)
	add(access.KindMessage, w.Messages)
	add(access.KindConversation, w.Conversations)
	add(access.KindEvent, w.Events)
	add(access.KindTalk, w.Talks)

	var actions []access.Action
	for a := range access.Actions {
		actions = append(actions, a)
	}
	sort.Slice(actions, func(i, j int) bool { return actions[i] < actions[j] })

	var cells []Cell
	for _, p := range w.Principal {
		for _, r := range resources {
			for _, a := range actions {
				if access.Actions[a] == r.kind {
					cells = append(cells, Cell{Principal: p, Resource: r.name, Kind: r.kind, ID: r.id, Action: a})
				}
			}
		}
	}
	return cells
}
