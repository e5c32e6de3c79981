package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3 keeps objects in a bucket of S3-compatible storage, under an
// optional key prefix.
type S3 struct {
	client *minio.Client
	bucket string
	prefix string
}

// S3Options locate a bucket. Without keys, the standard AWS variables
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), a credentials file or the
// instance's role are used, so keys never need to be in a URL.
type S3Options struct {
	Endpoint  string // http(s)://host:port; empty for AWS
	Region    string
	Bucket    string
	Prefix    string
	AccessKey string
	SecretKey string
}

// ParseS3URL reads s3://bucket[/prefix]?endpoint=...&region=...
func ParseS3URL(raw string) (S3Options, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return S3Options{}, fmt.Errorf("media-url: want s3://bucket?endpoint=...&region=..., got %q", raw)
	}
	q := u.Query()
	return S3Options{Endpoint: q.Get("endpoint"), Region: q.Get("region"), Bucket: u.Host, Prefix: strings.Trim(u.Path, "/")}, nil
}

// NewS3 connects to the bucket, which must exist.
func NewS3(ctx context.Context, o S3Options) (*S3, error) {
	c, err := NewS3Client(o)
	if err != nil {
		return nil, err
	}
	ok, err := c.BucketExists(ctx, o.Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3: bucket %s: %w", o.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("s3: bucket %s does not exist", o.Bucket)
	}
	return &S3{client: c, bucket: o.Bucket, prefix: o.Prefix}, nil
}

// NewS3Client is the client NewS3 uses, for tools that manage buckets.
func NewS3Client(o S3Options) (*minio.Client, error) {
	host, secure := "s3.amazonaws.com", true
	if o.Endpoint != "" {
		e, err := url.Parse(o.Endpoint)
		if err != nil || e.Host == "" {
			return nil, fmt.Errorf("s3: endpoint %q is not a URL", o.Endpoint)
		}
		host, secure = e.Host, e.Scheme != "http"
	}
	creds := credentials.NewChainCredentials([]credentials.Provider{
		&credentials.EnvAWS{}, &credentials.FileAWSCredentials{}, &credentials.IAM{},
	})
	if o.AccessKey != "" {
		creds = credentials.NewStaticV4(o.AccessKey, o.SecretKey, "")
	}
	c, err := minio.New(host, &minio.Options{Creds: creds, Secure: secure, Region: o.Region, BucketLookup: minio.BucketLookupPath})
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	return c, nil
}

func (s *S3) name(key string) string {
	if s.prefix == "" {
		return key
	}
	return s.prefix + "/" + key
}

// Put uploads the object; S3 makes it visible only when the upload
// completes, and a failed multipart upload is aborted.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := checkKey(key); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, s.bucket, s.name(key), r, size, minio.PutObjectOptions{ContentType: "application/octet-stream"})
	return s3Error(err)
}

// Open reads the object's attributes first, so a missing one is known
// before any byte is served.
func (s *S3) Open(ctx context.Context, key string) (Object, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, s.name(key), minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Error(err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, s3Error(err)
	}
	return &s3Object{Object: obj, info: Info{Key: key, Size: st.Size, ModTime: st.LastModified}}, nil
}

// Delete removes the object.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	return s3Error(s.client.RemoveObject(ctx, s.bucket, s.name(key), minio.RemoveObjectOptions{}))
}

// List lists the objects under the prefix.
func (s *S3) List(ctx context.Context, prefix string, fn func(Info) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing when fn fails
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.name(prefix), Recursive: true}) {
		if o.Err != nil {
			return s3Error(o.Err)
		}
		key := strings.TrimPrefix(o.Key, s.name(""))
		if err := fn(Info{Key: key, Size: o.Size, ModTime: o.LastModified}); err != nil {
			return err
		}
	}
	return nil
}

// PresignGet signs a GET of the object for ttl, with the file name the
// browser should show and no other way to reach it.
func (s *S3) PresignGet(ctx context.Context, key string, ttl time.Duration, filename string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	params := url.Values{}
	if filename != "" {
		params.Set("response-content-disposition", mime.FormatMediaType("inline", map[string]string{"filename": filename}))
	}
	u, err := s.client.PresignedGetObject(ctx, s.bucket, s.name(key), ttl, params)
	if err != nil {
		return "", s3Error(err)
	}
	return u.String(), nil
}

type s3Object struct {
	*minio.Object
	info Info
}

func (o *s3Object) Info() Info { return o.info }

func s3Error(err error) error {
	if err == nil {
		return nil
	}
	switch minio.ToErrorResponse(err).Code {
	case "NoSuchKey":
		return ErrNotFound
	case "EntityTooLarge", "QuotaExceeded", "XMinioStorageFull":
		return errors.Join(ErrNoSpace, err)
	}
	return err
}
