package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testMedia(t *testing.T, openAt ClockOpener) {
	s, clock := openAt.at(t, morning)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
	other := newUser(t, s, a.org.ID, pluttra.KindStaff, "other@example.se")
	// upload makes an item whose bytes have arrived.
	upload := func(t *testing.T, uploader pluttra.User) *pluttra.Media {
		t.Helper()
		m := &pluttra.Media{DepartmentID: a.dept.ID, UploaderID: uploader.ID, Size: 10}
		must(t, s.CreateMedia(ctx, a.org.ID, m))
		must(t, s.MediaUploaded(ctx, a.org.ID, m.ID, 1234))
		return m
	}
	// process claims items until it has m, and finishes it.
	process := func(t *testing.T, m *pluttra.Media) {
		t.Helper()
		for {
			c, err := s.ClaimMedia(ctx, "storetest", clock.Now().Add(time.Minute), time.Hour)
			must(t, err)
			if c.ID != m.ID {
				continue
			}
			c.Kind, c.Width, c.Height, c.Placeholder = pluttra.MediaImage, 1600, 900, "#102030"
			c.Files = []pluttra.MediaFile{
				{Name: "feed", Key: pluttra.MediaFileKey(a.org.ID, m.ID, "feed"), ContentType: "image/jpeg", Size: 500, Width: 1600, Height: 900},
				{Name: "thumb", Key: pluttra.MediaFileKey(a.org.ID, m.ID, "thumb"), ContentType: "image/jpeg", Size: 50, Width: 400, Height: 225},
			}
			must(t, s.FinishMedia(ctx, c))
			return
		}
	}
	newPost := func(t *testing.T, media ...int64) *pluttra.Post {
		t.Helper()
		p := &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment, Status: pluttra.PostDraft,
			Body: "Vi målade.", Media: media}
		must(t, s.SavePost(ctx, a.org.ID, p, nil))
		return p
	}

	t.Run("UploadProcessAttach", func(t *testing.T) {
		m := upload(t, edu)
		got, err := s.Media(ctx, a.org.ID, m.ID)
		must(t, err)
		if got.Status != pluttra.MediaPending || got.Size != 1234 || got.PostID != 0 {
			t.Fatalf("uploaded = %+v", got)
		}
		process(t, m)
		got, err = s.Media(ctx, a.org.ID, m.ID)
		must(t, err)
		if f, ok := got.File("thumb"); got.Status != pluttra.MediaReady || !ok || f.Width != 400 || got.Placeholder != "#102030" {
			t.Fatalf("processed = %+v", got)
		}
		second := upload(t, edu)
		p := newPost(t, second.ID, m.ID)
		post, err := s.Post(ctx, a.org.ID, p.ID)
		must(t, err)
		if len(post.Media) != 2 || post.Media[0] != second.ID || post.Media[1] != m.ID {
			t.Fatalf("post media = %v, want [%d %d]", post.Media, second.ID, m.ID)
		}
		byPost, err := s.MediaOfPosts(ctx, a.org.ID, []int64{p.ID})
		must(t, err)
		if items := byPost[p.ID]; len(items) != 2 || items[1].ID != m.ID || len(items[1].Files) != 2 {
			t.Fatalf("media of post = %+v", items)
		}
		// Dropping one from the post removes it.
		post.Media = []int64{m.ID}
		must(t, s.SavePost(ctx, a.org.ID, post, nil))
		wantCode(t, errOf(s.Media(ctx, a.org.ID, second.ID)), pluttra.ENOTFOUND)
		// Deleting the post removes its items and their file rows.
		must(t, s.DeletePost(ctx, a.org.ID, p.ID))
		if ok, err := s.MediaExists(ctx, a.org.ID, m.ID); err != nil || ok {
			t.Fatalf("media after post deletion: exists %v, %v", ok, err)
		}
	})
	t.Run("ErrNotYours", func(t *testing.T) {
		m := upload(t, other)
		wantCode(t, s.SavePost(ctx, a.org.ID, &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment,
			Status: pluttra.PostDraft, Body: "x", Media: []int64{m.ID}}, nil), pluttra.EINVALID)
		taken := upload(t, edu)
		newPost(t, taken.ID)
		wantCode(t, s.SavePost(ctx, a.org.ID, &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment,
			Status: pluttra.PostDraft, Body: "x", Media: []int64{taken.ID}}, nil), pluttra.EINVALID)
		still := &pluttra.Media{DepartmentID: a.dept.ID, UploaderID: edu.ID}
		must(t, s.CreateMedia(ctx, a.org.ID, still))
		wantCode(t, s.SavePost(ctx, a.org.ID, &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment,
			Status: pluttra.PostDraft, Body: "x", Media: []int64{still.ID}}, nil), pluttra.EINVALID)
	})
	t.Run("FailAndRetry", func(t *testing.T) {
		m := upload(t, edu)
		for {
			c, err := s.ClaimMedia(ctx, "storetest", clock.Now().Add(time.Minute), time.Hour)
			must(t, err)
			if c.ID == m.ID {
				break
			}
		}
		must(t, s.FailMedia(ctx, a.org.ID, m.ID, "io", false, clock.Now().Add(time.Hour)))
		got, err := s.Media(ctx, a.org.ID, m.ID)
		must(t, err)
		if got.Status != pluttra.MediaPending || got.Attempts != 1 {
			t.Fatalf("retried = %+v", got)
		}
		must(t, s.FailMedia(ctx, a.org.ID, m.ID, "corrupt", true, clock.Now()))
		got, err = s.Media(ctx, a.org.ID, m.ID)
		must(t, err)
		if got.Status != pluttra.MediaFailed || got.ErrorCode != "corrupt" {
			t.Fatalf("failed = %+v", got)
		}
	})
	t.Run("OneClaimerWins", func(t *testing.T) {
		m := upload(t, edu)
		at := clock.Now().Add(30 * time.Minute)
		var mu sync.Mutex
		wins := 0
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					c, err := s.ClaimMedia(ctx, "storetest", at, 2*time.Hour)
					if err != nil {
						return
					}
					if c.ID == m.ID {
						mu.Lock()
						wins++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("item claimed %d times, want once", wins)
		}
	})
	t.Run("StaleAndUnattached", func(t *testing.T) {
		m := upload(t, edu)
		stale, err := s.StaleMedia(ctx, clock.Now().Add(time.Hour), 1000)
		must(t, err)
		found := false
		for _, x := range stale {
			found = found || x.ID == m.ID
		}
		if !found {
			t.Fatalf("unattached item %d not among stale %v", m.ID, stale)
		}
		mine, err := s.UnattachedMedia(ctx, a.org.ID, edu.ID, a.dept.ID)
		must(t, err)
		if len(mine) == 0 {
			t.Fatal("no unattached media for the uploader")
		}
		must(t, s.DeleteMedia(ctx, a.org.ID, m.ID))
		wantCode(t, s.DeleteMedia(ctx, a.org.ID, m.ID), pluttra.ENOTFOUND)
	})
	t.Run("ErrForeign", func(t *testing.T) {
		m := upload(t, edu)
		wantCode(t, errOf(s.Media(ctx, b.org.ID, m.ID)), pluttra.ENOTFOUND)
		wantCode(t, errOf(s.MediaFacts(ctx, b.org.ID, m.ID, today, 0)), pluttra.ENOTFOUND)
		wantCode(t, s.DeleteMedia(ctx, b.org.ID, m.ID), pluttra.ENOTFOUND)
		wantCode(t, s.MediaUploaded(ctx, b.org.ID, m.ID, 1), pluttra.ENOTFOUND)
		if ok, err := s.MediaExists(ctx, b.org.ID, m.ID); err != nil || ok {
			t.Fatalf("foreign media exists = %v, %v", ok, err)
		}
	})
}

// errOf keeps the error of a two-valued call.
func errOf[T any](_ T, err error) error { return err }
