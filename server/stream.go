package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/frame"
)

// Stream is a WebSocket connection that speaks the wire format: each
// message is one text frame holding one [wire.Event].
//
// Send may be called from several goroutines at once. Recv must be called
// by one goroutine at a time, and should be called in a loop for as long as
// the connection lives, even by a handler that ignores what arrives: the
// stream reads ahead one message only, and while that message waits for
// Recv no further frame is read, so neither the peer's close frame nor its
// pongs are seen. Keep-alive pings pause meanwhile rather than mistake the
// wait for a dead peer.
type Stream struct {
	conn         *websocket.Conn
	writeTimeout time.Duration

	// ctx is the handler's context, cancelled when the connection ends.
	ctx    context.Context
	cancel context.CancelFunc

	// The reader goroutine hands messages to Recv over frames. It closes
	// readDone, after setting readErr, when the connection fails.
	frames   chan inbound
	readDone chan struct{}
	readErr  error
	// closing is closed when Close starts: the reader stops handing over
	// messages and Recv reports the end.
	closing chan struct{}
	// waiting is true while the reader holds a message Recv has not taken;
	// received counts messages read. Keep-alive uses both to tell a dead
	// peer from a busy handler.
	waiting  atomic.Bool
	received atomic.Uint64
	workers  sync.WaitGroup

	closeOnce sync.Once
	closeErr  error

	mu          sync.Mutex
	endReported bool

	// v1 says the client picked wire.Subprotocol: the reader answers its
	// pings and takes its hello, and neither reaches Recv. helloDone is
	// closed once the first frame is read (or at once without v1).
	v1        bool
	helloDone chan struct{}
	// since is the last position the client saw per room, from its hello
	// (see [Stream.Since]); set before helloDone closes, read-only after.
	since map[string]wire.Position
}

// inbound is one message read from the peer.
type inbound struct {
	typ  websocket.MessageType
	data []byte
}

func newStream(parent context.Context, conn *websocket.Conn, cfg streamSettings) *Stream {
	ctx, cancel := context.WithCancel(parent)
	s := &Stream{
		conn:         conn,
		writeTimeout: cfg.writeTimeout,
		ctx:          ctx,
		cancel:       cancel,
		frames:       make(chan inbound),
		readDone:     make(chan struct{}),
		closing:      make(chan struct{}),
		v1:           conn.Subprotocol() == wire.Subprotocol,
		helloDone:    make(chan struct{}),
	}
	if !s.v1 {
		close(s.helloDone)
	}
	if cfg.readLimit > 0 {
		conn.SetReadLimit(cfg.readLimit)
	} else {
		conn.SetReadLimit(-1)
	}
	track(s)
	s.workers.Go(s.read)
	if cfg.pingInterval > 0 && cfg.pingTimeout > 0 {
		s.workers.Go(func() { s.keepAlive(cfg.pingInterval, cfg.pingTimeout) })
	}
	return s
}

// Send writes ev as one text frame. An event that does not encode (see
// [wire.Encode]) is reported without writing anything, and the stream stays
// usable. Any other failure, including the write timeout or ctx ending
// mid-write, ends the stream: a message may have been half written, so
// nothing sent after it could be trusted.
func (s *Stream) Send(ctx context.Context, ev wire.Event) error {
	b, err := wire.Encode(ev)
	if err != nil {
		return fmt.Errorf("server: send: %w", err)
	}
	if err := s.write(ctx, b); err != nil {
		return fmt.Errorf("server: send %s event: %w", ev.Type, err)
	}
	return nil
}

// write sends an encoded event, ending the stream when it fails. A stream
// that has ended refuses at once: after the reader saw the peer go, the
// kernel may still accept a write into a dead socket, and a Send that
// reports success then would be a lie.
func (s *Stream) write(ctx context.Context, b []byte) error {
	if s.ctx.Err() != nil {
		_ = s.conn.CloseNow()
		return fmt.Errorf("stream ended: %w", net.ErrClosed)
	}
	if s.writeTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.writeTimeout)
		defer cancel()
	}
	err := s.conn.Write(ctx, websocket.MessageText, b)
	if err != nil {
		// The connection may already be closed; that is the state we want.
		_ = s.conn.CloseNow()
		s.cancel()
	}
	return err
}

// Recv returns the next event from the peer. Its errors:
//
//   - [ErrNonText] or a [*FrameError] (both match [ErrBadFrame]): the frame
//     was dropped; the stream is still usable and the next Recv returns the
//     next frame.
//   - a [*CloseError]: the peer sent a close frame. It matches io.EOF.
//   - io.EOF: the connection ended without a close frame (dropped, timed
//     out, over the read limit, a failed Send), or after the CloseError was
//     reported, or after [Stream.Close]. The handler's ctx is cancelled then
//     too, and a Recv whose ctx is cancelled for that reason also returns
//     io.EOF.
//   - ctx's error when ctx ends for another reason first; the stream is
//     still usable.
//
// The guide's Silcrow.send(el, {event: "chat", data}) carries no type and
// arrives as a custom event named "chat".
func (s *Stream) Recv(ctx context.Context) (wire.Event, error) {
	select {
	case m := <-s.frames:
		return decodeInbound(m)
	case <-s.readDone:
	case <-s.closing:
	case <-s.ctx.Done():
	case <-ctx.Done():
		if s.ctx.Err() == nil {
			return wire.Event{}, ctx.Err()
		}
		// ctx is the handler's, or derived from it: report the end of the
		// stream rather than the cancellation it caused.
	}
	return wire.Event{}, s.end()
}

