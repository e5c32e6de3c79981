package demo

import "github.com/pluttra/pluttra/internal/pluttra"

// communication gives each department what a week of contact with home
// holds: an important message the families are asked to confirm, a
// conversation between the first child's guardians and the staff, and a
// sick report for today.
func (sd *seeder) communication(orgID int64, d *pluttra.Department, educator *pluttra.User, children []int64) {
	if sd.err != nil || educator == nil || len(children) == 0 {
		return
	}
	m := &pluttra.Message{SenderID: educator.ID, Scope: pluttra.ScopeDepartment, DepartmentID: d.ID, RequiresAck: true,
		Title: "Planeringsdag fredag", Body: "På fredag har vi planeringsdag och förskolan är stängd. Bekräfta gärna att du har sett det."}
	sd.do(func() error { return sd.s.SendMessage(sd.ctx, orgID, m, sd.today, nil) })
	facts, err := sd.s.ChildFacts(sd.ctx, orgID, children[0], sd.today)
	if err != nil {
		sd.err = err
		return
	}
	if len(facts.GuardianIDs) == 0 {
		return
	}
	c := &pluttra.Conversation{ChildID: children[0], DepartmentID: d.ID, Subject: "Hämtning på torsdag",
		StartedBy: facts.GuardianIDs[0], Guardians: facts.GuardianIDs[:1]}
	sd.do(func() error {
		return sd.s.StartConversation(sd.ctx, orgID, c, "Hej! Mormor hämtar på torsdag vid tre.", sd.today, nil)
	})
	sd.do(func() error {
		return sd.s.AddConversationEntry(sd.ctx, orgID, &pluttra.ConversationEntry{ConversationID: c.ID, AuthorID: educator.ID,
			Body: "Tack, vi har skrivit upp det."}, sd.today, nil)
	})
	if len(children) > 1 {
		g, err := sd.s.ChildFacts(sd.ctx, orgID, children[1], sd.today)
		if err != nil || len(g.GuardianIDs) == 0 {
			sd.err = err
			return
		}
		sd.do(func() error {
			return sd.s.ReportAbsence(sd.ctx, orgID, &pluttra.Absence{ChildID: children[1], ReportedBy: g.GuardianIDs[0],
				Kind: pluttra.AbsenceSick, From: sd.today, To: sd.today, Note: "Feber sedan i natt."})
		})
	}
}
