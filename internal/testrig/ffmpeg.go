package testrig

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/pluttra/pluttra/internal/media"
)

// FFmpeg finds ffmpeg and ffprobe for the tests of video and audio. Without
// them the test is skipped with a one-line reason, or fails when services
// are required: the full test command promises those tests ran.
func FFmpeg(t testing.TB) *media.FFmpeg {
	t.Helper()
	ff, err := media.FindFFmpeg()
	if err != nil {
		unavailable(t, "ffmpeg and ffprobe not found on PATH (Debian package ffmpeg)")
	}
	return ff
}

// Program finds another executable a test or benchmark runs (such as
// vipsthumbnail, the speed anchor for photos), under the same policy;
// pkg names the Debian package that provides it.
func Program(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		unavailable(t, fmt.Sprintf("%s not found on PATH (Debian package %s)", name, pkg))
	}
	return path
}

// unavailable skips, or fails when RequireServicesVar says nothing may be
// skipped.
func unavailable(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv(RequireServicesVar) == "1" {
		t.Fatal(reason)
	}
	t.Skip(reason)
}
