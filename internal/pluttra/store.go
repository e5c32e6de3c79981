package pluttra

import (
	"context"
	"time"
)

// The storage interfaces, one per concern. Every method that reads or
// writes organisation data takes the organisation id first; a row of another
// organisation reads as NotFound. Not found is an error, never (nil, nil).
// Every change made with an Actor in its context is written to the audit
// log (and, when it concerns a child, the access log) in the same
// transaction.

// OrganisationStore keeps tenants, units and departments.
type OrganisationStore interface {
	CreateOrganisation(ctx context.Context, o *Organisation) error
	Organisation(ctx context.Context, orgID int64) (*Organisation, error)
	OrganisationBySlug(ctx context.Context, slug string) (*Organisation, error)
	CreateUnit(ctx context.Context, orgID int64, u *Unit) error
	Unit(ctx context.Context, orgID, unitID int64) (*Unit, error)
	Units(ctx context.Context, orgID int64) ([]Unit, error)
	UpdateUnit(ctx context.Context, orgID int64, u *Unit) error
	CreateDepartment(ctx context.Context, orgID int64, d *Department) error
	Department(ctx context.Context, orgID, departmentID int64) (*Department, error)
	// Departments lists the organisation's departments, by unit then name.
	Departments(ctx context.Context, orgID int64) ([]Department, error)
	RenameDepartment(ctx context.Context, orgID, departmentID int64, name string) error
}

// ChildStore keeps children, their guardianships and their placements.
type ChildStore interface {
	CreateChild(ctx context.Context, orgID int64, c *Child) error
	Child(ctx context.Context, orgID, childID int64) (*Child, error)
	SetProtectedIdentity(ctx context.Context, orgID, childID int64, protected bool) error
	UpdateChild(ctx context.Context, orgID int64, c *Child) error
	// Children lists the children matching filter (alias c), by first name.
	Children(ctx context.Context, orgID int64, filter Filter) ([]Child, error)
	// ChildrenInDepartment lists the children placed in the department on day.
	ChildrenInDepartment(ctx context.Context, orgID, departmentID int64, day Date) ([]Child, error)
	AddGuardianship(ctx context.Context, orgID int64, g *Guardianship) error
	EndGuardianship(ctx context.Context, orgID, guardianshipID int64, last Date) error
	Guardianships(ctx context.Context, orgID, childID int64) ([]Guardianship, error)
	// ChildrenOfGuardian lists the children the user is guardian of on day.
	ChildrenOfGuardian(ctx context.Context, orgID, guardianID int64, day Date) ([]Child, error)
	AddPlacement(ctx context.Context, orgID int64, p *Placement) error
	EndPlacement(ctx context.Context, orgID, placementID int64, last Date) error
	Placements(ctx context.Context, orgID, childID int64) ([]Placement, error)
	// EnrolChild adds a child placed in the department from the day from,
	// in one transaction.
	EnrolChild(ctx context.Context, orgID int64, c *Child, departmentID int64, from Date) error
	// MoveChild places the child in the department from the day from,
	// ending its placements that are open then on the day before, in one
	// transaction.
	MoveChild(ctx context.Context, orgID, childID, departmentID int64, from Date) (*Placement, error)
	// LinkGuardian makes the account with g's email the child's guardian
	// from the day from, creating it from g when the organisation has no
	// account with that address, in one transaction.
	LinkGuardian(ctx context.Context, orgID, childID int64, g *User, from Date) (*Guardianship, error)
}

// UserStore keeps accounts and staff memberships.
type UserStore interface {
	CreateUser(ctx context.Context, orgID int64, u *User) error
	User(ctx context.Context, orgID, userID int64) (*User, error)
	// Users lists the organisation's accounts by kind, then name.
	Users(ctx context.Context, orgID int64) ([]User, error)
	// UsersByEmail finds the accounts of an address in every organisation;
	// only login, which happens before an organisation is known, uses it.
	UsersByEmail(ctx context.Context, email string) ([]User, error)
	SetPasswordHash(ctx context.Context, orgID, userID int64, hash string) error
	SetLanguage(ctx context.Context, orgID, userID int64, lang string) error
	// DeactivateUser ends the account and every session of it at once.
	DeactivateUser(ctx context.Context, orgID, userID int64) error
	AddStaffMembership(ctx context.Context, orgID int64, m *StaffMembership) error
	EndStaffMembership(ctx context.Context, orgID, membershipID int64, last Date) error
	StaffMemberships(ctx context.Context, orgID, userID int64) ([]StaffMembership, error)
	// DepartmentStaff lists the educators of a department on day.
	DepartmentStaff(ctx context.Context, orgID, departmentID int64, day Date) ([]User, error)
}

