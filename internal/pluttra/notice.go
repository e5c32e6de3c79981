package pluttra

import (
	"strings"
	"time"
)

// NoticeCategory is what a notice is about; each user chooses per category
// how, or whether, they hear of it.
type NoticeCategory string

// The categories.
const (
	NoticePostChild      NoticeCategory = "post_child"      // a post about my child
	NoticePostDepartment NoticeCategory = "post_department" // a post for my child's department
	NoticeImportant      NoticeCategory = "important"       // an important message from the preschool
	NoticeMessage        NoticeCategory = "message"         // a message in one of my threads
	NoticeCalendar       NoticeCategory = "calendar"        // an event added, moved or cancelled
	NoticeTalk           NoticeCategory = "talk"            // a development talk coming up
)

// NoticeCategories lists every category in the order the settings page
// shows them.
var NoticeCategories = []NoticeCategory{NoticePostChild, NoticePostDepartment, NoticeImportant, NoticeMessage, NoticeCalendar, NoticeTalk}

// Valid reports whether c is a known category.
func (c NoticeCategory) Valid() bool {
	for _, x := range NoticeCategories {
		if x == c {
			return true
		}
	}
	return false
}

// Channel is how a user hears of a category.
type Channel string

// The channels.
const (
	ChannelPush   Channel = "push"   // a notification on the user's devices; email when they have none
	ChannelEmail  Channel = "email"  // one email per notice
	ChannelDigest Channel = "digest" // one email a day listing them all
	ChannelOff    Channel = "off"    // not at all; the page still shows it
)

// Channels lists the channels in the order the settings page offers them.
var Channels = []Channel{ChannelPush, ChannelEmail, ChannelDigest, ChannelOff}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	return c == ChannelPush || c == ChannelEmail || c == ChannelDigest || c == ChannelOff
}

// DefaultChannel is the channel of a category the user has not chosen
// for: at once for what concerns their own child and what they must act
// on, the day's summary for the department's everyday posts, and email
// for talks, which are planned weeks ahead.
func DefaultChannel(c NoticeCategory) Channel {
	switch c {
	case NoticePostDepartment:
		return ChannelDigest
	case NoticeTalk:
		return ChannelEmail
	}
	return ChannelPush
}

// NoticePrefs is a user's choice of channel per category, with the
// defaults filled in, and when they want quiet.
type NoticePrefs struct {
	Channels map[NoticeCategory]Channel
	NoticeSettings
}

// Channel is the user's channel for the category.
func (p NoticePrefs) Channel(c NoticeCategory) Channel {
	if ch, ok := p.Channels[c]; ok {
		return ch
	}
	return DefaultChannel(c)
}

// NoticeZone is where quiet hours and the digest's hour are read: the
// preschools' own time.
var NoticeZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

// NoticeSettings are a user's quiet hours and the hour of their daily
// digest, in minutes after midnight in Europe/Stockholm.
type NoticeSettings struct {
	Quiet     bool
	QuietFrom int
	QuietTo   int
	DigestAt  int
}

// DefaultNoticeSettings: quiet from 20:00 to 07:00, the digest at 16:00,
// when the day at preschool ends.
var DefaultNoticeSettings = NoticeSettings{Quiet: true, QuietFrom: 20 * 60, QuietTo: 7 * 60, DigestAt: 16 * 60}

// Check refuses times outside the day and a quiet period of no length.
func (s NoticeSettings) Check() error {
	in := func(m int) bool { return m >= 0 && m < 24*60 }
	switch {
	case !in(s.QuietFrom):
		return Invalid("quiet_from", "organisation.manage.error.time")
	case !in(s.QuietTo):
		return Invalid("quiet_to", "organisation.manage.error.time")
	case !in(s.DigestAt):
		return Invalid("digest_at", "organisation.manage.error.time")
	case s.Quiet && s.QuietFrom == s.QuietTo:
		return Invalid("quiet_to", "notice.error.quiet_empty")
	}
	return nil
}

