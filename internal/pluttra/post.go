package pluttra

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Audience is who a post is for.
type Audience string

// The audiences.
const (
	// AudienceDepartment: the department's staff and the guardians of the
	// children placed in it when the post was published.
	AudienceDepartment Audience = "department"
	// AudienceChildren: staff and the guardians of the tagged children only.
	AudienceChildren Audience = "children"
)

// PostStatus is where a post is in its life.
type PostStatus string

// The statuses; a deleted post is gone for everyone but the audit log.
const (
	PostDraft     PostStatus = "draft"
	PostPublished PostStatus = "published"
)

// ReflectionVisibility says who reads the educators' pedagogical reflection.
type ReflectionVisibility string

// The reflection's readers.
const (
	ReflectionStaff     ReflectionVisibility = "staff"
	ReflectionGuardians ReflectionVisibility = "guardians"
)

// CurriculumArea is one of the areas of chapter 2 of the preschool
// curriculum (Lpfö 18).
type CurriculumArea string

// CurriculumAreas are the areas in the curriculum's order; each has a name
// in every language (area.<key>).
var CurriculumAreas = []CurriculumArea{
	"norms_values",   // 2.1 Normer och värden
	"care_learning",  // 2.2 Omsorg, utveckling och lärande
	"participation",  // 2.3 Barns delaktighet och inflytande
	"preschool_home", // 2.4 Förskola och hem
	"transition",     // 2.5 Övergång och samverkan
	"evaluation",     // 2.6 Uppföljning, utvärdering och utveckling
}

// Valid reports whether a is one of the curriculum's areas.
func (a CurriculumArea) Valid() bool {
	for _, x := range CurriculumAreas {
		if x == a {
			return true
		}
	}
	return false
}

// Post is documentation: text about the department's work or about tagged
// children, with curriculum areas and an optional reflection.
type Post struct {
	ID                   int64
	OrgID                int64
	DepartmentID         int64
	AuthorID             int64
	Audience             Audience
	Status               PostStatus
	Body                 string
	Reflection           string
	ReflectionVisibility ReflectionVisibility
	Children             []int64 // tagged children
	Areas                []CurriculumArea
	// Media are the post's photos, videos and recordings in their order,
	// by id; saving attaches them and drops those no longer listed.
	Media       []int64
	CreatedAt   time.Time
	PublishedAt time.Time // zero for a draft
	PublishedOn Date      // the day in Stockholm it was published
	EditedAt    time.Time // zero until edited after publishing
}

// Limits on what a post holds.
const (
	MaxPostBody       = 20000
	MaxPostReflection = 10000
	MaxPostChildren   = 40
)

// Validate checks a post as the composer submits it.
func (p *Post) Validate() error {
	p.Body = strings.TrimSpace(p.Body)
	p.Reflection = strings.TrimSpace(p.Reflection)
	switch {
	case p.Body == "":
		return Invalid("body", "error.required")
	case utf8.RuneCountInString(p.Body) > MaxPostBody:
		return Invalid("body", "post.error.too_long")
	case utf8.RuneCountInString(p.Reflection) > MaxPostReflection:
		return Invalid("reflection", "post.error.too_long")
	case p.Audience != AudienceDepartment && p.Audience != AudienceChildren:
		return Invalid("audience", "error.invalid")
	case p.Audience == AudienceChildren && len(p.Children) == 0:
		return Invalid("children", "post.error.no_children")
	case len(p.Children) > MaxPostChildren:
		return Invalid("children", "post.error.too_many_children")
	case len(p.Media) > MaxPostMedia:
		return Invalid("media", "post.error.too_many_media")
	case p.Status != PostDraft && p.Status != PostPublished:
		return Invalid("status", "error.invalid")
	}
	if p.ReflectionVisibility == "" {
		p.ReflectionVisibility = ReflectionStaff
	}
	if p.ReflectionVisibility != ReflectionStaff && p.ReflectionVisibility != ReflectionGuardians {
		return Invalid("reflection_visibility", "error.invalid")
	}
	for _, a := range p.Areas {
		if !a.Valid() {
			return Invalid("areas", "error.invalid")
		}
	}
	return nil
}

// PostFacts is what the access policy needs about a post on a given day.
type PostFacts struct {
	PostID       int64
	DepartmentID int64
	UnitID       int64
	AuthorID     int64
	Audience     Audience
	Draft        bool
	Tagged       []int64
	// PlacedAtPublish are the children placed in the department on the
	// day the post was published: their guardians see a department post.
	PlacedAtPublish []int64
	// Restricted are the tagged children who may not, today, appear in
	// what other families see (consent below shared, or protected
	// identity); the post stops reaching other families at once.
	Restricted []int64
}

// PostPage narrows and pages a list of posts: a department, a child, an
// area, and the cursor of the last post already shown.
type PostPage struct {
	DepartmentID int64
	ChildID      int64
	Area         CurriculumArea
	Before       PostCursor
	After        time.Time // published strictly after, when set
	Limit        int
}

// PostCursor is a position in a feed: the publishing time and id of the
// last post shown. Posts published later never shift the pages after it.
type PostCursor struct {
	At time.Time
	ID int64
}
