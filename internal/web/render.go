package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"slices"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the pages the handlers render. New fails when one has no
// template, so a missing page is a start-up error, never a runtime 500.
var pageNames = []string{
	"login", "start_staff", "start_guardian", "start_admin",
	"structure", "unit", "department", "department_children", "child", "accesslog", "settings_password",
	"child_edit", "department_edit", "unit_edit", "organisation_manage", "login_mfa", "outbox",
	"invite_child", "invite_department", "token", "reset", "import", "ss12000", "post_compose", "post", "feed", "consent", "consent_list", "absence", "absences", "message_compose", "message", "message_receipts", "inbox", "conversation_new", "conversation", "post_review", "comments", "hearts", "comment_confirm", "notice_settings", "offline", "error",
	"calendar", "calendar_manage", "calendar_event_form", "calendar_event", "calendar_cancel", "calendar_subscription",
	"talk_rounds", "talk_round", "child_talks", "talk", "talk_confirm",
}

type pages struct{ byName map[string]*template.Template }

func loadPages() (*pages, error) {
	layout, err := template.New("layout").Funcs(template.FuncMap{"args": args}).
		ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("templates: page %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// view is what every page template gets.
type view struct {
	L         *i18n.Locale
	User      *pluttra.User
	Title     string // an i18n key
	Path      string // the current path, where the language menu returns to
	Languages []i18n.Language
	Data      any
}

// render writes a page with status. It renders into a buffer first so a
// template error becomes a clean 500 rather than half a page.
func (s *Server) render(req *request, status int, page, title string, data any) error {
	t, ok := s.pages.byName[page]
	if !ok {
		return fmt.Errorf("no page %q", page)
	}
	v := view{L: req.L, User: req.P.User, Title: title, Path: req.R.URL.Path, Languages: i18n.Languages, Data: data}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return err
	}
	if status < 300 {
		if err := s.recordAccess(req); err != nil {
			return err
		}
	}
	h := req.W.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", req.L.Code)
	if req.keep != nil && status == http.StatusOK {
		req.keep.body = bytes.Clone(buf.Bytes())
		req.keep.shown = slices.Clone(req.shown)
		req.keep.header = http.Header{}
		for _, k := range []string{"Content-Type", "Cache-Control", "Content-Language"} {
			req.keep.header[k] = h[k]
		}
	}
	req.W.WriteHeader(status)
	_, err := buf.WriteTo(req.W)
	return err
}

// renderFragment renders a shared block (partials.html) on its own, for
// pages that insert it into themselves.
func (s *Server) renderFragment(req *request, block string, data any) error {
	t, ok := s.pages.byName["feed"]
	if !ok {
		return fmt.Errorf("no page to render %q from", block)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		return err
	}
	if err := s.recordAccess(req); err != nil {
		return err
	}
	h := req.W.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", req.L.Code)
	_, err := buf.WriteTo(req.W)
	return err
}

// errorStatus maps the domain's error codes to HTTP, in one place.
var errorStatus = map[string]int{
	pluttra.ENOTFOUND:     http.StatusNotFound,
	pluttra.EFORBIDDEN:    http.StatusForbidden,
	pluttra.EINVALID:      http.StatusBadRequest,
	pluttra.ECONFLICT:     http.StatusConflict,
	pluttra.EUNAUTHORIZED: http.StatusUnauthorized,
	pluttra.ETHROTTLED:    http.StatusTooManyRequests,
	pluttra.EFULL:         http.StatusInsufficientStorage,
	pluttra.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// fail answers with the translated message of a domain error; anything
// else is logged with the request id and shown as a generic error. A
// full disk or a database that does not answer is the operator's to
// know about, so those are logged too.
func (s *Server) fail(req *request, err error) {
	status, ok := errorStatus[pluttra.ErrorCode(err)]
	key := pluttra.ErrorKey(err)
	switch {
	case !ok:
		status, key = http.StatusInternalServerError, "error.internal"
		s.deps.Logger.Error("request failed", "request_id", requestID(req.R.Context()), "err", err)
	case status >= 500:
		s.deps.Logger.Warn("request failed", "request_id", requestID(req.R.Context()), "err", err)
	}
	s.failStatus(req, status, key)
}

func (s *Server) failStatus(req *request, status int, key string) {
	data := map[string]string{"Message": key, "RequestID": requestID(req.R.Context())}
	if err := s.render(req, status, "error", "error.title", data); err != nil {
		s.deps.Logger.Error("render error page", "err", err)
		http.Error(req.W, http.StatusText(status), status)
	}
}

// toLogin sends an anonymous visitor to the login page, remembering where
// they were going when it was a page they asked for.
func (s *Server) toLogin(req *request) {
	target := "/login"
	if req.R.Method == http.MethodGet && req.R.URL.Path != "/" {
		target += "?next=" + urlQueryEscape(req.R.URL.Path)
	}
	http.Redirect(req.W, req.R, target, http.StatusSeeOther)
}

func (s *Server) notFound(req *request) error {
	s.failStatus(req, http.StatusNotFound, "error.not_found")
	return nil
}

// args builds a map from name, value pairs, so a shared block can take
// more than one value: {{template "children" (args "L" .L "Children" .Kids)}}.
func args(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("args: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		name, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("args: name %v is not a string", kv[i])
		}
		m[name] = kv[i+1]
	}
	return m, nil
}
