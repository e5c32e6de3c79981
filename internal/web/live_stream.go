package web

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// A live stream lasts minutes, and a node holds thousands at once: every
// guardian of a unit with a page open. So once its request is authorised
// a stream keeps only what deciding and sending an event needs: the
// user's principal, the session it came with, the events not yet sent
// and the connection. Over HTTP/1.1 it takes the connection over from
// net/http, which frees the request's goroutine (whose stack grew deep
// while the session and the user's facts were read), its read and write
// buffers and the response. What is left is one goroutine, blocked
// reading the connection so that it learns at once when the browser
// leaves, with a read deadline that wakes it for the next keep-alive or
// the stream's end, and that an event brings forward to now. Deciding
// an event goes deep (the policy's rules, and database reads when the
// organisation's epoch has moved), so it is done on a goroutine of its
// own (apart): the stream's goroutine keeps its small stack for the
// stream's life, rather than growing it, and keeping it grown, at the
// first event.

const (
	// liveBacklog is how many events a stream may fall behind by; an
	// open page takes an event in microseconds.
	liveBacklog = 8
	// liveWriteWait is how long past its end a stream may wait for a
	// browser that does not read; then it is cut.
	liveWriteWait = 15 * time.Second
	// liveReadWait bounds the database reads one decision makes.
	liveReadWait = 30 * time.Second
)

// Server-sent event frames, and their HTTP/1.1 chunks.
var (
	liveRetry     = []byte("retry: 3000\n\n")
	liveBeat      = []byte(": beat\n\n")
	liveBeatChunk = chunk(liveBeat)
	liveLastChunk = []byte("0\r\n\r\n")
)

// liveWakeAtOnce is a read deadline passed long ago: set, it ends the
// stream's wait for the connection at once.
var liveWakeAtOnce = time.Unix(1, 0)

// errLiveSessionOver ends a stream whose session a request would no
// longer take: ended, expired, or its user deactivated.
var errLiveSessionOver = errors.New("live: the stream's session is over")

// liveStream is one open page's stream of events.
type liveStream struct {
	s       *Server
	id      string           // the request's id, for the log
	session [32]byte         // the hash of the session's token
	p       access.Principal // the user, as decided at epoch and day
	epoch   int64
	day     pluttra.Date
	end     time.Time // the browser is asked to reconnect then

	// conn is the connection taken over; otherwise the ResponseWriter's
	// loop waits on wake. Both are set before the stream listens.
	conn net.Conn
	wake chan struct{}
	read [1]byte // a browser sends nothing more on the connection

	mu      sync.Mutex
	pending [liveBacklog]live.Event
	n       int
}

func (s *Server) newLiveStream(req *request) *liveStream {
	st := &liveStream{s: s, id: requestID(req.R.Context()), p: req.P, epoch: req.P.Epoch,
		day: s.deps.Policy.Today(), end: time.Now().Add(s.opts.LiveMaxStream)}
	if c, err := req.R.Cookie(s.cookieName(sessionCookie)); err == nil {
		copy(st.session[:], hashToken(c.Value))
	}
	return st
}

// Hear keeps an event for the stream and wakes it (live.Listener). A
// stream that has fallen behind by liveBacklog events loses the next;
// the page catches up on its next load.
func (st *liveStream) Hear(e live.Event) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.n < len(st.pending) {
		st.pending[st.n] = e
		st.n++
	}
	if st.conn != nil {
		st.conn.SetReadDeadline(liveWakeAtOnce)
		return
	}
	select {
	case st.wake <- struct{}{}:
	default:
	}
}

// takeOver answers on a connection taken from net/http, with the response
// header h, and streams on a goroutine of its own.
func (st *liveStream) takeOver(conn net.Conn, h http.Header) {
	st.conn = conn
	// One deadline serves every write: a browser's socket buffer takes
	// many events, so only a write to a browser that stopped reading
	// long ago waits, and it keeps its stream no longer than the end.
	conn.SetWriteDeadline(st.end.Add(liveWriteWait))
	stop := st.s.deps.Live.Listen(st.p.OrgID(), st)
	var head bytes.Buffer
	head.WriteString("HTTP/1.1 200 OK\r\n")
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	h.Set("Transfer-Encoding", "chunked")
	h.Set("Connection", "close")
	h.Write(&head)
	head.WriteString("\r\n")
	head.Write(chunk(liveRetry))
	if !st.send(head.Bytes()) {
		stop()
		conn.Close()
		return
	}
	go st.run(stop)
}

// run sends the stream's events and keep-alives until the stream ends,
// the browser leaves or stops reading, or the session is over.
func (st *liveStream) run(stop func()) {
	defer st.conn.Close()
	defer stop()
	defer func() {
		if v := recover(); v != nil {
			st.s.deps.Logger.Error("panic", "request_id", st.id, "panic", v)
		}
	}()
	beat := time.Now().Add(st.s.opts.LiveHeartbeat)
	for {
		sse, ok := st.heard(context.Background(), nil)
		if !ok {
			st.send(liveLastChunk)
			return
		}
		if len(sse) > 0 && !st.send(chunk(sse)) {
			return
		}
		now := time.Now()
		if !now.Before(st.end) {
			st.send(liveLastChunk)
			return
		}
		if !now.Before(beat) {
			if !st.send(liveBeatChunk) {
				return
			}
			beat = now.Add(st.s.opts.LiveHeartbeat)
		}
		next := beat
		if st.end.Before(next) {
			next = st.end
		}
		if !st.wait(next) {
			return
		}
	}
}

