package server_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// hangGuard bounds every wait in these tests; it only turns a hang into a
// failure and never measures anything.
const hangGuard = 10 * time.Second

// serve starts a test server upgrading every request with u.
func serve(t *testing.T, u *server.Upgrader, handler func(ctx context.Context, s *server.Stream)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(u.Handler(handler))
	t.Cleanup(srv.Close)
	return srv
}

func wsURL(srv *httptest.Server) string { return "ws" + strings.TrimPrefix(srv.URL, "http") }

// dial connects a client to srv; the connection is dropped when the test
// ends.
func dial(t *testing.T, srv *httptest.Server, opts *websocket.DialOptions) *websocket.Conn {
	t.Helper()
	return dialURL(t, wsURL(srv), opts)
}

func dialURL(t *testing.T, url string, opts *websocket.DialOptions) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, opts)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.SetReadLimit(-1)
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// readEvent reads one frame on the client side and decodes it.
func readEvent(t *testing.T, c *websocket.Conn) wire.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	typ, b, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("client read: %v", err)
	}
	if typ != websocket.MessageText {
		t.Fatalf("client read a %v frame, want text", typ)
	}
	ev, err := wire.Decode(b)
	if err != nil {
		t.Fatalf("client decode %q: %v", b, err)
	}
	return ev
}

// readClose reads on the client until the connection ends and returns how.
func readClose(t *testing.T, c *websocket.Conn) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			if ctx.Err() != nil {
				t.Fatal("connection still open after the hang guard")
			}
			return err
		}
	}
}

func write(t *testing.T, c *websocket.Conn, typ websocket.MessageType, frame string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	if err := c.Write(ctx, typ, []byte(frame)); err != nil {
		t.Fatalf("client write: %v", err)
	}
}

// await receives from ch within the hang guard.
func await[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(hangGuard):
		t.Fatal("timed out waiting for the server")
		panic("unreachable")
	}
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestWSClosesWithNormalClosureWhenHandlerReturns(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.WS(w, r, func(ctx context.Context, s *server.Stream) {
			s.Send(ctx, wire.Navigate("/bye"))
		})
	}))
	t.Cleanup(srv.Close)
	c := dial(t, srv, nil)

	if got := readEvent(t, c); got.Type != wire.TypeNavigate || got.Path != "/bye" {
		t.Fatalf("got %v, want navigate /bye", got)
	}
	if err := readClose(t, c); websocket.CloseStatus(err) != websocket.StatusNormalClosure {
		t.Fatalf("client saw %v, want close status 1000", err)
	}
}

func TestWSAnswersNonWebSocketRequestWithHTTPError(t *testing.T) {
	upgradeErr := make(chan error, 1)
	called := atomic.Bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		upgradeErr <- server.WS(w, r, func(context.Context, *server.Stream) { called.Store(true) })
	}))
	t.Cleanup(srv.Close)

	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUpgradeRequired {
		t.Errorf("status %d, want 426", resp.StatusCode)
	}
	if err := await(t, upgradeErr); err == nil {
		t.Error("WS returned nil for a plain GET")
	}
	if called.Load() {
		t.Error("handler ran without an upgrade")
	}
}

func TestOriginCheck(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		origin   string // "self" is replaced with the server's own origin
		allowed  bool
	}{
		{"no Origin header (not a browser)", nil, "", true},
		{"same origin", nil, "self", true},
		{"cross origin by default", nil, "https://evil.example", false},
		{"listed host", []string{"app.example"}, "https://app.example", true},
		{"listed wildcard", []string{"*.example.com"}, "https://chat.example.com", true},
		{"listed scheme and host", []string{"https://app.example"}, "https://app.example", true},
		{"listed scheme, other scheme", []string{"https://app.example"}, "http://app.example", false},
		{"unlisted host", []string{"app.example"}, "https://evil.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upgradeErr := make(chan error, 1)
			u := &server.Upgrader{OriginPatterns: tt.patterns}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				upgradeErr <- u.Upgrade(w, r, func(context.Context, *server.Stream) {})
			}))
			t.Cleanup(srv.Close)

			h := http.Header{}
			switch tt.origin {
			case "":
			case "self":
				h.Set("Origin", srv.URL)
			default:
				h.Set("Origin", tt.origin)
			}
			ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
			defer cancel()
			c, resp, err := websocket.Dial(ctx, wsURL(srv), &websocket.DialOptions{HTTPHeader: h})
			if tt.allowed {
				if err != nil {
					t.Fatalf("dial refused: %v", err)
				}
				c.CloseNow()
				if err := await(t, upgradeErr); err != nil {
					t.Errorf("Upgrade: %v", err)
				}
				return
			}
			if err == nil {
				c.CloseNow()
				t.Fatal("cross-origin upgrade accepted")
			}
			if resp == nil || resp.StatusCode != http.StatusForbidden {
				t.Errorf("refusal response %v, want 403", resp)
			}
			if err := await(t, upgradeErr); err == nil {
				t.Error("Upgrade returned nil for a refused origin")
			}
		})
	}
}

