package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/silcrow/silcrow/wire"
)

// DefaultKeepAlive is how often an [SSEConfig] writes a keep-alive comment
// when KeepAlive is zero.
const DefaultKeepAlive = 15 * time.Second

// LastEventIDParam is the query parameter that carries the last event id a
// client saw when it cannot send the Last-Event-ID header; see
// [SSEStream.LastEventID].
const LastEventIDParam = "lastEventID"

// keepAliveComment is the comment line written when the stream is idle;
// browsers ignore it.
const keepAliveComment = ": keep-alive\n\n"

// SSEConfig serves Server-Sent Events streams, the one-way alternative to
// a WebSocket ([Upgrader]) for s-live="sse:...". The zero value is ready to
// use with the Default* settings, and so is a nil *SSEConfig. In every
// duration field zero means the default and a negative value turns the
// feature off.
//
// There is no retry setting: Silcrow clients reconnect with their own
// backoff and ignore the stream's retry field.
type SSEConfig struct {
	// KeepAlive is how long a stream may stay silent before a comment line
	// is written to it, so that proxies do not close an idle response and a
	// client that has gone is noticed by the failed write.
	KeepAlive time.Duration

	// WriteTimeout bounds each write. A client that does not take an event
	// within it is too slow or gone; the write fails and ends the stream.
	// It replaces http.Server.WriteTimeout for the stream, which would
	// otherwise end every stream that long after it began.
	WriteTimeout time.Duration
}

// SSE serves an event stream with a zero [SSEConfig] and runs handler on
// it; see [SSEConfig.Serve].
func SSE(w http.ResponseWriter, r *http.Request, handler func(ctx context.Context, s *SSEStream)) error {
	return new(SSEConfig).Serve(w, r, handler)
}

// Serve answers r with an event stream and runs handler on it. It writes
// the headers (Content-Type: text/event-stream, Cache-Control: no-cache,
// X-Accel-Buffering: no, the last so that nginx does not buffer the
// stream) and flushes them before handler runs, so that the browser's
// EventSource opens at once. The response ends when handler returns, and
// Serve then returns nil.
//
// The ctx handed to handler carries r's values and is cancelled when the
// client goes away, a write fails, or the stream is closed ([SSEStream.Close],
// [CloseAll], [Shutdown]); handler should return then, as nothing more can
// be sent.
//
// A request that cannot be a stream has already been answered with an HTTP
// error status when Serve returns its error, and handler is not called: a
// method other than GET gets 405, and a ResponseWriter that cannot flush
// (a middleware that buffers) gets 500, as events would sit in its buffer.
func (c *SSEConfig) Serve(w http.ResponseWriter, r *http.Request, handler func(ctx context.Context, s *SSEStream)) error {
	if c == nil {
		c = new(SSEConfig)
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "an event stream is read with GET", http.StatusMethodNotAllowed)
		return fmt.Errorf("server: sse: method %s, want GET", r.Method)
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	s := newSSEStream(w, r, orDefault(c.WriteTimeout, DefaultWriteTimeout))
	_ = s.rc.SetWriteDeadline(s.deadline())
	if err := s.rc.Flush(); err != nil {
		s.cancel()
		if errors.Is(err, http.ErrNotSupported) {
			h.Del("Cache-Control")
			h.Del("X-Accel-Buffering")
			http.Error(w, "event stream unavailable: the response cannot be flushed", http.StatusInternalServerError)
			return errors.New("server: sse: the ResponseWriter cannot flush, so events would wait in its buffer")
		}
		return fmt.Errorf("server: sse: sending the headers: %w", err)
	}
	trackSSE(s)
	defer untrackSSE(s)
	defer close(s.done)
	if keepAlive := orDefault(c.KeepAlive, DefaultKeepAlive); keepAlive > 0 {
		s.workers.Go(func() { s.keepAlive(keepAlive) })
	}
	defer s.finish()
	handler(s.ctx, s)
	return nil
}

// Handler returns an http.Handler that serves every request with
// [SSEConfig.Serve] and handler; requests that cannot be a stream are
// answered with an HTTP error status.
func (c *SSEConfig) Handler(handler func(ctx context.Context, s *SSEStream)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The error has been answered already; there is nobody left to
		// return it to.
		_ = c.Serve(w, r, handler)
	})
}

// SSEStream is one Server-Sent Events response: each [wire.Event] is one
// message in the form [wire.EncodeSSE] gives it. It only sends; a client
// that has something to say uses an ordinary request.
//
// Send and SendID may be called from several goroutines at once; each
// event is written whole and flushed before the next.
type SSEStream struct {
	w            http.ResponseWriter
	rc           *http.ResponseController
	writeTimeout time.Duration
	lastEventID  string
	// srv is the server the request came to, for Shutdown.
	srv *http.Server

	// ctx is the handler's context, cancelled when the stream ends.
	ctx    context.Context
	cancel context.CancelFunc

	// mu orders writes. buf is the message being written; sent says that
	// an event went out since the last keep-alive tick.
	mu   sync.Mutex
	buf  []byte
	sent bool
	// writing is true while a write is under way, for Close to abort.
	writing atomic.Bool

	workers   sync.WaitGroup
	closeOnce sync.Once
	// done is closed when Serve has ended the response.
	done chan struct{}
}

