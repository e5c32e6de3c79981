package pluttra

import (
	"context"
	"time"
)

// Actor is who makes a change: the user and the request, carried in the
// context so the store records the change and its audit entry in one
// transaction.
type Actor struct {
	UserID    int64
	RequestID string
}

type actorKey struct{}

// WithActor returns ctx carrying the actor of the changes made with it.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, if any. Changes made without one
// (seeding the demo, tests) are not audited.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// AuditEntry records one change to the organisation's data: who, when,
// what kind of change, to what. Like the access log it holds no free text.
type AuditEntry struct {
	ID         int64
	OrgID      int64
	At         time.Time
	UserID     int64
	Action     string // such as child.update or placement.end
	TargetKind string // unit, department, child, user, guardianship, placement, membership
	TargetID   int64
	RequestID  string
}

// The changes the store audits. Those about a child also appear in the
// child's access log, so each has a name in every language
// (access.action.<name>).
const (
	ChangeUnitCreate           = "unit.create"
	ChangeUnitUpdate           = "unit.update"
	ChangeDepartmentCreate     = "department.create"
	ChangeDepartmentUpdate     = "department.update"
	ChangeChildCreate          = "child.create"
	ChangeChildUpdate          = "child.update"
	ChangeChildProtect         = "child.protect"
	ChangeGuardianshipAdd      = "guardianship.add"
	ChangeGuardianshipEnd      = "guardianship.end"
	ChangePlacementAdd         = "placement.add"
	ChangePlacementEnd         = "placement.end"
	ChangePlacementMove        = "placement.move"
	ChangeMembershipAdd        = "membership.add"
	ChangeMembershipEnd        = "membership.end"
	ChangeUserCreate           = "user.create"
	ChangeUserPassword         = "user.password"
	ChangeUserDeactivate       = "user.deactivate"
	ChangeConsentRecord        = "consent.record"
	ChangeMFAConfirm           = "mfa.confirm"
	ChangeMFARecovery          = "mfa.recovery"
	ChangeMFAReset             = "mfa.reset"
	ChangeOutboxSendNow        = "outbox.send_now"
	ChangeOrganisationSettings = "organisation.settings"
	ChangeTokenIssue           = "token.issue"
	ChangeTokenRedeem          = "token.redeem"
	ChangeImport               = "import.apply"
	ChangePostCreate           = "post.create"
	ChangePostUpdate           = "post.update"
	ChangePostDelete           = "post.delete"
	ChangeCommentAdd           = "post.comment" // written on a post, the route's own action
	ChangeCommentHide          = "comment.hide"
	ChangeCommentDelete        = "comment.delete"
	ChangeAbsenceReport        = "absence.report"
	ChangeAbsenceWithdraw      = "absence.withdraw"
	ChangeMessageSend          = "message.send"
	ChangeMessageAck           = "message.ack"
	ChangeMessageRemind        = "message.remind"
	ChangeConversationStart    = "conversation.start"
	ChangeConversationReply    = "conversation.reply"
	ChangeNoticeSettings       = "notice.settings"
	ChangePushSubscribe        = "push.subscribe"
	ChangePushUnsubscribe      = "push.unsubscribe"
	ChangeEventCreate          = "event.create"
	ChangeEventUpdate          = "event.update"
	ChangeEventCancel          = "event.cancel"
	ChangeOccurrenceCancel     = "event.cancel_occurrence"
	ChangeCalendarFeed         = "calendar.feed"
	ChangeTalkRoundCreate      = "talk.round_create"
	ChangeTalkSlotsAdd         = "talk.slots_add"
	ChangeTalkSlotRemove       = "talk.slot_remove"
	ChangeTalkBook             = "talk.book"
	ChangeTalkCancel           = "talk.cancel"
	ChangeTalkAnswer           = "talk.answer"
	ChangeTalkSummary          = "talk.summary"
	ChangeTalkShare            = "talk.share"
)

// ChangeActions lists every audited change.
var ChangeActions = []string{
	ChangeUnitCreate, ChangeUnitUpdate, ChangeDepartmentCreate, ChangeDepartmentUpdate,
	ChangeChildCreate, ChangeChildUpdate, ChangeChildProtect, ChangeGuardianshipAdd, ChangeGuardianshipEnd,
	ChangePlacementAdd, ChangePlacementEnd, ChangePlacementMove, ChangeMembershipAdd, ChangeMembershipEnd,
	ChangeUserCreate, ChangeUserPassword, ChangeUserDeactivate, ChangeConsentRecord,
	ChangeMFAConfirm, ChangeMFARecovery, ChangeMFAReset, ChangeOutboxSendNow, ChangeOrganisationSettings, ChangeTokenIssue, ChangeTokenRedeem,
	ChangePostCreate, ChangePostUpdate, ChangePostDelete, ChangeCommentAdd, ChangeCommentHide, ChangeCommentDelete,
	ChangeAbsenceReport, ChangeAbsenceWithdraw, ChangeMessageSend, ChangeMessageAck, ChangeMessageRemind,
	ChangeConversationStart, ChangeConversationReply, ChangeImport, ChangeNoticeSettings, ChangePushSubscribe, ChangePushUnsubscribe,
	ChangeEventCreate, ChangeEventUpdate, ChangeEventCancel, ChangeOccurrenceCancel, ChangeCalendarFeed,
	ChangeTalkRoundCreate, ChangeTalkSlotsAdd, ChangeTalkSlotRemove, ChangeTalkBook, ChangeTalkCancel, ChangeTalkAnswer, ChangeTalkSummary, ChangeTalkShare,
}
