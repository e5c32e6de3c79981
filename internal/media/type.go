package media

// Kind is what an upload is to its viewers: a photo, a clip or a recording.
// It picks the pipeline that processes the file and how the feed shows it.
type Kind string

// The kinds of media Pluttra shows.
const (
	KindImage Kind = "image"
	KindVideo Kind = "video"
	KindAudio Kind = "audio"
)

// Type is what the bytes are, decided from the bytes, never the name: a
// file called photo.jpg that holds HTML is refused, whatever it is called.
type Type struct {
	Kind Kind
	// Name is the format: jpeg png webp heic gif mp4 mov webm m4a mp3 ogg
	// wav. For mp4, mov and webm, Sniff guesses video; Process looks at the
	// streams and reports audio when there is no picture.
	Name string
}
