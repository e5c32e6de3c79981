package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pluttra/pluttra/internal/app"
	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// demoFamilies picks, in the educator's department of the demo, two
// children whose photos may be shared and one whose may not, a guardian of
// the first, and a guardian of a child in another department.
type demoFamilies struct {
	dept              pluttra.Department
	sharedA, sharedB  pluttra.Child
	notShared         pluttra.Child
	guardianA         string // email
	guardianElsewhere string // email
}

func findFamilies(t *testing.T, a *app.App) demoFamilies {
	t.Helper()
	ctx := context.Background()
	org, err := a.Store.OrganisationBySlug(ctx, demo.Slug)
	must(t, err)
	users, err := a.Store.UsersByEmail(ctx, "pedagog@solasen.example")
	must(t, err)
	ms, err := a.Store.StaffMemberships(ctx, org.ID, users[0].ID)
	must(t, err)
	day := testrig.Today()
	d, err := a.Store.Department(ctx, org.ID, ms[0].DepartmentID)
	must(t, err)
	f := demoFamilies{dept: *d}
	kids, err := a.Store.ChildrenInDepartment(ctx, org.ID, d.ID, day)
	must(t, err)
	for _, c := range kids {
		level, err := a.Store.EffectiveConsent(ctx, org.ID, c.ID, day)
		must(t, err)
		switch {
		case level == pluttra.ConsentShared && f.sharedA.ID == 0:
			f.sharedA = c
		case level == pluttra.ConsentShared && f.sharedB.ID == 0:
			f.sharedB = c
		case level != pluttra.ConsentShared && f.notShared.ID == 0:
			f.notShared = c
		}
	}
	if f.sharedB.ID == 0 || f.notShared.ID == 0 {
		t.Fatal("the demo department lacks two sharing children and one not sharing")
	}
	f.guardianA = guardianEmail(t, a, org.ID, f.sharedA.ID)
	depts, err := a.Store.Departments(ctx, org.ID)
	must(t, err)
	for _, other := range depts {
		if other.ID == d.ID {
			continue
		}
		kids, err := a.Store.ChildrenInDepartment(ctx, org.ID, other.ID, day)
		must(t, err)
		for _, c := range kids {
			email := guardianEmail(t, a, org.ID, c.ID)
			if email != "vardnadshavare@solasen.example" { // that guardian has a child in both
				f.guardianElsewhere = email
				return f
			}
		}
	}
	t.Fatal("no guardian of another department")
	return f
}

