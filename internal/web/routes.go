package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
)

// routeTable is every route of the web surface. Each one names its access
// action or says why it is public; a test fails on any other kind.
func (s *Server) routeTable() []route {
	return []route{
		public("GET /healthz", "liveness probe for the process supervisor; reveals nothing", s.healthz),
		public("GET /readyz", "readiness probe for load balancers; reveals only whether the database answers", s.readyz),
		public("GET /static/", "stylesheets and icons, the same for everyone", s.static),
		public("GET /login", "the login form must be reachable without a session", s.loginForm),
		public("POST /login", "checks credentials; throttled per address and account", s.loginSubmit),
		public("GET /login/mfa", "the second login step; needs the signed cookie the password step sets", s.mfaForm),
		public("POST /login/mfa", "checks the second factor of the login the signed cookie names; throttled per user", s.mfaSubmit),
		public("GET /login/reset", "asking for a password reset needs no session", s.resetForm),
		public("POST /login/reset", "mails a reset link; the same answer whether or not the address has an account; limited per address", s.resetRequest),
		public("GET /invite/{secret}", "an invitation link: the 256-bit secret in it is the permission", s.tokenPage("invite")),
		public("POST /invite/{secret}", "sets the first password through the invitation link, spending it", s.tokenSubmit("invite")),
		public("GET /reset/{secret}", "a password reset link: the 256-bit secret in it is the permission", s.tokenPage("reset")),
		public("POST /reset/{secret}", "sets a new password through the reset link, spending it; a second factor is still asked", s.tokenSubmit("reset")),
		public("POST /logout", "ends the caller's own session, if any", s.logout),
		public("GET /manifest.webmanifest", "the install manifest: the app's name, colours and icons, the same for everyone", s.manifest),
		public("GET /sw.js", "the service worker script must be served from the root for its scope; the same file for everyone", s.serviceWorker),
		public("GET /offline", "the page the service worker shows without a network; it names no one", s.offline),
		public("POST /language", "chooses the language of the caller's own pages", s.languageChoose),
		public("GET /calendar/feed/{secret}", "a calendar subscription: the 256-bit secret in the address is the permission; read-only, limited per address, what it shows decided from the owner's facts of today", s.calendarFeed),

		authorised("GET /{$}", access.ViewStart, s.start),
		authorised("GET /settings/password", access.ChangePassword, s.passwordForm),
		authorised("POST /settings/password", access.ChangePassword, s.passwordChange),
		authorised("GET /settings/notifications", access.ManageNotices, s.noticeSettings),
		authorised("POST /settings/notifications", access.ManageNotices, s.noticeSettingsSave),
		authorised("GET /push/key", access.ManagePush, s.pushKey),
		authorised("POST /push/subscriptions", access.ManagePush, s.pushSubscribe),
		authorised("DELETE /push/subscriptions", access.ManagePush, s.pushUnsubscribe),
		authorised("GET /admin/structure", access.ViewStructure, s.structureView),
		authorised("GET /admin/organisation", access.ManageOrganisation, s.usersAdmin),
		authorised("POST /admin/units", access.ManageOrganisation, s.unitCreate),
		authorised("POST /admin/settings", access.ManageOrganisation, s.organisationSettings),
		authorised("GET /admin/outbox", access.ViewOutbox, s.outboxView),
		authorised("GET /admin/import", access.ImportRoster, s.importForm),
		authorised("POST /admin/import", access.ImportRoster, s.importSubmit),
		authorised("GET /admin/ss12000", access.ImportRoster, s.ss12000Form),
		authorised("POST /admin/ss12000", access.ImportRoster, s.ss12000Submit),
		authorised("POST /admin/users/{uid}/deactivate", access.ManageOrganisation, s.userDeactivate),
		authorised("POST /admin/users/{uid}/reset-mfa", access.ManageOrganisation, s.userResetMFA),
		kept(authorised("GET /feed", access.ViewFeed, s.feedView)),
		authorised("GET /departments/{id}/feed", access.ViewDeptFeed, s.departmentFeed),
		authorised("GET /departments/{id}/posts/new", access.WritePost, s.postNew),
		authorised("POST /departments/{id}/posts", access.WritePost, s.postCreate),
		authorised("GET /posts/{id}", access.ViewPost, s.postShow),
		authorised("GET /posts/{id}/card", access.ViewPost, s.postCard),
		authorised("GET /posts/{id}/comments", access.CommentOnPost, s.commentSectionPage("comments", "comment.title")),
		authorised("POST /posts/{id}/comments", access.CommentOnPost, s.commentAdd),
		authorised("GET /posts/{id}/hearts", access.HeartPost, s.commentSectionPage("hearts", "heart.title")),
		authorised("POST /posts/{id}/heart", access.HeartPost, s.heartToggle),
		authorised("GET /comments/{id}/hide", access.HideComment, s.commentConfirm("hide")),
		authorised("POST /comments/{id}/hide", access.HideComment, s.commentHide),
		authorised("GET /comments/{id}/delete", access.DeleteComment, s.commentConfirm("delete")),
		authorised("POST /comments/{id}/delete", access.DeleteComment, s.commentDelete),
		authorised("GET /events", access.ListenLive, s.liveEvents),
		authorised("GET /posts/{id}/edit", access.EditPost, s.postEdit),
		authorised("POST /posts/{id}/edit", access.EditPost, s.postUpdate),
		authorised("POST /posts/{id}/delete", access.EditPost, s.postDelete),
		authorised("GET /children/{id}/portfolio", access.ViewPortfolio, s.childPortfolio),
		authorised("POST /departments/{id}/uploads", access.WritePost, s.uploadCreate),
		authorised("HEAD /uploads/{id}", access.UploadMedia, s.uploadResume),
		authorised("PATCH /uploads/{id}", access.UploadMedia, s.uploadResume),
		authorised("DELETE /uploads/{id}", access.UploadMedia, s.uploadResume),
		authorised("GET /media/{id}", access.ViewMedia, s.mediaStatus),
		authorised("GET /media/{id}/{file}", access.ViewMedia, s.mediaServe),
		authorised("GET /children/{id}/absence", access.ReportAbsence, s.absenceForm),
		authorised("POST /children/{id}/absence", access.ReportAbsence, s.absenceReport),
		authorised("POST /children/{id}/absence/{aid}/withdraw", access.ReportAbsence, s.absenceWithdraw),
		authorised("GET /departments/{id}/absences", access.ViewAbsences, s.departmentAbsences),
		authorised("GET /messages", access.ViewInbox, s.inbox),
		authorised("GET /departments/{id}/messages/new", access.SendMessage, s.messageNew),
		authorised("POST /departments/{id}/messages", access.SendMessage, s.messageSend),
		authorised("GET /units/{id}/messages/new", access.SendUnitMessage, s.messageUnitNew),
		authorised("POST /units/{id}/messages", access.SendUnitMessage, s.messageUnitSend),
		authorised("GET /messages/{id}", access.ViewMessage, s.messageShow),
		authorised("POST /messages/{id}/ack", access.AckMessage, s.messageAck),
		authorised("GET /messages/{id}/receipts", access.ViewReceipts, s.messageReceipts),
		authorised("POST /messages/{id}/remind", access.ViewReceipts, s.messageRemind),
		authorised("GET /children/{id}/conversations/new", access.StartConversation, s.conversationNew),
		authorised("POST /children/{id}/conversations", access.StartConversation, s.conversationStart),
		authorised("GET /conversations/{id}", access.ViewConversation, s.conversationShow),
		authorised("POST /conversations/{id}", access.ReplyConversation, s.conversationReply),
		authorised("GET /calendar", access.ViewCalendar, s.calendarView),
		authorised("GET /calendar/subscription", access.ManageSubscription, s.subscriptionPage),
		authorised("POST /calendar/subscription", access.ManageSubscription, s.subscriptionCreate),
		authorised("POST /calendar/subscription/delete", access.ManageSubscription, s.subscriptionDelete),
		authorised("GET /departments/{id}/calendar", access.ManageDeptCalendar, s.departmentCalendar),
		authorised("GET /departments/{id}/calendar/new", access.ManageDeptCalendar, s.eventNew),
		authorised("POST /departments/{id}/calendar", access.ManageDeptCalendar, s.eventCreate),
		authorised("GET /units/{id}/calendar", access.ManageUnitCalendar, s.unitCalendar),
		authorised("GET /units/{id}/calendar/new", access.ManageUnitCalendar, s.eventNew),
		authorised("POST /units/{id}/calendar", access.ManageUnitCalendar, s.eventCreate),
		authorised("GET /calendar/events/{id}", access.ViewEvent, s.eventView),
		authorised("GET /calendar/events/{id}/ics", access.ViewEvent, s.eventDownload),
		authorised("GET /calendar/events/{id}/edit", access.ManageEvent, s.eventEdit),
		authorised("POST /calendar/events/{id}/edit", access.ManageEvent, s.eventUpdate),
		authorised("GET /calendar/events/{id}/cancel", access.ManageEvent, s.eventCancelConfirm),
		authorised("POST /calendar/events/{id}/cancel", access.ManageEvent, s.eventCancel),
		authorised("GET /children/{id}/consent", access.AnswerConsent, s.consentForm),
		authorised("POST /children/{id}/consent", access.AnswerConsent, s.consentAnswer),
		authorised("GET /departments/{id}/consents", access.ViewConsents, s.consentList),
		authorised("GET /departments/{id}/review", access.ReviewPosts, s.postReview),
		authorised("GET /units/{id}/edit", access.ManageUnit, s.unitEdit),
		authorised("POST /units/{id}/edit", access.ManageUnit, s.unitUpdate),
		authorised("POST /units/{id}/departments", access.ManageUnit, s.departmentCreate),
		authorised("GET /departments/{id}/edit", access.ManageDepartment, s.departmentEdit),
		authorised("POST /departments/{id}/edit", access.ManageDepartment, s.departmentRename),
		authorised("POST /departments/{id}/children", access.ManageDepartment, s.childEnrol),
		authorised("GET /children/{id}/invite", access.InviteGuardian, s.childInvite),
		authorised("POST /children/{id}/invite", access.InviteGuardian, s.childInviteSend),
		authorised("GET /departments/{id}/invite", access.InviteGuardians, s.departmentInvite),
		authorised("POST /departments/{id}/invite", access.InviteGuardians, s.departmentInviteSend),
		authorised("GET /children/{id}/edit", access.ManageChild, s.childEdit),
		authorised("POST /children/{id}/edit", access.ManageChild, s.childUpdate),
		authorised("POST /children/{id}/guardians", access.ManageChild, s.guardianAdd),
		authorised("POST /children/{id}/guardians/{gid}/end", access.ManageChild, s.guardianEnd),
		authorised("POST /children/{id}/move", access.ManageChild, s.childMove),
		authorised("POST /children/{id}/placements/{pid}/end", access.ManageChild, s.placementEnd),
		authorised("GET /units/{id}", access.ViewUnit, s.unitView),
		authorised("GET /departments/{id}", access.ViewDepartment, s.departmentView),
		authorised("GET /departments/{id}/children", access.ListDepartmentKids, s.departmentChildren),
		authorised("GET /children/{id}", access.ViewChild, s.childView),
		authorised("GET /children/{id}/access", access.ViewChildAccessLog, s.childAccessLog),
		authorised("GET /admin/access-log", access.ViewOrgAccessLog, s.orgAccessLog),
		authorised("GET /admin/access-log.csv", access.ViewOrgAccessLog, s.orgAccessLogCSV),
	}
}

func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.pattern, s.serve(rt))
	}
	mux.Handle("/", s.serve(public("/", "answers unknown paths with a translated 404", s.notFound)))
	var h http.Handler = mux
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.withSession(h)
	h = s.withLimits(h)
	h = s.withSecurityHeaders(h)
	h = s.withRequestLog(h)
	return h
}