func decodeInbound(m inbound) (wire.Event, error) {
	if m.typ != websocket.MessageText {
		return wire.Event{}, ErrNonText
	}
	// The read limit has been enforced on the connection already.
	ev, err := wire.DecodeLimit(m.data, 0)
	if err != nil {
		return wire.Event{}, &FrameError{Frame: m.data, Err: err}
	}
	return ev, nil
}

// end reports how the connection ended: the peer's close frame once, io.EOF
// ever after.
func (s *Stream) end() error {
	select {
	case <-s.closing:
		// Closed here; a close frame read since only answered ours.
		return io.EOF
	default:
	}
	select {
	case <-s.readDone:
	default:
		// Ended without the reader noticing yet: a failed Send or the
		// request's context.
		return io.EOF
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var ce websocket.CloseError
	if s.endReported || !errors.As(s.readErr, &ce) {
		return io.EOF
	}
	s.endReported = true
	return &CloseError{Code: int(ce.Code), Reason: ce.Reason}
}

// Close closes the stream with status 1000 (normal closure); see
// [Stream.CloseWith].
func (s *Stream) Close() error {
	return s.CloseWith(int(websocket.StatusNormalClosure), "")
}

// CloseWith sends a close frame with code and reason, waits for the peer to
// answer (at most about 10s), and releases the connection. Valid codes are
// 1000–1003, 1007–1014 and 3000–4999; reason may be up to 123 bytes.
// Applications use 4000–4999. Only the first call has an effect; later calls
// return its result. Closing a connection the peer has already closed is
// not an error.
func (s *Stream) CloseWith(code int, reason string) error {
	s.closeOnce.Do(func() {
		defer untrack(s)
		close(s.closing)
		err := s.conn.Close(websocket.StatusCode(code), reason)
		if err != nil && !errors.Is(err, net.ErrClosed) {
			s.closeErr = fmt.Errorf("server: close: %w", err)
		}
		s.workers.Wait()
		s.cancel()
	})
	return s.closeErr
}

// read runs for the life of the connection, so control frames (pongs, the
// peer's close) are handled even while the handler is not in Recv.
func (s *Stream) read() {
	defer s.cancel()
	defer close(s.readDone)
	for {
		// The connection's closing ends this read; a context here would
		// close the connection before a close handshake could run.
		typ, data, err := s.conn.Read(context.Background())
		if err != nil {
			s.readErr = err
			// After a peer's close frame the connection is closed already.
			// After anything else (the peer gone, a protocol error, a
			// message over the limit) it is unusable, and whatever close
			// frame was due has been sent; release it so Send fails
			// instead of writing into a socket nobody reads.
			_ = s.conn.CloseNow()
			return
		}
		s.received.Add(1)
		if s.v1 && typ == websocket.MessageText && frame.IsControl(data) {
			s.control(data)
			continue
		}
		s.helloRead()
		s.waiting.Store(true)
		select {
		case s.frames <- inbound{typ: typ, data: data}:
			s.waiting.Store(false)
		case <-s.closing:
			return
		}
	}
}

// helloRead notes that the first frame has been read: a client that speaks
// wire.Subprotocol sends its hello first, and the handler waits for it.
func (s *Stream) helloRead() {
	select {
	case <-s.helloDone:
	default:
		close(s.helloDone)
	}
}

// control handles a control frame of wire.Subprotocol: a ping is answered
// with a pong, a hello (the first frame only) gives the positions the
// client had seen, anything else is dropped. Handlers see none of them.
func (s *Stream) control(data []byte) {
	c, err := frame.ParseControl(data)
	first := false
	select {
	case <-s.helloDone:
	default:
		first = true
	}
	switch {
	case err != nil:
	case c.Type == frame.ControlPing:
		// The reader answers, so a heartbeat is answered even while the
		// handler is busy; a failed write ends the stream.
		_ = s.write(s.ctx, pongFrame)
	case c.Type == frame.ControlHello && first:
		s.since = c.Since
	}
	s.helloRead()
}

var pongFrame = []byte(frame.PongFrame)

// awaitHello waits until the client's first frame has been read, for at
// most wait: a client that speaks wire.Subprotocol sends its hello as soon
// as the socket opens, and the handler must know what it offers before it
// joins a room.
func (s *Stream) awaitHello(wait time.Duration) {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-s.helloDone:
	case <-s.ctx.Done():
	case <-t.C:
	}
}

// keepAlive pings the peer every interval and drops the connection when a
// pong does not come back within timeout. The pong is read by the reader
// goroutine, so a ping is only conclusive while the reader is reading: no
// ping is sent while a message waits for Recv, and one that fails while a
// message arrived is not held against the peer, which has just shown it is
// alive.
func (s *Stream) keepAlive(interval, timeout time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-s.closing:
			return
		case <-s.ctx.Done():
			return
		case <-tick.C:
		}
		if s.waiting.Load() {
			continue
		}
		before := s.received.Load()
		ctx, cancel := context.WithTimeout(s.ctx, timeout)
		err := s.conn.Ping(ctx)
		cancel()
		if err == nil || s.waiting.Load() || s.received.Load() != before {
			continue
		}
		if s.ending() {
			// Dropping the connection now could cut a close handshake
			// short.
			return
		}
		// A dead peer cannot read a close frame; drop the connection and
		// let the reader report the end.
		_ = s.conn.CloseNow()
		return
	}
}

// ending reports whether the stream is closing or its context has ended.
func (s *Stream) ending() bool {
	select {
	case <-s.closing:
		return true
	case <-s.ctx.Done():
		return true
	default:
		return false
	}
}