// ConsentStore keeps the photo consent answers, append-only: it has no
// method to change or remove an answer.
type ConsentStore interface {
	RecordConsent(ctx context.Context, orgID int64, c *Consent) error
	ConsentHistory(ctx context.Context, orgID, childID int64) ([]Consent, error)
	EffectiveConsent(ctx context.Context, orgID, childID int64, day Date) (ConsentLevel, error)
}

// AccessLogStore keeps the access log. It is append-only: there is no
// method to change or remove an entry.
type AccessLogStore interface {
	AppendAccess(ctx context.Context, orgID int64, entries []AccessEntry) error
	// AccessLog lists entries newest first.
	AccessLog(ctx context.Context, orgID int64, q AccessQuery) ([]AccessEntry, error)
	// AuditLog lists the changes made, newest first; the store writes them
	// itself, with each change, when the context carries an Actor.
	AuditLog(ctx context.Context, orgID int64, beforeID int64, limit int) ([]AuditEntry, error)
}

// MFAStore keeps second factors. Using a code step or a recovery code is
// one atomic update, so two requests racing with one code cannot both win.
type MFAStore interface {
	// StartTOTP stores a new, unconfirmed secret, replacing an earlier one
	// that was never confirmed; a confirmed one stays until reset.
	StartTOTP(ctx context.Context, orgID, userID int64, sealed []byte) error
	TOTP(ctx context.Context, orgID, userID int64) (*TOTP, error)
	// ConfirmTOTP marks the secret confirmed at step and replaces the
	// user's recovery codes with the given hashes, which are keyed
	// (mfa.HashRecoveryCode).
	ConfirmTOTP(ctx context.Context, orgID, userID, step int64, recoveryHashes [][]byte) error
	// UseTOTPStep accepts step only when it is newer than every step used
	// before; otherwise Conflict.
	UseTOTPStep(ctx context.Context, orgID, userID, step int64) error
	// UseRecoveryCode spends an unused code, by its keyed hash; otherwise
	// NotFound.
	UseRecoveryCode(ctx context.Context, orgID, userID int64, hash []byte) error
	// KeyRecoveryCodes replaces, in every organisation, each recovery code
	// hash stored before codes were keyed (a plain SHA-256) with
	// key(that hash), once, and says how many it changed. The server runs
	// it at start, so no unkeyed hash stays stored and the codes users
	// hold keep working.
	KeyRecoveryCodes(ctx context.Context, key func(unkeyed []byte) []byte) (int, error)
	// SetRequireStaffMFA turns the organisation's second-factor rule on or
	// off. Turning it on ends the sessions of staff and admins that did
	// not pass a second factor, and returns whose.
	SetRequireStaffMFA(ctx context.Context, orgID int64, require bool) (ended []int64, err error)
	// ResetMFA removes a user's second factor and recovery codes and ends
	// their sessions: the next login enrols anew.
	ResetMFA(ctx context.Context, orgID, userID int64) error
}

// OutboxStore keeps outgoing mail until it is delivered.
type OutboxStore interface {
	QueueMail(ctx context.Context, orgID int64, m *OutboxMail) error
	// ClaimDueMail takes up to limit mails whose next attempt is due, in
	// every organisation, and holds them for claimFor so that no other
	// node sends them meanwhile.
	ClaimDueMail(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]OutboxMail, error)
	MarkMailSent(ctx context.Context, id int64, at time.Time) error
	// MarkMailFailed records a failed attempt: retried from next, or, when
	// permanent, never again.
	MarkMailFailed(ctx context.Context, id int64, at time.Time, permanent bool, next time.Time) error
	// RetryWaitingMail makes every mail, in every organisation, that is
	// waiting out a backoff due at now, and reports how many: a mail just
	// went, so the server answers again.
	RetryWaitingMail(ctx context.Context, now time.Time) (int, error)
	// SendWaitingMailNow makes the organisation's waiting mail due now, at
	// its admin's request (audited), and reports how many.
	SendWaitingMailNow(ctx context.Context, orgID int64) (int, error)
	// Outbox lists the organisation's mail, newest first.
	Outbox(ctx context.Context, orgID int64, limit int) ([]OutboxMail, error)
	// LatestMailTo is the newest mail to the address.
	LatestMailTo(ctx context.Context, orgID int64, to string) (*OutboxMail, error)
}

