package blob

import (
	"context"
	"path/filepath"
)

// Open opens the store a media URL names: empty for a directory "media"
// under the data directory, or s3://bucket?endpoint=...&region=... with
// the credentials of the AWS environment variables or files.
func Open(ctx context.Context, mediaURL, dataDir string) (Store, error) {
	if mediaURL == "" {
		return NewDisk(filepath.Join(dataDir, "media"))
	}
	o, err := ParseS3URL(mediaURL)
	if err != nil {
		return nil, err
	}
	return NewS3(ctx, o)
}
