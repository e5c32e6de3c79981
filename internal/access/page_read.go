package access

// Reads of the pages that lead to an act. A form or a confirmation
// (editing a child, inviting a guardian, cancelling a talk, hiding a
// comment) shows children's data before anything is done: opening it is a
// read, and the access log must say so rather than claim the act. The act
// is recorded when it is done, by the store method that does it, in the
// same transaction. These names appear only in the access log; the route
// keeps its act for the access decision.
const (
	ReadChildEdit        Action = "child.manage.view"       // the child's details, to change them
	ReadGuardianInvite   Action = "child.invite.view"       // the child's guardians, to invite them
	ReadConsentForm      Action = "child.consent.view"      // the photo consent form
	ReadConversationForm Action = "child.conversation.view" // the form for a new conversation
	ReadComposer         Action = "department.post.view"    // the department's children, to tag in a new post
	ReadPostEdit         Action = "post.edit.view"          // a post in the composer, to edit it
	ReadMessageComposer  Action = "department.message.view" // the department's children and guardians, to pick recipients
	ReadComments         Action = "post.comment.view"       // a post's comments
	ReadHearts           Action = "post.heart.view"         // who gave a post hearts
	ReadCommentToHide    Action = "comment.hide.view"       // a comment, before hiding it
	ReadCommentToDelete  Action = "comment.delete.view"     // a comment, before deleting it
	ReadTalkToCancel     Action = "talk.cancel.view"        // a booked talk, before cancelling it
	ReadTalkToManage     Action = "talk.manage.view"        // a talk's time, before removing it
)

// pageReads maps each act whose page shows children to the read that
// opening the page is.
var pageReads = map[Action]Action{
	ManageChild:       ReadChildEdit,
	InviteGuardian:    ReadGuardianInvite,
	AnswerConsent:     ReadConsentForm,
	StartConversation: ReadConversationForm,
	WritePost:         ReadComposer,
	EditPost:          ReadPostEdit,
	SendMessage:       ReadMessageComposer,
	CommentOnPost:     ReadComments,
	HeartPost:         ReadHearts,
	HideComment:       ReadCommentToHide,
	DeleteComment:     ReadCommentToDelete,
	CancelTalk:        ReadTalkToCancel,
	ManageTalk:        ReadTalkToManage,
}

// LoggedAs is the action under which the access log records the children
// a page of the route action a shows: the read the page is. For an action
// that is itself a read (child.view, post.view) that is the action.
func LoggedAs(a Action) Action {
	if r, ok := pageReads[a]; ok {
		return r
	}
	return a
}

// PageReads lists the reads LoggedAs gives for acts, so every one of them
// can be checked for a name in each language.
func PageReads() []Action {
	out := make([]Action, 0, len(pageReads))
	for _, r := range pageReads {
		out = append(out, r)
	}
	return out
}