func newSSEStream(w http.ResponseWriter, r *http.Request, writeTimeout time.Duration) *SSEStream {
	ctx, cancel := context.WithCancel(r.Context())
	s := &SSEStream{
		w:            w,
		rc:           http.NewResponseController(w),
		writeTimeout: writeTimeout,
		lastEventID:  r.Header.Get("Last-Event-ID"),
		ctx:          ctx,
		cancel:       cancel,
		done:         make(chan struct{}),
	}
	if s.lastEventID == "" {
		s.lastEventID = r.URL.Query().Get(LastEventIDParam)
	}
	s.srv, _ = r.Context().Value(http.ServerContextKey).(*http.Server)
	return s
}

// LastEventID returns the id of the last event the client saw before it
// reconnected, "" on a first connection: the Last-Event-ID header, which an
// EventSource sends when it reconnects by itself, or, when there is none,
// the lastEventID query parameter ([LastEventIDParam]). The Silcrow client
// reconnects with a fresh EventSource, which cannot set headers, so it
// passes the last id it saw in that parameter. A handler that can replay
// what was missed sends the events after it; one that cannot sends the
// current state.
func (s *SSEStream) LastEventID() string { return s.lastEventID }

// Send writes ev as one message and flushes it. An event that does not
// encode (see [wire.EncodeSSE]) is reported without writing anything, and
// the stream stays usable. ctx is checked before the write and its
// deadline, if sooner than the write timeout, bounds it. A write that
// fails ends the stream: the message may have been half written, so
// nothing sent after it could be trusted.
func (s *SSEStream) Send(ctx context.Context, ev wire.Event) error {
	return s.send(ctx, "", ev)
}

// SendID is Send with an id line: the browser remembers id and sends it
// back when it reconnects, which [SSEStream.LastEventID] reads. An id
// holding a line break or NUL, which would corrupt the stream or be
// ignored, is refused without writing anything.
func (s *SSEStream) SendID(ctx context.Context, id string, ev wire.Event) error {
	if id == "" || strings.ContainsAny(id, "\r\n\x00") {
		return fmt.Errorf("server: send: event id %q is empty or holds a line break or NUL", id)
	}
	return s.send(ctx, id, ev)
}

func (s *SSEStream) send(ctx context.Context, id string, ev wire.Event) error {
	name, data, err := wire.EncodeSSE(ev)
	if err != nil {
		return fmt.Errorf("server: send: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = wire.AppendSSE(s.buf[:0], id, name, data)
	if err := s.write(ctx, s.buf); err != nil {
		return fmt.Errorf("server: send %s event: %w", ev.Type, err)
	}
	s.sent = true
	return nil
}

// write writes and flushes b, under mu, ending the stream when that fails.
// A stream that has ended refuses at once: after the client has gone, the
// kernel may still accept a write into a dead socket, and a Send that
// reports success then would be a lie.
func (s *SSEStream) write(ctx context.Context, b []byte) error {
	s.writing.Store(true)
	defer s.writing.Store(false)
	deadline := s.deadline()
	if d, ok := ctx.Deadline(); ok && (deadline.IsZero() || d.Before(deadline)) {
		deadline = d
	}
	_ = s.rc.SetWriteDeadline(deadline)
	// Checked once the deadline is set, so that a Close from here on cuts
	// the write short rather than having its deadline overwritten.
	if s.ctx.Err() != nil {
		return fmt.Errorf("stream ended: %w", net.ErrClosed)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := s.w.Write(b)
	if err == nil {
		err = s.rc.Flush()
	}
	if err != nil {
		s.cancel()
	}
	return err
}

// deadline returns the deadline of a write starting now: the write
// timeout from now, or none when it is off. A ResponseWriter without
// deadlines writes without them.
func (s *SSEStream) deadline() time.Time {
	if s.writeTimeout <= 0 {
		return time.Time{}
	}
	return time.Now().Add(s.writeTimeout)
}

// keepAlive writes a comment every interval in which no event was sent.
func (s *SSEStream) keepAlive(interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-tick.C:
		}
		s.mu.Lock()
		if !s.sent {
			// A failure ends the stream, which the next loop notices.
			_ = s.write(s.ctx, []byte(keepAliveComment))
		}
		s.sent = false
		s.mu.Unlock()
	}
}

// Close ends the stream: Send fails from then on and the handler's ctx is
// cancelled, so that the handler returns and the response ends, which a
// Silcrow client answers by reconnecting. A write under way is cut short.
// Closing a stream again, or one that has ended, does nothing.
func (s *SSEStream) Close() {
	s.closeOnce.Do(func() {
		s.cancel()
		if s.writing.Load() {
			// A client that does not read would hold the write, and so
			// the handler and a graceful shutdown, for the whole write
			// timeout.
			_ = s.rc.SetWriteDeadline(time.Unix(1, 0))
		}
	})
}

// finish stops the stream once handler has returned, so that nothing
// writes to the response after Serve returns, and gives net/http's last
// write, the end of the response, a fresh deadline.
func (s *SSEStream) finish() {
	s.Close()
	s.workers.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.rc.SetWriteDeadline(s.deadline())
}