func TestReadLimit(t *testing.T) {
	// A custom event padded with trailing spaces to an exact size.
	frame := func(size int) string {
		const ev = `{"event":"x"}`
		return ev + strings.Repeat(" ", size-len(ev))
	}
	tests := []struct {
		name  string
		limit int64
		size  int // the limit the frame is sized against
	}{
		{"configured", 64, 64},
		{"default is wire.DefaultMaxSize", 0, wire.DefaultMaxSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results := make(chan received, 2)
			ended := make(chan struct{})
			srv := serve(t, &server.Upgrader{ReadLimit: tt.limit}, func(ctx context.Context, s *server.Stream) {
				for range 2 {
					ev, err := s.Recv(ctx)
					results <- received{ev, err}
				}
				<-ctx.Done()
				close(ended)
			})
			c := dial(t, srv, nil)

			write(t, c, websocket.MessageText, frame(tt.size))
			if r := await(t, results); r.err != nil || r.ev.Name != "x" {
				t.Fatalf("frame at the limit: %v, %v", r.ev, r.err)
			}
			write(t, c, websocket.MessageText, frame(tt.size+1))
			if r := await(t, results); r.err != io.EOF {
				t.Errorf("Recv over the limit returned %v, want io.EOF", r.err)
			}
			if err := readClose(t, c); websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
				t.Errorf("client saw %v, want close status 1009", err)
			}
			await(t, ended)
		})
	}
}

func TestNegativeReadLimitMeansNoLimit(t *testing.T) {
	got := make(chan received, 1)
	srv := serve(t, &server.Upgrader{ReadLimit: -1}, func(ctx context.Context, s *server.Stream) {
		ev, err := s.Recv(ctx)
		got <- received{ev, err}
	})
	c := dial(t, srv, nil)
	markup := strings.Repeat("x", 2*wire.DefaultMaxSize)
	b, err := wire.Encode(wire.HTML(markup, "#big"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, c, websocket.MessageText, string(b))

	if r := await(t, got); r.err != nil || r.ev.Markup != markup {
		t.Errorf("Recv of a %d-byte frame: %v", len(b), r.err)
	}
}

func TestSendFailsAfterWriteTimeoutAndEndsStream(t *testing.T) {
	type result struct {
		err     error
		ctxDone bool
		after   error
	}
	done := make(chan result, 1)
	srv := serve(t, &server.Upgrader{WriteTimeout: 50 * time.Millisecond}, func(ctx context.Context, s *server.Stream) {
		big := wire.HTML(strings.Repeat("x", 256<<10), "#log")
		deadline := time.Now().Add(hangGuard)
		var err error
		// The client never reads: once the socket buffers are full, a
		// Send cannot finish within the write timeout.
		for err == nil && time.Now().Before(deadline) {
			err = s.Send(ctx, big)
		}
		select {
		case <-ctx.Done():
		case <-time.After(hangGuard):
		}
		done <- result{err, ctx.Err() != nil, s.Send(context.Background(), wire.Invalidate("#x"))}
	})
	dial(t, srv, nil)

	r := await(t, done)
	if !errors.Is(r.err, context.DeadlineExceeded) {
		t.Errorf("Send error %v, want one matching context.DeadlineExceeded", r.err)
	}
	if !r.ctxDone {
		t.Error("handler ctx not cancelled after the failed Send")
	}
	if r.after == nil {
		t.Error("Send after a failed Send succeeded")
	}
}

func TestPingTimeoutDropsPeerThatDoesNotAnswer(t *testing.T) {
	tests := []struct {
		name string
		opts *websocket.DialOptions
		read bool // whether the client reads, and so sees the drop
	}{
		// A peer that reads but refuses to pong: alive but not answering.
		{"reads but does not pong", &websocket.DialOptions{
			OnPingReceived: func(context.Context, []byte) bool { return false },
		}, true},
		// A peer that never reads never sees the ping at all.
		{"never reads", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ended := make(chan struct{})
			u := &server.Upgrader{PingInterval: 20 * time.Millisecond, PingTimeout: 50 * time.Millisecond}
			srv := serve(t, u, func(ctx context.Context, s *server.Stream) {
				<-ctx.Done()
				close(ended)
			})
			c := dial(t, srv, tt.opts)
			if tt.read {
				clientErr := make(chan error, 1)
				go func() { clientErr <- readClose(t, c) }()
				if err := await(t, clientErr); websocket.CloseStatus(err) != -1 {
					t.Errorf("client saw close status %v, want the connection dropped without a close frame", websocket.CloseStatus(err))
				}
			}
			await(t, ended)
		})
	}
}

