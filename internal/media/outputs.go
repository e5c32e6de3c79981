package media

import (
	"bufio"
	"image/jpeg"
	"os"
	"path/filepath"
)

// jpegQuality is the quality of every JPEG written: no visible loss at
// feed size, about a third of the bytes of quality 95.
const jpegQuality = 82

// outputs collects the files one run writes into the work directory, under
// fixed names, so that a failed run can remove everything it started,
// half-written files included.
type outputs struct {
	dir     string
	written []string
	list    []Output
}

// path returns where a file of that name goes and remembers it for
// removal, before anything is written to it.
func (o *outputs) path(file string) string {
	p := filepath.Join(o.dir, file)
	o.written = append(o.written, p)
	return p
}

// add records a finished file as an output.
func (o *outputs) add(name, path, contentType string, w, h int) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	o.list = append(o.list, Output{Name: name, Path: path, ContentType: contentType, Size: st.Size(), Width: w, Height: h})
	return nil
}

// removeAll deletes every file the run wrote or began to write.
func (o *outputs) removeAll() {
	for _, p := range o.written {
		os.Remove(p)
	}
	o.list = nil
}

// writeJPEG encodes a picture as the output called name: fresh from pixels,
// so nothing of the original file but its picture goes along.
func (o *outputs) writeJPEG(name string, pic picture) error {
	path := o.path(name + ".jpg")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = jpeg.Encode(bw, pic.toImage(), &jpeg.Options{Quality: jpegQuality})
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	w, h := pic.size()
	return o.add(name, path, "image/jpeg", w, h)
}
