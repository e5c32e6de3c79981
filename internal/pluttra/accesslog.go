package pluttra

import "time"

// AccessEntry is one line of the access log: who read or changed which
// child's data, when, how, and in which request. It holds no free text, so
// the log itself never becomes a store of personal details.
type AccessEntry struct {
	ID        int64
	OrgID     int64
	At        time.Time
	UserID    int64
	ChildID   int64
	Action    string // the name of an access action, such as child.view
	RequestID string
}

// AccessQuery narrows a listing of the access log.
type AccessQuery struct {
	ChildID  int64     // 0 for every child
	UserID   int64     // 0 for every user
	Since    time.Time // zero for the beginning
	BeforeID int64     // for paging: entries older than this id; 0 for the newest
	Limit    int       // at most this many; 0 for a sensible default
}