// TokenStore keeps the secrets of emailed links (invitations, resets).
type TokenStore interface {
	// IssueToken stores a new token for the user and queues its mail, in
	// one transaction; earlier open tokens of the purpose are revoked.
	IssueToken(ctx context.Context, orgID int64, t *Token, hash []byte, m *OutboxMail) error
	// TokenByHash finds a token in any organisation: the link is all the
	// visitor has.
	TokenByHash(ctx context.Context, hash []byte) (*Token, error)
	// RedeemToken spends the token, sets the user's password hash and ends
	// the user's sessions, in one transaction; a used, expired or revoked
	// token fails with ErrTokenUsed, ErrTokenExpired or ErrTokenRevoked.
	RedeemToken(ctx context.Context, hash []byte, passwordHash string, now time.Time) (*User, error)
	// LatestToken is the newest token of the purpose for a user.
	LatestToken(ctx context.Context, orgID, userID int64, purpose string) (*Token, error)
}

// RosterStore serves imports from the municipality's records.
type RosterStore interface {
	RosterState(ctx context.Context, orgID int64, day Date) (*RosterState, error)
	// ApplyImportPlan applies a plan in one transaction: all of it or,
	// on any error, none.
	ApplyImportPlan(ctx context.Context, orgID int64, p *ImportPlan) error
}

// SS12000Store keeps each organisation's SS 12000 connection and schedule.
type SS12000Store interface {
	// SS12000Source is the organisation's connection; NotFound when none.
	SS12000Source(ctx context.Context, orgID int64) (*SS12000Source, error)
	// SaveSS12000Source stores the connection settings, keeping the last run.
	SaveSS12000Source(ctx context.Context, src *SS12000Source) error
	// ClaimDueSS12000 returns the sources whose scheduled pull is due at now,
	// each moved on to its next run in the same step, so that of several
	// app nodes only one pulls.
	ClaimDueSS12000(ctx context.Context, now time.Time) ([]SS12000Source, error)
	// RecordSS12000Run notes how a pull went.
	RecordSS12000Run(ctx context.Context, orgID int64, run SS12000Run) error
}

// PostStore keeps documentation.
type PostStore interface {
	// SavePost creates (ID 0) or updates a post with its tags and areas.
	// When the save publishes it, the notices are queued in the same
	// transaction, each linking to the post; otherwise they are ignored.
	SavePost(ctx context.Context, orgID int64, p *Post, notices []*Notice) error
	DeletePost(ctx context.Context, orgID, postID int64) error
	Post(ctx context.Context, orgID, postID int64) (*Post, error)
	// Posts lists published posts matching the access policy's filter.
	Posts(ctx context.Context, orgID int64, f Filter, page PostPage) ([]Post, error)
	Drafts(ctx context.Context, orgID, authorID, departmentID int64) ([]Post, error)
	PostFacts(ctx context.Context, orgID, postID int64, day Date) (*PostFacts, error)
	// PostFactsOf is the same for a post as p describes it, saved or not
	// (one about to be published).
	PostFactsOf(ctx context.Context, orgID int64, p *Post, day Date) (*PostFacts, error)
	// AddPublishedPosts writes published posts as they are, in one
	// transaction and unaudited: for generated data sets only.
	AddPublishedPosts(ctx context.Context, orgID int64, posts []Post) error
	// FeedSeen is when the user last opened their feed (zero if never);
	// posts published after it are unread.
	FeedSeen(ctx context.Context, orgID, userID int64) (time.Time, error)
	MarkFeedSeen(ctx context.Context, orgID, userID int64, at time.Time) error
	// Epoch counts the changes to what the organisation's pages show; a
	// page made at an epoch is current while the epoch is.
	Epoch(ctx context.Context, orgID int64) (int64, error)
	// CountPostsSince counts the published posts matching the access
	// policy's filter that were published after since, up to most.
	CountPostsSince(ctx context.Context, orgID int64, f Filter, since time.Time, most int) (int, error)
	// PostsTagging lists a department's published posts tagging any of
	// the children, newest first.
	PostsTagging(ctx context.Context, orgID, departmentID int64, childIDs []int64, limit int) ([]Post, error)
	// ConsentLevels is each child's effective photo consent on day.
	ConsentLevels(ctx context.Context, orgID int64, childIDs []int64, day Date) (map[int64]ConsentLevel, error)
}

