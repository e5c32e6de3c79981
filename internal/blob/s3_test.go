package blob_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/blob/blobtest"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestS3(t *testing.T) {
	blobtest.Run(t, func(t testing.TB) blob.Store { return testrig.S3(t) })
}

func TestS3PresignedURLServesTheObject(t *testing.T) {
	s := testrig.S3(t)
	ctx := context.Background()
	if err := s.Put(ctx, "media/1/feed", strings.NewReader("jpeg bytes"), 10); err != nil {
		t.Fatal(err)
	}
	u, err := s.PresignGet(ctx, "media/1/feed", time.Minute, "förskolan.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u, "X-Amz-Signature=") || !strings.Contains(u, "X-Amz-Expires=60") {
		t.Fatalf("url = %s", u)
	}
	resp, err := httpGet(u)
	if err != nil {
		t.Fatal(err)
	}
	if resp != "jpeg bytes" {
		t.Fatalf("body = %q", resp)
	}
	// The signature covers the key: another key with the same query fails.
	if _, err := httpGet(strings.Replace(u, "media/1/feed", "media/1/thumb", 1)); err == nil {
		t.Fatal("the signed URL opened another object")
	}
}

// httpGet fetches u, failing on any status but 200.
func httpGet(u string) (string, error) {
	resp, err := http.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET: %s", resp.Status)
	}
	return string(b), err
}
