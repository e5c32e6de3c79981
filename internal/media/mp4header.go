package media

import (
	"math"
	"os"
	"strconv"

	mp4 "github.com/abema/go-mp4"
)

// maxMoovSize bounds the index read in process; a phone's clip of minutes
// has one of a few hundred KiB. A larger one is left to ffprobe.
const maxMoovSize = 16 << 20

// visualEntries are the picture codecs whose sample entry this reader
// trusts for the coded size; any other leaves the file to ffprobe.
var visualEntries = map[mp4.BoxType]bool{
	mp4.BoxTypeAvc1(): true, mp4.BoxTypeHvc1(): true, mp4.BoxTypeHev1(): true,
	mp4.BoxTypeMp4v(): true, mp4.BoxTypeAv01(): true,
}

// mp4Header reads what processing needs from an MP4 or MOV file's own
// index (the moov box), in process: ffprobe takes a sixth of a second to
// start, a twentieth of a phone clip's transcode. It gives the same answer
// ffprobe would for the files phones and cameras write: the picture and
// sound tracks, the picture's coded size, pixel aspect and turn, and the
// durations. ok is false whenever the file says something this reader does
// not know (another codec, a damaged or huge index, no picture track);
// ffprobe is asked then. The decoder's own pixel limit (-max_pixels) holds
// either way, so a header that lies about the size gains nothing.
func mp4Header(path string) (info probeInfo, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return probeInfo{}, false
	}
	defer f.Close()
	var (
		tracks  []probeStream
		cur     *probeStream
		handler string
		known   = true
		movie   float64
	)
	_, err = mp4.ReadBoxStructure(f, func(h *mp4.ReadHandle) (any, error) {
		t := h.BoxInfo.Type
		switch {
		case t == mp4.BoxTypeMoov():
			if h.BoxInfo.Size > maxMoovSize {
				known = false
				return nil, nil
			}
			return h.Expand()
		case t == mp4.BoxTypeTrak():
			tracks = append(tracks, probeStream{})
			cur, handler = &tracks[len(tracks)-1], ""
			return h.Expand()
		case t == mp4.BoxTypeMdia() || t == mp4.BoxTypeMinf() || t == mp4.BoxTypeStbl() || t == mp4.BoxTypeStsd():
			return h.Expand()
		}
		if len(h.Path) < 2 || h.Path[0] != mp4.BoxTypeMoov() || cur == nil && t != mp4.BoxTypeMvhd() {
			return nil, nil
		}
		inStsd := h.Path[len(h.Path)-2] == mp4.BoxTypeStsd()
		switch {
		case inStsd && handler == "vide":
			if !visualEntries[t] {
				known = false // a picture codec this reader does not know
				return nil, nil
			}
			if cur.Width != 0 {
				return nil, nil // a second entry: ffprobe reads the first
			}
		case inStsd:
			return nil, nil // sound and data entries say nothing needed here
		case t != mp4.BoxTypeMvhd() && t != mp4.BoxTypeTkhd() && t != mp4.BoxTypeHdlr() &&
			t != mp4.BoxTypeMdhd() && t != mp4.BoxTypePasp():
			return nil, nil // sample tables and the like
		}
		box, _, err := h.ReadPayload()
		if err != nil {
			return nil, err
		}
		switch b := box.(type) {
		case *mp4.Mvhd:
			if b.Timescale > 0 {
				movie = float64(b.GetDuration()) / float64(b.Timescale)
			}
		case *mp4.Tkhd:
			// The display matrix's first column turns the picture.
			a, c := float64(b.Matrix[0]), float64(b.Matrix[1])
			if r := math.Atan2(c, a) * 180 / math.Pi; math.Abs(r) > 0.5 {
				cur.SideData = append(cur.SideData, struct {
					Rotation float64 `json:"rotation"`
				}{r})
			}
		case *mp4.Hdlr:
			if h.Path[len(h.Path)-2] != mp4.BoxTypeMdia() {
				return nil, nil // QuickTime's data handler, in minf
			}
			handler = string(b.HandlerType[:])
			cur.CodecType = map[string]string{"vide": "video", "soun": "audio"}[handler]
		case *mp4.Mdhd:
			if b.Timescale > 0 {
				cur.Duration = strconv.FormatFloat(float64(b.GetDuration())/float64(b.Timescale), 'f', 6, 64)
			}
		case *mp4.VisualSampleEntry:
			cur.Width, cur.Height = int(b.Width), int(b.Height)
			return h.Expand() // for its pasp
		case *mp4.PixelAspectRatioBox:
			if b.HSpacing > 0 && b.VSpacing > 0 {
				cur.SAR = strconv.FormatUint(uint64(b.HSpacing), 10) + ":" + strconv.FormatUint(uint64(b.VSpacing), 10)
			}
		}
		return nil, nil
	})
	if err != nil || !known || movie <= 0 {
		return probeInfo{}, false
	}
	for _, s := range tracks {
		if s.CodecType == "video" && (s.Width <= 0 || s.Height <= 0) {
			return probeInfo{}, false // a picture codec this reader does not know
		}
		if s.CodecType == "video" || s.CodecType == "audio" {
			info.Streams = append(info.Streams, s)
		}
	}
	if _, ok := info.video(); !ok {
		return probeInfo{}, false
	}
	info.Format.Duration = strconv.FormatFloat(movie, 'f', 6, 64)
	return info, true
}