func guardianEmail(t *testing.T, a *app.App, orgID, childID int64) string {
	t.Helper()
	gs, err := a.Store.Guardianships(context.Background(), orgID, childID)
	must(t, err)
	u, err := a.Store.User(context.Background(), orgID, gs[0].GuardianID)
	must(t, err)
	return u.Email
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestDocumentationWithPhotoAndVideo is a day of documentation end to end
// in real browsers: an educator uploads a phone photo whose EXIF carries
// GPS coordinates, tags two children whose guardians share photos and
// publishes to the department; a guardian of one of them, with the feed
// open, sees it appear without reloading, and the image they are served
// has no EXIF and no GPS; a guardian of a child in another department
// gets 404 on the post. Tagging a child without shared consent is refused
// with the child's name, and a video is transcoded and plays.
//
// It runs on both set-ups: SQLite with media on disk (one preschool), and
// PostgreSQL with media in S3 (a municipality).
func TestDocumentationWithPhotoAndVideo(t *testing.T) {
	t.Run("SQLiteAndDisk", func(t *testing.T) { documentationDay(t) })
	t.Run("PostgreSQLAndS3", func(t *testing.T) {
		documentationDay(t, "--database-url", testrig.PostgresURL(t), "--media-url", testrig.S3URL(t))
	})
}

func documentationDay(t *testing.T, setup ...string) {
	ff := testrig.FFmpeg(t)
	base, a := startDemoApp(t, setup...)
	f := findFamilies(t, a)
	dir := t.TempDir()
	photo := filepath.Join(dir, "IMG_0001.jpg")
	must(t, os.WriteFile(photo, testrig.PhotoWithGPS(1600, 1200), 0o644))

	guardian := browser(t)
	logIn(t, guardian, base, f.guardianA)
	do(t, guardian, chromedp.Navigate(base+"/feed"), chromedp.WaitVisible(chromedp.CSS("[data-live-feed]")))

	staff := browser(t)
	logIn(t, staff, base, "pedagog@solasen.example")
	compose := base + "/departments/" + itoa(f.dept.ID) + "/posts/new"
	body := "Vi letade maskar i rabatten " + time.Now().Format("15:04:05.000")
	do(t, staff,
		chromedp.Navigate(compose),
		chromedp.WaitVisible(chromedp.CSS("#media-files")),
		chromedp.SetUploadFiles(chromedp.CSS("#media-files"), []string{photo}),
	)
	waitProcessed(t, staff)
	do(t, staff,
		chromedp.SendKeys(chromedp.CSS("#body"), body),
		chromedp.Click(chromedp.CSS(`input[name=audience][value=department]`)),
		chromedp.Click(chromedp.CSS(`input[name=child][value="`+itoa(f.sharedA.ID)+`"]`)),
		chromedp.Click(chromedp.CSS(`input[name=child][value="`+itoa(f.sharedB.ID)+`"]`)),
		chromedp.Click(chromedp.CSS(`button[name=publish]`)),
		chromedp.WaitVisible(chromedp.CSS("article.post")),
	)
	postURL := step(t, staff, chromedp.Location())

	// The guardian's open feed shows it without a reload, marked new.
	do(t, guardian, chromedp.WaitVisible(chromedp.CSS(`article.post.unread img`)))
	text := step(t, guardian, chromedp.Text(chromedp.CSS("article.post.unread")))
	if !strings.Contains(text, body) {
		t.Fatalf("the live post is not the new one: %q", text)
	}
	if count := step(t, guardian, chromedp.Text(chromedp.CSS("#live-count"))); !strings.Contains(count, "1") {
		t.Fatalf("live count = %q", count)
	}
	// The image's own address, not currentSrc: a lazy image has none until
	// it has loaded.
	served := fetchInPage(t, guardian, `document.querySelector("article.post.unread img").getAttribute("src")`)
	if len(served) < 1000 || served[0] != 0xFF || served[1] != 0xD8 {
		t.Fatalf("served image is not a JPEG (%d bytes)", len(served))
	}
	if strings.Contains(string(served), "Exif") || strings.Contains(string(served), testrig.GPSMarker) {
		t.Fatal("the served image still carries EXIF or GPS")
	}

	// Another department's family: the post does not exist for them.
	elsewhere := browser(t)
	logIn(t, elsewhere, base, f.guardianElsewhere)
	path := strings.TrimPrefix(postURL, base)
	if status := step(t, elsewhere, chromedp.Evaluate[int](`fetch("`+path+`").then(r => r.status)`, chromedp.EvalAwaitPromise)); status != 404 {
		t.Fatalf("guardian of another department: %s answered %d", path, status)
	}

	// A child whose photos may not be shared cannot be in a department post.
	do(t, staff,
		chromedp.Navigate(compose),
		chromedp.WaitVisible(chromedp.CSS("#body")),
		chromedp.SendKeys(chromedp.CSS("#body"), "Vi målade med vattenfärg."),
		chromedp.Click(chromedp.CSS(`input[name=audience][value=department]`)),
		chromedp.Click(chromedp.CSS(`input[name=child][value="`+itoa(f.notShared.ID)+`"]`)),
		chromedp.Click(chromedp.CSS(`button[name=publish]`)),
		chromedp.WaitVisible(chromedp.CSS(`section[role=alert]`)),
	)
	if alert := step(t, staff, chromedp.Text(chromedp.CSS(`section[role=alert]`))); !strings.Contains(alert, f.notShared.FirstName) {
		t.Fatalf("refusal does not name %s: %q", f.notShared.FirstName, alert)
	}

	// A video: transcoded to H.264 and playable in the browser.
	clip := filepath.Join(dir, "clip.mov")
	out, err := exec.Command(ff.FFmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=2",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:v", "mpeg4", "-c:a", "aac", "-shortest", clip).CombinedOutput()
	if err != nil {
		t.Fatalf("make clip: %v\n%s", err, out)
	}
	do(t, staff,
		chromedp.Navigate(compose),
		chromedp.WaitVisible(chromedp.CSS("#media-files")),
		chromedp.SetUploadFiles(chromedp.CSS("#media-files"), []string{clip}),
	)
	waitProcessed(t, staff)
	do(t, staff,
		chromedp.SendKeys(chromedp.CSS("#body"), "Vår sång om hösten."),
		chromedp.Click(chromedp.CSS(`input[name=audience][value=department]`)),
		chromedp.Click(chromedp.CSS(`button[name=publish]`)),
		chromedp.WaitVisible(chromedp.CSS("article.post video")),
	)
	played := step(t, staff, chromedp.Evaluate[bool](`(async () => {
		const v = document.querySelector("article.post video");
		v.muted = true;
		await v.play();
		await new Promise(r => setTimeout(r, 700));
		return v.currentTime > 0 && v.videoWidth > 0 && !v.error;
	})()`, chromedp.EvalAwaitPromise))
	if !played {
		t.Fatal("the transcoded video does not play")
	}
}

// waitProcessed waits until every item in the composer has uploaded and
// been processed, failing with the reason shown if one failed.
func waitProcessed(t *testing.T, ctx context.Context) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		state := step(t, ctx, chromedp.Evaluate[string](`(() => {
			const items = [...document.querySelectorAll(".media-item")];
			if (!items.length) return "none";
			const failed = items.find(li => li.classList.contains("failed"));
			if (failed) return "failed: " + failed.textContent;
			return items.every(li => li.dataset.status === "ready") ? "ready" : "busy";
		})()`))
		switch {
		case state == "ready":
			return
		case strings.HasPrefix(state, "failed"):
			t.Fatal(state)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the upload was not processed in time")
}

// fetchInPage fetches the URL an expression gives, with the page's own
// session, and returns the bytes.
func fetchInPage(t *testing.T, ctx context.Context, urlExpr string) []byte {
	t.Helper()
	b64 := step(t, ctx, chromedp.Evaluate[string](`fetch(`+urlExpr+`).then(r => r.arrayBuffer()).then(b => {
		let s = ""; const u = new Uint8Array(b);
		for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
		return btoa(s);
	})`, chromedp.EvalAwaitPromise))
	data, err := base64.StdEncoding.DecodeString(b64)
	must(t, err)
	return data
}