// QuietUntil says when the quiet period that t falls in ends, in loc; the
// zero time when t is not in one. A period may run over midnight.
func (s NoticeSettings) QuietUntil(t time.Time, loc *time.Location) time.Time {
	if !s.Quiet || s.QuietFrom == s.QuietTo {
		return time.Time{}
	}
	local := t.In(loc)
	m := local.Hour()*60 + local.Minute()
	var inQuiet bool
	if s.QuietFrom < s.QuietTo {
		inQuiet = m >= s.QuietFrom && m < s.QuietTo
	} else {
		inQuiet = m >= s.QuietFrom || m < s.QuietTo
	}
	if !inQuiet {
		return time.Time{}
	}
	end := atMinute(local, s.QuietTo, loc)
	if !end.After(local) {
		end = atMinute(local.AddDate(0, 0, 1), s.QuietTo, loc)
	}
	return end
}

// NextDigest is the first digest hour after t, in loc.
func (s NoticeSettings) NextDigest(t time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	at := atMinute(local, s.DigestAt, loc)
	if !at.After(local) {
		at = atMinute(local.AddDate(0, 0, 1), s.DigestAt, loc)
	}
	return at
}

// atMinute is the time minute minutes after midnight on t's day in loc.
func atMinute(t time.Time, minute int, loc *time.Location) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, minute/60, minute%60, 0, 0, loc)
}

// Notice is something that happened that people are told of: by push,
// email or digest as each recipient chooses. Its texts are message keys
// (Key+".title", Key+".body") rendered with Args in each recipient's own
// language, so a notice never carries one language's words.
type Notice struct {
	ID       int64
	OrgID    int64
	Category NoticeCategory
	// Key names what happened, such as "notice.post_child"; the catalogs
	// have Key+".title" (the push title and email subject, which says
	// what happened: "New post about Alva from Solrosen") and Key+".body".
	Key  string
	Args map[string]string
	// Link is the path on this site the notice opens, such as /posts/12.
	Link string
	// Urgent notices (an important message its sender marks urgent) are
	// not held back by quiet hours.
	Urgent     bool
	Recipients []int64 // user ids
	CreatedAt  time.Time
}

// Check refuses a notice the worker could not deliver.
func (n *Notice) Check() error {
	switch {
	case !n.Category.Valid():
		return Invalid("category", "error.invalid")
	case n.Key == "" || strings.ContainsAny(n.Key, " \n"):
		return Invalid("key", "error.invalid")
	case !strings.HasPrefix(n.Link, "/") || strings.HasPrefix(n.Link, "//"):
		return Invalid("link", "error.invalid")
	}
	return nil
}

// DeliveryStatus is where a notice's delivery to one recipient is.
type DeliveryStatus string

// The statuses.
const (
	DeliveryPending DeliveryStatus = "pending"
	DeliverySent    DeliveryStatus = "sent"
	DeliveryFailed  DeliveryStatus = "failed"  // given up after several attempts
	DeliverySkipped DeliveryStatus = "skipped" // the recipient is gone
)

// NoticeDelivery is one recipient's copy of a notice, as the worker
// claims it: the notice, the recipient, and how far it got.
type NoticeDelivery struct {
	ID       int64
	OrgID    int64
	UserID   int64
	Channel  Channel // push, email or digest
	Status   DeliveryStatus
	DueAt    time.Time
	Attempts int
	// SentVia is the channel it went out by: email when push fell back.
	SentVia   Channel
	LastError string
	Notice    Notice // without Recipients
}

// MaxPushSubscriptions is how many browsers one user may turn push on in.
// Saving one more removes the user's oldest, so a script that subscribes
// in a loop cannot make a notice fan out to thousands of sends.
const MaxPushSubscriptions = 10

// PushSubscription is one browser's Web Push subscription: where its push
// service takes messages for it and its keys for encrypting them (RFC 8291).
// An endpoint belongs to one user: another user's save of it is refused.
type PushSubscription struct {
	ID        int64
	OrgID     int64
	UserID    int64
	Endpoint  string
	P256dh    string // the browser's public key, base64url
	Auth      string // the browser's authentication secret, base64url
	CreatedAt time.Time
}

// DigestBatch is one user's due digest: every notice gathered since the
// last, sent as one email.
type DigestBatch struct {
	OrgID      int64
	UserID     int64
	Deliveries []NoticeDelivery
}