// SessionStore keeps login sessions by the hash of their token.
type SessionStore interface {
	CreateSession(ctx context.Context, s *Session) error
	SessionByTokenHash(ctx context.Context, hash []byte) (*Session, error)
	TouchSession(ctx context.Context, hash []byte, at time.Time) error
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteUserSessions(ctx context.Context, orgID, userID int64) error
}

// ThrottleStore counts failed logins per key (an account or an address),
// shared by every app node through the database.
type ThrottleStore interface {
	RecordLoginFailure(ctx context.Context, key string, at time.Time) error
	LoginFailuresSince(ctx context.Context, key string, since time.Time) (int, error)
	ClearLoginFailures(ctx context.Context, key string) error
	// ReserveLoginAttempt records a failure for key at at before the
	// attempt is checked, then counts key's failures at or after since.
	// Past limit it removes the record again and answers ok false. As
	// each attempt counts after its own record is in, concurrent attempts
	// can never all pass a count made before any of them failed: at most
	// limit attempts hold a reservation. It returns the record's id.
	ReserveLoginAttempt(ctx context.Context, key string, at, since time.Time, limit int) (id int64, ok bool, err error)
	// ForgiveLoginAttempt removes a reservation whose attempt was not
	// judged after all; removing one already gone is not an error.
	ForgiveLoginAttempt(ctx context.Context, id int64) error
}

// SecretStore hands out installation-wide random keys (for signing cookies),
// created on first use so every app node shares them.
type SecretStore interface {
	Secret(ctx context.Context, name string) ([]byte, error)
}

// FactStore computes the facts the access policy decides on.
type FactStore interface {
	PrincipalFacts(ctx context.Context, orgID, userID int64, day Date) (*PrincipalFacts, error)
	ChildFacts(ctx context.Context, orgID, childID int64, day Date) (*ChildFacts, error)
	DepartmentFacts(ctx context.Context, orgID, departmentID int64) (*DepartmentFacts, error)
}

// MessageStore keeps important messages and their receipts.
type MessageStore interface {
	// SendMessage saves a message with its recipients, resolved from its
	// scope on day (or as given for ScopeGuardians), attaches its media and
	// queues n (when given) to the recipients, in one transaction. A
	// message with no recipient is refused.
	SendMessage(ctx context.Context, orgID int64, m *Message, day Date, n *Notice) error
	Message(ctx context.Context, orgID, messageID int64) (*Message, error)
	// InboxMessages lists the guardian's messages, unread first, then newest.
	InboxMessages(ctx context.Context, orgID, userID int64, limit int) ([]InboxMessage, error)
	// SentMessages lists the messages of the given departments and units,
	// newest first, with their read and acknowledgement counts.
	SentMessages(ctx context.Context, orgID int64, departmentIDs, unitIDs []int64, limit int) ([]SentMessage, error)
	// Receipts lists a message's recipients by name, with their children
	// the message concerns on day.
	Receipts(ctx context.Context, orgID, messageID int64, day Date) ([]Receipt, error)
	// Receipt is one recipient's state of the message.
	Receipt(ctx context.Context, orgID, messageID, userID int64) (*Receipt, error)
	// MarkMessageRead records the first time a recipient opened it.
	MarkMessageRead(ctx context.Context, orgID, messageID, userID int64, at time.Time) error
	// AckMessage records the recipient's acknowledgement (and reading).
	AckMessage(ctx context.Context, orgID, messageID, userID int64, at time.Time) error
	// MarkReminded records that the given recipients were reminded.
	MarkReminded(ctx context.Context, orgID, messageID int64, userIDs []int64, at time.Time) error
	// MessageFacts gathers the policy's facts about a message for userID.
	MessageFacts(ctx context.Context, orgID, messageID, userID int64) (*MessageFacts, error)
	// MessageAudience is its facts without a viewer, and its recipients.
	MessageAudience(ctx context.Context, orgID, messageID int64) (*MessageFacts, []int64, error)
	// PlacedGuardians lists the active guardians of the children placed on
	// day in the department, or in the unit's departments when
	// departmentID is 0.
	PlacedGuardians(ctx context.Context, orgID, departmentID, unitID int64, day Date) ([]int64, error)
	// UnreadMessages counts the guardian's unread messages.
	UnreadMessages(ctx context.Context, orgID, userID int64) (int, error)
}

