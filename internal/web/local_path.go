package web

import (
	"net/url"
	"strings"
	"unicode"
)

// maxLocalPath bounds a kept return address; ours are far shorter.
const maxLocalPath = 2048

// localPath returns p when it is a path on this site, else the start
// page, so that the address a login or a language change returns to can
// never send the user elsewhere (an open redirect).
func localPath(p string) string {
	if !isLocalPath(p) {
		return "/"
	}
	return p
}

// isLocalPath accepts an absolute path, with a query and fragment, that
// every reader takes the same way. Browsers drop tabs and newlines from an
// address, read a backslash as a slash and a leading // as another host,
// and a later step may decode %2F or %5C into them. So the address is
// refused on a control character, a space or a backslash anywhere, on
// anything url.Parse reads as a scheme, host or user, and its path, as
// written and decoded (three times over, for nested encodings), on those
// and on an empty segment (//) or a dot segment (/./, /../).
func isLocalPath(p string) bool {
	if len(p) > maxLocalPath || !strings.HasPrefix(p, "/") || hasUnsafeRune(p) {
		return false
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	path, _, _ := strings.Cut(p, "?")
	path, _, _ = strings.Cut(path, "#")
	for range 3 {
		if !isPlainPath(path) {
			return false
		}
		decoded, err := url.PathUnescape(path)
		if err != nil {
			return false
		}
		if decoded == path {
			return true
		}
		path = decoded
	}
	// Still encoded after three decodings: no path of ours is.
	return false
}

// isPlainPath: one absolute path, no host, no step up or aside.
func isPlainPath(path string) bool {
	if !strings.HasPrefix(path, "/") || strings.Contains(path, "//") || hasUnsafeRune(path) {
		return false
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	u, err := url.Parse(path)
	return err == nil && u.Scheme == "" && u.Host == ""
}

func hasUnsafeRune(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r == '\\' || r == '\uFFFD' || unicode.IsControl(r) || unicode.IsSpace(r)
	})
}