func TestPingAnsweredKeepsConnection(t *testing.T) {
	const pingsWanted = 5
	pings := make(chan struct{}, 100)
	proceed := make(chan struct{})
	srv := serve(t, &server.Upgrader{PingInterval: 10 * time.Millisecond, PingTimeout: time.Second},
		func(ctx context.Context, s *server.Stream) {
			select {
			case <-ctx.Done():
				return
			case <-proceed:
			}
			s.Send(ctx, wire.Custom("alive", nil))
		})
	c := dial(t, srv, &websocket.DialOptions{OnPingReceived: func(context.Context, []byte) bool {
		pings <- struct{}{}
		return true
	}})
	events := make(chan wire.Event, 1)
	go func() { events <- readEvent(t, c) }()

	for range pingsWanted {
		await(t, pings)
	}
	close(proceed)
	if ev := await(t, events); ev.Name != "alive" {
		t.Fatalf("got %v, want the alive event", ev)
	}
}

func TestKeepAlivePausesWhileMessageWaitsForRecv(t *testing.T) {
	const timeout = 100 * time.Millisecond
	srv := serve(t, &server.Upgrader{PingInterval: 10 * time.Millisecond, PingTimeout: timeout},
		func(ctx context.Context, s *server.Stream) {
			// The handler is busy long enough for several pings to fail
			// if they were sent while the message waits.
			time.Sleep(5 * timeout)
			ev, err := s.Recv(ctx)
			if err != nil {
				return
			}
			s.Send(ctx, wire.Custom("echo", ev.Name))
		})
	c := dial(t, srv, nil)
	events := make(chan wire.Event, 1)
	go func() { events <- readEvent(t, c) }()
	write(t, c, websocket.MessageText, `{"event":"busy"}`)

	if ev := await(t, events); ev.Name != "echo" || string(ev.Data) != `"busy"` {
		t.Fatalf("got %v, want the echo of busy", ev)
	}
}

func TestHandlerContextCarriesRequestValues(t *testing.T) {
	type key struct{}
	got := make(chan any, 1)
	upgrade := new(server.Upgrader).Handler(func(ctx context.Context, s *server.Stream) {
		got <- ctx.Value(key{})
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		upgrade.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, "alice")))
	}))
	t.Cleanup(srv.Close)
	dial(t, srv, nil)

	if v := await(t, got); v != "alice" {
		t.Errorf("ctx value %v, want alice", v)
	}
}

func TestHandlerContextFollowsServerBaseContext(t *testing.T) {
	base, shutdown := context.WithCancel(context.Background())
	defer shutdown()
	got := make(chan error, 1)
	srv := httptest.NewUnstartedServer(new(server.Upgrader).Handler(func(ctx context.Context, s *server.Stream) {
		_, err := s.Recv(ctx)
		got <- err
	}))
	srv.Config.BaseContext = func(net.Listener) context.Context { return base }
	srv.Start()
	t.Cleanup(srv.Close)
	c := dial(t, srv, nil)

	shutdown()
	if err := await(t, got); err != io.EOF {
		t.Errorf("Recv returned %v, want io.EOF", err)
	}
	if err := readClose(t, c); websocket.CloseStatus(err) != websocket.StatusNormalClosure {
		t.Errorf("client saw %v, want close status 1000", err)
	}
}
