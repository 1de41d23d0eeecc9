package server

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/wire"
)

// The defaults an [Upgrader] field takes when it is zero.
const (
	DefaultReadLimit    = wire.DefaultMaxSize
	DefaultWriteTimeout = 10 * time.Second
	DefaultPingInterval = 25 * time.Second
	DefaultPingTimeout  = 15 * time.Second
)

// HelloWait bounds how long Upgrade waits for the hello of a client that
// picked [wire.Subprotocol] before running the handler. A Silcrow client
// sends it the moment the socket opens; the wait only matters for another
// client that offers the subprotocol and never says hello.
const HelloWait = 5 * time.Second

// Upgrader turns HTTP requests into WebSocket [Stream]s. The zero value is
// ready to use with the Default* settings, and so is a nil *Upgrader. In every
// duration and size field zero means the default and a negative value turns
// the feature off.
type Upgrader struct {
	// OriginPatterns lists the other origins whose pages may connect, as
	// host patterns for path.Match ("app.example.com", "*.example.com"),
	// or "scheme://host" patterns to pin the scheme too. The request's own
	// host is always allowed; any other Origin is refused with 403, so a
	// page on another site cannot open a socket with the user's cookies.
	// Requests without an Origin header (not from a browser) are allowed.
	OriginPatterns []string

	// ReadLimit is the largest message, in bytes, a peer may send. A bigger
	// one closes the connection with status 1009 (message too big) and
	// Recv then returns io.EOF.
	ReadLimit int64

	// WriteTimeout bounds each Send. A peer that does not take a message
	// within it is too slow or gone; the Send fails and ends the stream.
	WriteTimeout time.Duration

	// PingInterval is how often the server pings the peer. A peer that
	// does not answer within PingTimeout is presumed dead: the connection
	// is dropped without a close frame, and the handler's ctx is cancelled.
	// Keep-alive is off when either is negative.
	PingInterval time.Duration
	PingTimeout  time.Duration
}

// WS upgrades the request with a zero [Upgrader] (same-origin only, default
// limits) and runs handler on the stream; see [Upgrader.Upgrade].
func WS(w http.ResponseWriter, r *http.Request, handler func(ctx context.Context, s *Stream)) error {
	return new(Upgrader).Upgrade(w, r, handler)
}

// Upgrade performs the WebSocket handshake and runs handler on the stream.
// When handler returns, the stream is closed with status 1000 and Upgrade
// returns nil. The ctx handed to handler carries r's values and is cancelled
// when the connection dies, so a handler blocked on something else can
// notice.
//
// http.Server.Shutdown neither waits for nor closes upgraded connections:
// use [Shutdown] (or [CloseAll] after it), which closes every stream with
// 1001 so that clients reconnect at once.
//
// The handshake picks [wire.Subprotocol] when the client offers it, as
// Silcrow clients do. The stream then answers the client's heartbeat pings
// itself, so a handler never sees them (nor has to be in Recv for them),
// and reads the client's hello, the positions it had seen per room (see
// [Stream.Since]), before handler runs. Other clients get plain events.
//
// A failed handshake (not a WebSocket request, a refused origin) has
// already been answered with an HTTP error status when Upgrade returns its
// error; handler is not called.
func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request, handler func(ctx context.Context, s *Stream)) error {
	if u == nil {
		u = new(Upgrader)
	}
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		OriginPatterns: u.OriginPatterns,
		Subprotocols:   []string{wire.Subprotocol},
	})
	if err != nil {
		return fmt.Errorf("server: websocket upgrade: %w", err)
	}
	s := newStream(r.Context(), conn, u.settings())
	defer s.Close()
	s.awaitHello(HelloWait)
	handler(s.ctx, s)
	return nil
}

// Handler returns an http.Handler that upgrades every request and runs
// handler; handshake failures are answered with an HTTP error status.
func (u *Upgrader) Handler(handler func(ctx context.Context, s *Stream)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The handshake error has been answered already; there is nobody
		// left to return it to.
		_ = u.Upgrade(w, r, handler)
	})
}

// streamSettings are an Upgrader's fields with the defaults resolved; a
// zero duration means off.
type streamSettings struct {
	readLimit    int64
	writeTimeout time.Duration
	pingInterval time.Duration
	pingTimeout  time.Duration
}

func (u *Upgrader) settings() streamSettings {
	return streamSettings{
		readLimit:    orDefault(u.ReadLimit, DefaultReadLimit),
		writeTimeout: orDefault(u.WriteTimeout, DefaultWriteTimeout),
		pingInterval: orDefault(u.PingInterval, DefaultPingInterval),
		pingTimeout:  orDefault(u.PingTimeout, DefaultPingTimeout),
	}
}

// orDefault maps zero to def and a negative value to zero (off).
func orDefault[T int | int64 | time.Duration](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}
