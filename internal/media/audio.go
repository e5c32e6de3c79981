package media

import "context"

// The audio output: AAC in an MP4 container (.m4a), which every browser
// plays; the first audio stream only, so cover art, chapters and metadata
// stay behind.
var audioArgs = []string{
	"-map", "0:a:0", "-vn", "-sn", "-dn",
	"-map_metadata", "-1", "-map_chapters", "-1",
	"-c:a", "aac", "-b:a", "128k",
	"-movflags", "+faststart", "-f", "mp4",
}

// processAudio transcodes a recording.
func (f *FFmpeg) processAudio(ctx context.Context, t Type, src string, info probeInfo, limits Limits, out *outputs) (Result, error) {
	if err := limits.checkDuration(info.duration()); err != nil {
		return Result{}, err
	}
	path := out.path("audio.m4a")
	args := append([]string{"-nostdin", "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-y"}, inputArgs(t, src, limits)...)
	args = append(args, "-t", capSeconds(limits))
	args = append(append(args, audioArgs...), "file:"+path)
	report, err := run(ctx, f.FFmpeg, args...)
	if err != nil {
		return Result{}, asCorrupt(ctx, err)
	}
	d := info.duration()
	if err := checkTranscoded(limits, report, &d); err != nil {
		return Result{}, err
	}
	if err := out.add("audio", path, "audio/mp4", 0, 0); err != nil {
		return Result{}, err
	}
	return Result{Type: t, Duration: d}, nil
}
