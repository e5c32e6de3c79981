package web

import (
	"context"
	"net/http"
	"time"
)

func (s *Server) healthz(req *request) error {
	req.W.Header().Set("Content-Type", "text/plain; charset=utf-8")
	req.W.Write([]byte("ok\n"))
	return nil
}

// readyz answers 200 only while the database answers, so a load balancer
// stops sending requests to a node that cannot serve them.
func (s *Server) readyz(req *request) error {
	ctx, cancel := context.WithTimeout(req.R.Context(), 2*time.Second)
	defer cancel()
	req.W.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.deps.Store.Ping(ctx); err != nil {
		req.W.WriteHeader(http.StatusServiceUnavailable)
		req.W.Write([]byte("database unavailable\n"))
		return nil
	}
	req.W.Write([]byte("ready\n"))
	return nil
}
