// Package media turns an upload into the files Pluttra serves. It decides
// what the bytes are from the bytes, refuses what it will not handle
// (unknown types, pixel floods, polyglots, clips over the length limit) and
// writes freshly encoded images, video and audio that carry none of the
// original's metadata: no GPS position of a preschool, no camera serial.
//
// It reads one file and writes into one directory and knows nothing of HTTP
// or databases, so the upload handler and the background job share it.
// Video and audio go through the ffmpeg and ffprobe executables, in their
// own processes, so a decoder crash or hang stays outside the server.
package media
