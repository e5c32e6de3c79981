package media

import "errors"

// Error is a refusal or failure the author of an upload should see. Code is
// stable, so the web layer can show the translated sentence under the i18n
// key "media.error."+Code; Err keeps the cause for the logs.
//
// Errors that are not *Error (a cancelled context, a full disk) are the
// server's trouble rather than the file's, and worth another attempt.
type Error struct {
	Code string
	// Err is the cause, for logs; it may be nil.
	Err error
}

// The codes an Error carries. They are part of the contract with the
// translations, so they never change meaning.
const (
	// CodeUnsupported: the file is not a photo, video or recording of a
	// format Pluttra takes (or is a document, archive, web page, program).
	CodeUnsupported = "unsupported"
	// CodeTooLarge: the picture's dimensions are over the limits, which is
	// how pixel floods and decompression bombs show themselves.
	CodeTooLarge = "too_large"
	// CodeCorrupt: the file claims a format but cannot be read as it.
	CodeCorrupt = "corrupt"
	// CodeTooLong: the clip or recording runs longer than allowed.
	CodeTooLong = "too_long"
	// CodeNoFFmpeg: the server has no ffmpeg, so it cannot take video or
	// audio at all; an operator has to install it.
	CodeNoFFmpeg = "no_ffmpeg"
	// CodePolyglot: the image carries other data after its end (a ZIP,
	// HTML), a file that is two things at once.
	CodePolyglot = "polyglot"
)

// Error reads "media: code: cause", for logs.
func (e *Error) Error() string {
	if e.Err == nil {
		return "media: " + e.Code
	}
	return "media: " + e.Code + ": " + e.Err.Error()
}

// Unwrap gives errors.Is and errors.As the cause.
func (e *Error) Unwrap() error { return e.Err }

// corrupt makes err a CodeCorrupt refusal, unless it already is a refusal.
func corrupt(err error) error {
	if _, ok := errors.AsType[*Error](err); ok {
		return err
	}
	return refuse(CodeCorrupt, err)
}

// refuse makes an *Error, for brevity at the many places that refuse.
func refuse(code string, err error) error {
	return &Error{Code: code, Err: err}
}