// wait blocks until the deadline or an event, reading the connection; it
// reports false when the browser has gone, or sent something after its
// request, which a browser's stream never does.
func (st *liveStream) wait(until time.Time) bool {
	st.mu.Lock()
	if st.n > 0 {
		st.mu.Unlock()
		return true
	}
	st.conn.SetReadDeadline(until)
	st.mu.Unlock()
	_, err := st.conn.Read(st.read[:])
	return errors.Is(err, os.ErrDeadlineExceeded)
}

// send writes to the connection taken over; false when it failed.
func (st *liveStream) send(b []byte) bool {
	_, err := st.conn.Write(b)
	return err == nil
}

// chunk frames b as one chunk of an HTTP/1.1 chunked body.
func chunk(b []byte) []byte {
	c := make([]byte, 0, len(b)+12)
	c = strconv.AppendInt(c, int64(len(b)), 16)
	c = append(c, "\r\n"...)
	c = append(c, b...)
	return append(c, "\r\n"...)
}

// serveWriter streams through the ResponseWriter, where the connection
// cannot be taken over.
func (st *liveStream) serveWriter(req *request) error {
	rc := http.NewResponseController(req.W)
	// The server's write timeout is for ordinary pages, not for streams.
	if err := rc.SetWriteDeadline(st.end.Add(time.Minute)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	st.wake = make(chan struct{}, 1)
	stop := st.s.deps.Live.Listen(st.p.OrgID(), st)
	defer stop()
	req.W.WriteHeader(http.StatusOK)
	req.W.Write(liveRetry)
	rc.Flush()

	ctx := req.R.Context()
	end := time.NewTimer(time.Until(st.end))
	defer end.Stop()
	beat := time.NewTicker(st.s.opts.LiveHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-end.C:
			return nil
		case <-beat.C:
			req.W.Write(liveBeat)
		case <-st.wake:
			sse, ok := st.heard(ctx, nil)
			if !ok {
				return nil // the stream ends; the browser reconnects
			}
			req.W.Write(sse)
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// heard takes the events that have arrived and appends those the user
// may hear to sse as server-sent events; false when the stream must end.
func (st *liveStream) heard(ctx context.Context, sse []byte) ([]byte, bool) {
	st.mu.Lock()
	events, n := st.pending, st.n
	st.n = 0
	st.mu.Unlock()
	if n == 0 {
		return sse, true
	}
	var err error
	apart(func() {
		for _, e := range events[:n] {
			var ok bool
			if ok, err = st.mayHear(ctx, e); err != nil {
				return
			}
			if ok {
				sse = append(sse, "event: "...)
				sse = append(sse, e.Kind...)
				sse = append(sse, "\ndata: {\"id\":"...)
				sse = strconv.AppendInt(sse, e.ID, 10)
				sse = append(sse, "}\n\n"...)
			}
		}
	})
	return sse, err == nil
}

// mayHear decides an event for the stream's user as of now: the account
// may have been deactivated and the facts may have changed since the
// stream began, which the organisation's epoch tells. The event's facts
// are read once per node and shared by every stream (live_audience.go).
func (st *liveStream) mayHear(ctx context.Context, e live.Event) (bool, error) {
	if _, known := liveActions[e.Kind]; !known {
		return false, nil
	}
	la := st.s.liveAudienceOf(ctx, e)
	if pluttra.ErrorCode(la.err) == pluttra.ENOTFOUND {
		return false, nil // gone already, or never this organisation's
	}
	if la.err != nil {
		return false, la.err
	}
	today := st.s.deps.Policy.Today()
	if st.epoch != la.epoch || st.day.String() != today.String() {
		var err error
		apart(func() {
			ctx, cancel := context.WithTimeout(ctx, liveReadWait)
			defer cancel()
			err = st.readPrincipal(ctx, la.epoch)
		})
		if err != nil {
			return false, err
		}
		st.epoch, st.day = la.epoch, today
	}
	return st.p.LoggedIn() && la.audience.Decide(st.p) == access.Allow, nil
}

// readPrincipal reads the stream's user again at the epoch, after
// checking that its session is one a request would still take.
func (st *liveStream) readPrincipal(ctx context.Context, epoch int64) error {
	s := st.s
	ses, err := s.deps.Store.SessionByTokenHash(ctx, st.session[:])
	if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
		return errLiveSessionOver
	}
	if err != nil {
		return err
	}
	now := s.deps.Now()
	if ses.UserID != st.p.User.ID || !now.Before(ses.ExpiresAt) || !now.Before(ses.LastSeenAt.Add(s.opts.SessionIdle)) {
		return errLiveSessionOver
	}
	u, err := s.deps.Store.User(ctx, ses.OrgID, ses.UserID)
	if err != nil {
		return err
	}
	if !u.Active {
		return errLiveSessionOver
	}
	st.p, err = s.deps.Policy.PrincipalAt(ctx, u, epoch)
	return err
}

// apart runs f on a goroutine of its own and waits for it. A goroutine's
// stack stays as large as the deepest call it has made, and database
// calls go deep: a long-lived stream makes them apart to stay small. A
// panic in f is raised again here.
func apart(f func()) {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	if v := <-done; v != nil {
		panic(v)
	}
}