// ConversationStore keeps conversations between families and staff.
type ConversationStore interface {
	// StartConversation saves a conversation with its first entry, written
	// by c.StartedBy, in one transaction, and the notice when given: to
	// the guardians taking part who are the child's guardians on day and
	// the department's staff on day, but the starter, linking to it.
	StartConversation(ctx context.Context, orgID int64, c *Conversation, body string, day Date, n *Notice) error
	Conversation(ctx context.Context, orgID, conversationID int64) (*Conversation, error)
	// ConversationEntries lists the entries oldest first.
	ConversationEntries(ctx context.Context, orgID, conversationID int64) ([]ConversationEntry, error)
	// AddConversationEntry appends an entry and moves the conversation's
	// latest time; the author has read everything up to it. The notice,
	// when given, commits with it, to those StartConversation names but
	// the author.
	AddConversationEntry(ctx context.Context, orgID int64, e *ConversationEntry, day Date, n *Notice) error
	// MarkConversationRead records that the user has read it up to at.
	MarkConversationRead(ctx context.Context, orgID, conversationID, userID int64, at time.Time) error
	// GuardianConversations lists the conversations the guardian takes part
	// in, about children they are still guardian of on day; latest first.
	GuardianConversations(ctx context.Context, orgID, userID int64, day Date) ([]ConversationSummary, error)
	// DepartmentConversations lists the conversations of the departments,
	// latest first, unread as seen by userID.
	DepartmentConversations(ctx context.Context, orgID, userID int64, departmentIDs []int64, limit int) ([]ConversationSummary, error)
	// ConversationFacts gathers the policy's facts about a conversation for userID.
	ConversationFacts(ctx context.Context, orgID, conversationID, userID int64) (*ConversationFacts, error)
	// ConversationAudience is its facts without a viewer, and the guardians taking part.
	ConversationAudience(ctx context.Context, orgID, conversationID int64) (*ConversationFacts, []int64, error)
}

// AbsenceStore keeps absence reports.
type AbsenceStore interface {
	// ReportAbsence records a checked report (CheckAbsence).
	ReportAbsence(ctx context.Context, orgID int64, a *Absence) error
	// WithdrawAbsence takes a report of the child back from today on: one
	// not yet begun is removed, one under way ends the day before.
	WithdrawAbsence(ctx context.Context, orgID, childID, absenceID int64, today Date) error
	// AbsencesOfChild lists the child's reports ending on from or later,
	// soonest first.
	AbsencesOfChild(ctx context.Context, orgID, childID int64, from Date) ([]Absence, error)
	// DepartmentAbsences lists the reports covering day for the children
	// placed in the department that day, by the child's name.
	DepartmentAbsences(ctx context.Context, orgID, departmentID int64, day Date) ([]DepartmentAbsence, error)
	// SetAbsenceLateAfter changes Organisation.AbsenceLateAfter.
	SetAbsenceLateAfter(ctx context.Context, orgID int64, minutes int) error
}

