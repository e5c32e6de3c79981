package demo

import "github.com/pluttra/pluttra/internal/pluttra"

// documentation gives each department a week of posts: the department's
// work for every family, one about a single child for that child's
// guardians, and one tagging a child whose guardians all share photos,
// so the demo shows each audience and the consent rules at work.
func (sd *seeder) documentation(orgID int64, d *pluttra.Department, author *pluttra.User, children []int64) {
	if sd.err != nil || author == nil || len(children) == 0 {
		return
	}
	levels, err := sd.s.ConsentLevels(sd.ctx, orgID, children, sd.today)
	if err != nil {
		sd.err = err
		return
	}
	shared := int64(0)
	for _, c := range children {
		if levels[c] == pluttra.ConsentShared {
			shared = c
			break
		}
	}
	posts := []*pluttra.Post{
		{Audience: pluttra.AudienceDepartment, Body: "Den här veckan har vi utforskat löven på gården. Barnen sorterade dem efter färg och form och räknade hur många gula de hittade.",
			Reflection: "Matematik i vardagen: sortering och antal blev begripligt när barnen själva valde kategorierna.", ReflectionVisibility: pluttra.ReflectionGuardians,
			Areas: []pluttra.CurriculumArea{"care_learning", "participation"}},
		{Audience: pluttra.AudienceChildren, Children: []int64{children[0]}, Body: "Idag byggde vi ett högt torn av klossar tillsammans och pratade om vad som gör det stabilt.",
			Reflection: "Visar uthållighet och tar egna initiativ.", ReflectionVisibility: pluttra.ReflectionStaff, Areas: []pluttra.CurriculumArea{"care_learning"}},
	}
	if shared != 0 {
		posts = append(posts, &pluttra.Post{Audience: pluttra.AudienceDepartment, Children: []int64{shared},
			Body: "Utflykt till skogen: vi letade efter spår och lyssnade på fåglarna.", Areas: []pluttra.CurriculumArea{"norms_values"}})
	}
	for _, p := range posts {
		p.DepartmentID, p.AuthorID, p.Status, p.PublishedOn = d.ID, author.ID, pluttra.PostPublished, sd.today
		sd.do(func() error { return sd.s.SavePost(sd.ctx, orgID, p, nil) })
	}
}
