package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func (s *Server) healthz(req *request) error {
	req.W.Header().Set("Content-Type", "text/plain; charset=utf-8")
	req.W.Write([]byte("ok\n"))
	return nil
}

// readyz answers 200 only while the database answers and can take
// writes, so a load balancer stops sending requests to a node that cannot
// serve them, and sends them again once it can: the answer follows the
// store's state without a restart.
func (s *Server) readyz(req *request) error {
	req.W.Header().Set("Content-Type", "text/plain; charset=utf-8")
	err := s.readiness.check(req.R.Context(), s.deps.Now(), s.deps.Logger, s.deps.Store.Ready)
	if err == nil {
		req.W.Write([]byte("ready\n"))
		return nil
	}
	req.W.WriteHeader(http.StatusServiceUnavailable)
	if pluttra.ErrorCode(err) == pluttra.EFULL {
		req.W.Write([]byte("database storage full\n"))
	} else {
		req.W.Write([]byte("database unavailable\n"))
	}
	return nil
}

// readyFor is how long one readiness check answers the probes: balancers
// probe every few seconds, each node from several, and a check asks the
// database and the disk.
const readyFor = 2 * time.Second

// readyTimeout bounds one readiness check.
const readyTimeout = 2 * time.Second

// readiness keeps the last readiness check for readyFor, and logs when
// the answer changes.
type readiness struct {
	mu      sync.Mutex
	checked time.Time
	err     error
}

// check returns the kept answer while it is fresh, or asks ready. Probes
// arriving during a check wait for it rather than asking again.
func (r *readiness) check(ctx context.Context, now time.Time, logger *slog.Logger, ready func(context.Context) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if age := now.Sub(r.checked); !r.checked.IsZero() && age >= 0 && age < readyFor {
		return r.err
	}
	// A prober that hangs up does not end the check others wait for.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readyTimeout)
	defer cancel()
	err := ready(ctx)
	wasReady := r.checked.IsZero() || r.err == nil
	switch {
	case err != nil && wasReady:
		logger.Warn("not ready", "err", err)
	case err == nil && !wasReady:
		logger.Info("ready again")
	}
	r.checked, r.err = now, err
	return err
}
