package media

import "time"

// Output is one file the processor wrote into the work directory, ready to
// be stored and served as it is.
type Output struct {
	// Name says what the file is for: "feed" (long side at most 1600
	// pixels, never upscaled), "thumb" (at most 400), "video" (MP4),
	// "poster" (a frame of the video as JPEG, at most 1600) or "audio".
	Name        string
	Path        string
	ContentType string
	Size        int64
	// Width and Height are set for pictures and video.
	Width, Height int
}

// Result is what processing learnt and wrote: what the web layer stores
// about a media item and shows before its files load.
type Result struct {
	Type Type
	// Width and Height are the displayed size of the original, after its
	// orientation (images, video), for laying out the page before loading.
	Width, Height int
	// Duration is set for video and audio.
	Duration time.Duration
	// Placeholder is the average colour, "#rrggbb" (images and video
	// posters), shown in the box until the picture arrives.
	Placeholder string
	Outputs     []Output
}