// NoticeStore keeps notices, each recipient's delivery of them, the
// users' choices of how they hear of them, and their devices' push
// subscriptions. Deliveries are claimed like the outbox's mail: by a
// conditional update, so with several app nodes each goes out once.
type NoticeStore interface {
	// QueueNotice writes the notice and a delivery per recipient, on the
	// recipient's channel for its category and due after their quiet
	// hours (unless urgent), in one transaction. A store method that
	// makes the change a notice is about calls the same code inside its
	// own transaction, so the two commit together.
	QueueNotice(ctx context.Context, orgID int64, n *Notice) error
	// NoticePrefs is the user's choice, with the defaults filled in.
	NoticePrefs(ctx context.Context, orgID, userID int64) (*NoticePrefs, error)
	// SaveNoticePrefs replaces the user's choice, audited.
	SaveNoticePrefs(ctx context.Context, orgID, userID int64, p NoticePrefs) error
	// NoticeDeliveries lists what the user was told of, newest first.
	NoticeDeliveries(ctx context.Context, orgID, userID int64, limit int) ([]NoticeDelivery, error)
	// ClaimDueNotices takes up to limit due push and email deliveries in
	// every organisation and holds them for claimFor.
	ClaimDueNotices(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]NoticeDelivery, error)
	// ClaimDueDigests takes the due digest deliveries of up to limit
	// users, each user's together.
	ClaimDueDigests(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]DigestBatch, error)
	// FinishDelivery records a delivery's end: sent via a channel, failed
	// for good, or skipped.
	FinishDelivery(ctx context.Context, orgID, id int64, status DeliveryStatus, via Channel, lastError string, at time.Time) error
	// RetryDelivery records a failed attempt, due again at next.
	RetryDelivery(ctx context.Context, orgID, id int64, next time.Time, lastError string) error
	// DeliverNoticeByMail queues the mail and marks the delivery sent by
	// email, in one transaction.
	DeliverNoticeByMail(ctx context.Context, orgID, id int64, m *OutboxMail) error
	// DeliverDigest queues the digest mail and marks its deliveries sent,
	// in one transaction.
	DeliverDigest(ctx context.Context, orgID, userID int64, ids []int64, m *OutboxMail) error
	// PruneNotices removes up to limit deliveries finished before before,
	// then up to limit notices written before it with no delivery left,
	// in every organisation, and says how many rows went. Pending
	// deliveries stay.
	PruneNotices(ctx context.Context, before time.Time, limit int) (int, error)
	// SavePushSubscription stores a browser's subscription for the user;
	// the user saving the same endpoint again renews its keys. An endpoint
	// another user (of any organisation) holds is a Conflict
	// ("push.error.taken"), never moved. Past MaxPushSubscriptions the
	// user's oldest subscriptions are removed in the same transaction.
	SavePushSubscription(ctx context.Context, orgID int64, p *PushSubscription) error
	// DeletePushSubscription removes the user's own subscription at the
	// endpoint; NotFound when there is none.
	DeletePushSubscription(ctx context.Context, orgID, userID int64, endpoint string) error
	// RemovePushSubscription removes one the push service says is gone.
	RemovePushSubscription(ctx context.Context, orgID, id int64) error
	PushSubscriptions(ctx context.Context, orgID, userID int64) ([]PushSubscription, error)
}

// CalendarStore keeps department and unit calendars and the users'
// calendar subscriptions.
type CalendarStore interface {
	// CreateCalendarEvent stores a checked event (CheckCalendarEvent) of
	// a department (DepartmentID) or a unit (UnitID).
	CreateCalendarEvent(ctx context.Context, orgID int64, e *CalendarEvent) error
	// UpdateCalendarEvent changes a checked event's content and time,
	// raising its sequence; its department or unit stays. A cancelled
	// event is a Conflict.
	UpdateCalendarEvent(ctx context.Context, orgID int64, e *CalendarEvent) error
	// CancelCalendarEvent cancels the whole event (every occurrence),
	// raising its sequence; it stays readable as cancelled.
	CancelCalendarEvent(ctx context.Context, orgID, eventID int64) error
	// CancelCalendarOccurrence cancels the occurrence starting on day,
	// raising the event's sequence.
	CancelCalendarOccurrence(ctx context.Context, orgID, eventID int64, day Date) error
	CalendarEvent(ctx context.Context, orgID, eventID int64) (*CalendarEvent, error)
	// CalendarEvents lists the events of the scope, cancelled ones too,
	// that may have an occurrence touching the days from..to, by start.
	CalendarEvents(ctx context.Context, orgID int64, scope CalendarScope, from, to Date) ([]CalendarEvent, error)
	CalendarEventFacts(ctx context.Context, orgID, eventID int64) (*CalendarEventFacts, error)

	// SetCalendarFeed gives the user a feed with the secret's hash,
	// replacing any earlier one: its old address stops working at once.
	SetCalendarFeed(ctx context.Context, orgID, userID int64, hash []byte) error
	// CalendarFeed is the user's feed; NotFound when they have none.
	CalendarFeed(ctx context.Context, orgID, userID int64) (*CalendarFeed, error)
	DeleteCalendarFeed(ctx context.Context, orgID, userID int64) error
	// HitCalendarFeed finds a feed, in any organisation, by its secret's
	// hash and counts one request in the current window of that length,
	// in one statement, so every app node counts against the same limit.
	HitCalendarFeed(ctx context.Context, hash []byte, now time.Time, window time.Duration) (*CalendarFeedHit, error)
}

