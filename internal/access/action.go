// Package access is the one place that answers "may this user do this to
// that". Handlers never decide on their own: every route names its action,
// and list queries take their filter from here. The golden matrix in
// testdata/matrix.csv is the exact form of the rules in docs/design.md.
package access

// Action is something a user does to a resource.
type Action string

// Kind is the kind of resource an action applies to; it says which facts
// the policy needs and which path value names the resource.
type Kind string

// Resource kinds.
const (
	KindSelf         Kind = "self"         // the user's own account and start page
	KindOrganisation Kind = "organisation" // the user's own organisation
	KindUnit         Kind = "unit"
	KindDepartment   Kind = "department"
	KindChild        Kind = "child"
	KindPost         Kind = "post"
	KindMedia        Kind = "media"
	KindComment      Kind = "comment"
	KindMessage      Kind = "message"      // an important message
	KindConversation Kind = "conversation" // a thread between a child's family and staff
	KindEvent        Kind = "event"        // a calendar event
	KindTalk         Kind = "talk"         // a development talk's time, free or booked
)

// The actions. Each new route either names one of these or is declared
// public with a reason; a test fails otherwise.
const (
	ViewStart          Action = "start.view"
	ChangePassword     Action = "settings.password"
	ViewStructure      Action = "organisation.structure"
	ViewUnit           Action = "unit.view"
	ViewDepartment     Action = "department.view"
	ListDepartmentKids Action = "department.children"
	ViewChild          Action = "child.view"
	ViewChildAccessLog Action = "child.accesslog"
	ViewOrgAccessLog   Action = "organisation.accesslog"

	// The administration actions: the org admin everywhere, a principal
	// within their own units.
	ManageOrganisation Action = "organisation.manage"
	ViewOutbox         Action = "organisation.outbox"
	SendOutbox         Action = "organisation.outbox_send" // make the waiting mail due now
	ImportRoster       Action = "organisation.import"
	ManageUnit         Action = "unit.manage"
	ManageDepartment   Action = "department.manage"
	ManageChild        Action = "child.manage"

	// Inviting guardians: the child's and the department's staff, the
	// principal and the admin.
	InviteGuardian  Action = "child.invite"
	InviteGuardians Action = "department.invite"

	// Documentation (docs/design.md sections 2 and 3). The org admin keeps the
	// structure but never reads documentation.
	ViewFeed      Action = "feed.view"       // the guardian's own feed
	ViewPost      Action = "post.view"       // one post
	EditPost      Action = "post.edit"       // edit or delete: its author, or the unit's principal
	WritePost     Action = "department.post" // write documentation in a department
	ViewDeptFeed  Action = "department.feed" // the department's documentation, for its staff
	ViewPortfolio Action = "child.portfolio" // everything documented about one child

	// Media follows its post; before a post takes it, it is its uploader's.
	ViewMedia   Action = "media.view"   // a photo, video or recording, through a signed URL
	UploadMedia Action = "media.upload" // continue or cancel one's own resumable upload

	// Photo consent (docs/design.md section 3): each guardian answers for their
	// child; staff see the levels on the quick reference list and review
	// posts that a lowered consent no longer allows.
	AnswerConsent Action = "child.consent"       // a guardian gives or changes their answer
	ViewConsents  Action = "department.consents" // the quick reference list
	ReviewPosts   Action = "department.review"   // posts to review after consent dropped

	// Comments and hearts (docs/design.md section 2): readers of a post comment
	// and give hearts; staff hide comments, authors delete their own.
	CommentOnPost Action = "post.comment"
	HeartPost     Action = "post.heart"
	HideComment   Action = "comment.hide"
	DeleteComment Action = "comment.delete"

	// Absence (frånvaroanmälan): a child's guardians report it, and so
	// may the staff who see the child (a call in the morning); the
	// department's staff see the day's list. Whether a child is sick is
	// not for the org admin.
	ReportAbsence Action = "child.absence"
	ViewAbsences  Action = "department.absences"

	// Important messages (viktiga meddelanden): staff send to their
	// department's guardians, a principal to the whole unit; recipients
	// read and acknowledge, and staff who see the message see who has and
	// remind the others. The org admin reads none of it.
	ViewInbox       Action = "inbox.view" // the user's own messages and conversations
	SendMessage     Action = "department.message"
	SendUnitMessage Action = "unit.message"
	ViewMessage     Action = "message.view"
	AckMessage      Action = "message.ack"
	ViewReceipts    Action = "message.receipts"

	// Conversations: a child's guardians and the staff who see the child
	// start them; the guardians taking part and every current educator of
	// the department read and answer.
	StartConversation Action = "child.conversation"
	ViewConversation  Action = "conversation.view"
	ReplyConversation Action = "conversation.reply"
	// Notices (notifications): every user chooses how they hear of
	// things, their quiet hours, and turns push on or off on their own
	// devices. Nothing of anyone else's.
	ManageNotices Action = "settings.notifications"
	ManagePush    Action = "push.subscribe"
	// The calendar (docs/design.md section 2): staff and guardians see the
	// events of their departments and units in their own calendar and
	// subscribe to it; a department's staff (its educators, the unit's
	// principal) keep its calendar, the principal the unit's own.
	ViewCalendar       Action = "calendar.view"         // the user's own calendar
	ManageSubscription Action = "calendar.subscription" // the user's own feed address
	ManageDeptCalendar Action = "department.calendar"   // list and add a department's events
	ManageUnitCalendar Action = "unit.calendar"         // list and add a unit's own events
	ViewEvent          Action = "event.view"            // one event, and its .ics download
	ManageEvent        Action = "event.manage"          // edit or cancel an event or one occurrence

	// Development talks (utvecklingssamtal): a department's staff offer
	// times and write the summaries; a child's guardians (and the staff
	// who see the child, for a family that phones) book and cancel; the
	// family prepares. A booked talk is seen by the department's staff
	// and the child's guardians, nobody else.
	ManageTalks Action = "department.talks" // a department's rounds and times
	ChildTalks  Action = "child.talks"      // a child's talks: book one
	ViewTalk    Action = "talk.view"        // one time, its answers and summary, its .ics
	CancelTalk  Action = "talk.cancel"      // free a booked time before it begins
	PrepareTalk Action = "talk.prepare"     // the family answers the questions
	ManageTalk  Action = "talk.manage"      // remove a free time, write and share the summary

	// ListenLive streams "something new" to the user's open pages; every
	// event is checked against the policy before it is sent.
	ListenLive Action = "live.listen"
)

