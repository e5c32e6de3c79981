package testrig

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/pluttra/pluttra/internal/blob"
)

// The S3 server the test command starts (versitygw) and its keys.
const (
	S3EndpointVar  = "PLUTTRA_TEST_S3_ENDPOINT"
	S3AccessKeyVar = "PLUTTRA_TEST_S3_ACCESS_KEY"
	S3SecretKeyVar = "PLUTTRA_TEST_S3_SECRET_KEY"
)

// S3Options locates a new, empty bucket on the test server, removed with
// everything in it after the test.
func S3Options(t testing.TB) blob.S3Options {
	t.Helper()
	endpoint := Service(t, S3EndpointVar, "S3 server")
	var b [6]byte
	rand.Read(b[:])
	o := blob.S3Options{Endpoint: endpoint, Region: "us-east-1", Bucket: "t-" + hex.EncodeToString(b[:]),
		AccessKey: os.Getenv(S3AccessKeyVar), SecretKey: os.Getenv(S3SecretKeyVar)}
	s, err := blob.NewS3Client(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.MakeBucket(ctx, o.Bucket, minio.MakeBucketOptions{Region: o.Region}); err != nil {
		t.Fatalf("s3: make bucket: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		for obj := range s.ListObjects(ctx, o.Bucket, minio.ListObjectsOptions{Recursive: true}) {
			s.RemoveObject(ctx, o.Bucket, obj.Key, minio.RemoveObjectOptions{})
		}
		s.RemoveBucket(ctx, o.Bucket)
	})
	return o
}

// S3 opens a blob store on a new bucket of the test server.
func S3(t testing.TB) *blob.S3 {
	t.Helper()
	s, err := blob.NewS3(context.Background(), S3Options(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// S3URL is the --media-url of a new bucket of the test server, with the
// server's keys in the environment where the server reads them.
func S3URL(t *testing.T) string {
	t.Helper()
	o := S3Options(t)
	t.Setenv("AWS_ACCESS_KEY_ID", o.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", o.SecretKey)
	q := url.Values{"endpoint": {o.Endpoint}, "region": {o.Region}}
	return "s3://" + o.Bucket + "?" + q.Encode()
}