// TalkStore keeps development talks: a department's rounds and their
// times, the bookings, the families' answers and the staff's summaries.
type TalkStore interface {
	CreateTalkRound(ctx context.Context, orgID int64, r *TalkRound) error
	TalkRound(ctx context.Context, orgID, roundID int64) (*TalkRound, error)
	// TalkRounds lists the departments' rounds, newest first.
	TalkRounds(ctx context.Context, orgID int64, departmentIDs []int64) ([]TalkRound, error)
	// AddTalkSlots adds checked times to a round, all or none.
	AddTalkSlots(ctx context.Context, orgID, roundID int64, slots []TalkSlot) error
	// RemoveTalkSlot takes away a free time; a booked one is a Conflict.
	RemoveTalkSlot(ctx context.Context, orgID, slotID int64) error
	TalkSlot(ctx context.Context, orgID, slotID int64) (*TalkSlot, error)
	// TalkSlots lists a round's times by start.
	TalkSlots(ctx context.Context, orgID, roundID int64) ([]TalkSlot, error)
	// ChildTalks lists the times booked for a child, latest first.
	ChildTalks(ctx context.Context, orgID, childID int64) ([]TalkSlot, error)
	TalkFacts(ctx context.Context, orgID, slotID int64) (*TalkFacts, error)
	// BookTalk books a free, coming time of the child's department for
	// the child: exactly one of concurrent bookings of a time succeeds,
	// the others get a Conflict. n goes to the child's other guardians.
	BookTalk(ctx context.Context, orgID, slotID, childID, userID int64, now time.Time, n *Notice) error
	// CancelTalk frees a booked time that has not begun.
	CancelTalk(ctx context.Context, orgID, slotID, userID int64, now time.Time, n *Notice) error
	// SaveTalkAnswers keeps a family's answers before their talk.
	SaveTalkAnswers(ctx context.Context, orgID int64, a *TalkAnswers) error
	// TalkAnswers reads them; NotFound when there are none.
	TalkAnswers(ctx context.Context, orgID, roundID, childID int64) (*TalkAnswers, error)
	// TalkAnswered lists the children of a round with answers.
	TalkAnswered(ctx context.Context, orgID, roundID int64) ([]int64, error)
	// SaveTalkSummary keeps the staff's summary until it is shared.
	SaveTalkSummary(ctx context.Context, orgID, slotID, userID int64, summary string) error
	// ShareTalkSummary publishes the summary as p, a post about the
	// child, with the notices of a published post, and marks the time
	// shared, once.
	ShareTalkSummary(ctx context.Context, orgID, slotID int64, p *Post, notices []*Notice) error
	// QueueTalkReminders writes the day-before reminders that are due.
	QueueTalkReminders(ctx context.Context, now time.Time) (int, error)
}

// Store is everything the server needs from storage.
type Store interface {
	TalkStore
	OrganisationStore
	AbsenceStore
	MessageStore
	ConversationStore
	NoticeStore
	CalendarStore
	ChildStore
	UserStore
	ConsentStore
	AccessLogStore
	MFAStore
	OutboxStore
	TokenStore
	RosterStore
	SS12000Store
	PostStore
	MediaStore
	CommentStore
	SessionStore
	ThrottleStore
	SecretStore
	FactStore
	Ping(ctx context.Context) error
	// Ready reports whether the store can serve requests now: nil, or an
	// error whose code says why not (EUNAVAILABLE: the database does not
	// answer; EFULL: its disk has no room for writes).
	Ready(ctx context.Context) error
	Close() error
}