// Actions lists every action with the kind of resource it applies to.
var Actions = map[Action]Kind{
	ViewStart:          KindSelf,
	ChangePassword:     KindSelf,
	ViewStructure:      KindOrganisation,
	ViewUnit:           KindUnit,
	ViewDepartment:     KindDepartment,
	ListDepartmentKids: KindDepartment,
	ViewChild:          KindChild,
	ViewChildAccessLog: KindChild,
	ViewOrgAccessLog:   KindOrganisation,
	ManageOrganisation: KindOrganisation,
	ViewOutbox:         KindOrganisation,
	SendOutbox:         KindOrganisation,
	ImportRoster:       KindOrganisation,
	ManageUnit:         KindUnit,
	ManageDepartment:   KindDepartment,
	ManageChild:        KindChild,
	InviteGuardian:     KindChild,
	InviteGuardians:    KindDepartment,
	ViewFeed:           KindSelf,
	ViewPost:           KindPost,
	EditPost:           KindPost,
	WritePost:          KindDepartment,
	ViewDeptFeed:       KindDepartment,
	ViewPortfolio:      KindChild,
	ViewMedia:          KindMedia,
	UploadMedia:        KindMedia,
	AnswerConsent:      KindChild,
	ViewConsents:       KindDepartment,
	ReviewPosts:        KindDepartment,
	ListenLive:         KindSelf,
	CommentOnPost:      KindPost,
	HeartPost:          KindPost,
	HideComment:        KindComment,
	DeleteComment:      KindComment,
	ReportAbsence:      KindChild,
	ViewAbsences:       KindDepartment,
	ViewInbox:          KindSelf,
	SendMessage:        KindDepartment,
	SendUnitMessage:    KindUnit,
	ViewMessage:        KindMessage,
	AckMessage:         KindMessage,
	ViewReceipts:       KindMessage,
	StartConversation:  KindChild,
	ViewConversation:   KindConversation,
	ReplyConversation:  KindConversation,
	ManageNotices:      KindSelf,
	ManagePush:         KindSelf,
	ViewCalendar:       KindSelf,
	ManageSubscription: KindSelf,
	ManageDeptCalendar: KindDepartment,
	ManageUnitCalendar: KindUnit,
	ViewEvent:          KindEvent,
	ManageEvent:        KindEvent,
	ManageTalks:        KindDepartment,
	ChildTalks:         KindChild,
	ViewTalk:           KindTalk,
	CancelTalk:         KindTalk,
	PrepareTalk:        KindTalk,
	ManageTalk:         KindTalk,
}

// Decision is the answer, and it maps to one HTTP outcome.
type Decision string

// The decisions.
const (
	Allow  Decision = "allow"  // 200
	Deny   Decision = "deny"   // 403: the user may see the resource, not do this to it
	Hidden Decision = "hidden" // 404: the user may not know the resource exists
	Login  Decision = "login"  // no valid session: go and log in
)
