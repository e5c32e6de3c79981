package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/securitylog"
)

// maxBody caps request bodies; forms are small. An import file may be
// larger: a big municipality's records are a few megabytes.
const (
	maxBody       = 1 << 20
	maxImportBody = 64 << 20
)

// withLimits caps the request body so a client cannot exhaust memory.
func (s *Server) withLimits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxBody)
		if r.URL.Path == "/admin/import" {
			limit = maxImportBody
		}
		if strings.HasPrefix(r.URL.Path, "/uploads/") {
			// tus checks each upload against the configured limit itself.
			limit = s.deps.MaxUpload + 1<<20
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows nothing inline and nothing from elsewhere.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
	"font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// withSecurityHeaders sets the headers every response carries.
func (s *Server) withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

type ctxKey int

const (
	requestInfoKey ctxKey = iota
	principalKey
)

// requestInfo is filled in as a request travels, for its log line.
type requestInfo struct {
	id      string
	pattern string
	client  string // the client's address (client_address.go)
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withRequestLog gives each request an id (echoed in X-Request-Id) and logs
// one line per request. It logs the route pattern, never the query string,
// form values or who the user is, so logs carry no personal data.
func (s *Server) withRequestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.deps.Now()
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		info := &requestInfo{id: id, client: s.clients.of(r)}
		ctx := context.WithValue(r.Context(), requestInfoKey, info)
		// Security events below the web layer name the request and client.
		ctx = securitylog.WithOrigin(ctx, securitylog.Origin{RequestID: id, Address: info.client})
		defer func() {
			if v := recover(); v != nil {
				s.deps.Logger.Error("panic", "request_id", id, "panic", v)
				if sw.status == 0 {
					http.Error(sw, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			pattern := info.pattern
			if pattern == "" {
				pattern = r.Method + " (unmatched)"
			}
			if strings.HasPrefix(pattern, "GET /static/") || pattern == "GET /healthz" || pattern == "GET /readyz" {
				return
			}
			s.deps.Logger.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("request_id", id),
				slog.String("route", pattern), slog.Int("status", status),
				slog.Duration("duration", time.Since(start)))
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// requestID returns the id withRequestLog gave the request.
func requestID(ctx context.Context) string {
	if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok {
		return info.id
	}
	return ""
}
