package pluttra

import (
	"context"
	"strconv"
	"time"
)

// MediaStatus is where an uploaded file is on its way to being shown.
type MediaStatus string

// The statuses. Only a ready item is ever shown to anyone but its
// uploader; a failed one tells its uploader why.
const (
	// MediaUploading: the bytes are still arriving (resumable upload).
	MediaUploading MediaStatus = "uploading"
	// MediaPending: the original is stored and waits for processing.
	MediaPending MediaStatus = "pending"
	MediaReady   MediaStatus = "ready"
	MediaFailed  MediaStatus = "failed"
)

// MediaKind is what a media item is once its bytes have been read.
type MediaKind string

// The kinds; empty until processed.
const (
	MediaImage MediaKind = "image"
	MediaVideo MediaKind = "video"
	MediaAudio MediaKind = "audio"
)

// Media is one photo, video or audio recording uploaded for a post. It
// belongs to its uploader until a post is saved with it, and then follows
// that post: same readers, deleted with it.
type Media struct {
	ID           int64
	OrgID        int64
	DepartmentID int64
	UploaderID   int64
	PostID       int64 // 0 until attached
	MessageID    int64 // 0 unless attached to an important message
	Position     int
	Status       MediaStatus
	Kind         MediaKind
	// ErrorCode says why processing failed (i18n "media.error.<code>").
	ErrorCode   string
	Size        int64 // bytes uploaded
	Width       int
	Height      int
	Duration    time.Duration
	Placeholder string // "#rrggbb", shown while the file loads
	Attempts    int
	CreatedAt   time.Time
	Files       []MediaFile
}

// File returns the processed file of that name, if there is one.
func (m *Media) File(name string) (MediaFile, bool) {
	for _, f := range m.Files {
		if f.Name == name {
			return f, true
		}
	}
	return MediaFile{}, false
}

// MediaFile is one processed file of a media item: a feed-sized image, a
// thumbnail, a transcoded video or audio file, or a video's poster.
type MediaFile struct {
	Name        string // feed, thumb, poster, video, audio
	Key         string // where the bytes are in blob storage
	ContentType string
	Size        int64
	Width       int
	Height      int
}

// Limits on media.
const (
	// MaxPostMedia is how many files one post carries.
	MaxPostMedia = 30
	// MediaAttempts is how often processing is tried before the item is
	// failed for good; only errors of the machine, never of the file, are
	// retried.
	MediaAttempts = 5
)

// MediaOriginalKey is where an item's uploaded bytes wait for processing.
func MediaOriginalKey(orgID, mediaID int64) string {
	return "media/" + strconv.FormatInt(orgID, 10) + "/" + strconv.FormatInt(mediaID, 10) + "/original"
}

// MediaFileKey is where a processed file of an item is kept.
func MediaFileKey(orgID, mediaID int64, name string) string {
	return "media/" + strconv.FormatInt(orgID, 10) + "/" + strconv.FormatInt(mediaID, 10) + "/" + name
}

// MediaFacts is what the access policy needs about a media item.
type MediaFacts struct {
	MediaID      int64
	DepartmentID int64
	UploaderID   int64
	Status       MediaStatus
	// Post is the post it belongs to; nil while it is its uploader's.
	Post *PostFacts
	// Message is the important message it is attached to, if any.
	Message *MessageFacts
}

// MediaStore keeps media items and their processing.
type MediaStore interface {
	// CreateMedia records an upload that is starting.
	CreateMedia(ctx context.Context, orgID int64, m *Media) error
	// MediaUploaded marks the upload complete: the original is stored and
	// waits for processing.
	MediaUploaded(ctx context.Context, orgID, mediaID, size int64) error
	Media(ctx context.Context, orgID, mediaID int64) (*Media, error)
	// MediaOfPosts reads the items of posts, by post then position.
	MediaOfPosts(ctx context.Context, orgID int64, postIDs []int64) (map[int64][]Media, error)
	// MediaOfMessage reads an important message's attachments in order.
	MediaOfMessage(ctx context.Context, orgID, messageID int64) ([]Media, error)
	// UnattachedMedia lists an uploader's items that no post has yet.
	UnattachedMedia(ctx context.Context, orgID, uploaderID, departmentID int64) ([]Media, error)
	// ClaimMedia claims a pending item for node until now+lease; of
	// several nodes only one wins an item. Each claim counts an attempt.
	ClaimMedia(ctx context.Context, node string, now time.Time, lease time.Duration) (*Media, error)
	// RenewMediaClaim moves node's claim on to until while it works;
	// NotFound when the node no longer holds it.
	RenewMediaClaim(ctx context.Context, orgID, mediaID int64, node string, until time.Time) error
	// ReleaseMedia gives back node's claim when it stops working on the
	// item for its own reasons (shutting down): due at once, the attempt
	// uncounted.
	ReleaseMedia(ctx context.Context, orgID, mediaID int64, node string) error
	// ReleaseMediaClaims frees every claim node still holds, as it
	// starts after stopping without letting go; the attempts stand.
	ReleaseMediaClaims(ctx context.Context, node string) (int, error)
	// FinishMedia stores the processed files and makes the item ready.
	FinishMedia(ctx context.Context, m *Media) error
	// FailMedia records a failed attempt: retried at next, or failed for
	// good when permanent.
	FailMedia(ctx context.Context, orgID, mediaID int64, code string, permanent bool, next time.Time) error
	// DeleteMedia removes the item's row; its bytes are the caller's (or
	// the sweeper's) to remove.
	DeleteMedia(ctx context.Context, orgID, mediaID int64) error
	// StaleMedia lists items to sweep: uploads never finished and items
	// never attached to a post, created before the given time.
	StaleMedia(ctx context.Context, before time.Time, limit int) ([]Media, error)
	// MediaExists reports whether the item still has a row (the sweeper
	// removes bytes whose item is gone).
	MediaExists(ctx context.Context, orgID, mediaID int64) (bool, error)
	MediaFacts(ctx context.Context, orgID, mediaID int64, day Date, viewer int64) (*MediaFacts, error)
}
