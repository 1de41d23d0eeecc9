package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// command is the data of what test clients send to roomServer.
type command struct {
	Room string `json:"room,omitempty"`
	Text string `json:"text,omitempty"`
}

// roomServer serves roomHandler with default options.
func roomServer(t *testing.T, hub server.Broadcaster) (srv *httptest.Server, ended <-chan error) {
	t.Helper()
	end := make(chan error, 100)
	srv = httptest.NewServer(roomHandler(t, hub, nil, end))
	t.Cleanup(srv.Close)
	return srv, end
}

// roomHandler joins each client to the rooms listed in its ?rooms= query,
// sends it a "joined" event, then obeys its commands: "say" publishes a
// "said" event to a room, "leave" leaves a room and answers "left", "ping"
// answers "pong". When a stream ends, its handler sends the final Recv
// error on ended.
func roomHandler(t *testing.T, hub server.Broadcaster, u *server.Upgrader, ended chan<- error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rooms := strings.Split(r.URL.Query().Get("rooms"), ",")
		u.Upgrade(w, r, func(ctx context.Context, s *server.Stream) {
			for _, room := range rooms {
				if err := hub.Join(room, s); err != nil {
					t.Errorf("join %q: %v", room, err)
					return
				}
			}
			s.Send(ctx, wire.Custom("joined", rooms))
			for {
				ev, err := s.Recv(ctx)
				if err != nil {
					ended <- err
					return
				}
				var cmd command
				json.Unmarshal(ev.Data, &cmd)
				switch ev.Name {
				case "say":
					if err := hub.Publish(ctx, cmd.Room, wire.Custom("said", cmd.Text)); err != nil {
						t.Errorf("publish: %v", err)
					}
				case "leave":
					hub.Leave(cmd.Room, s)
					s.Send(ctx, wire.Custom("left", cmd.Room))
				case "ping":
					s.Send(ctx, wire.Custom("pong", nil))
				}
			}
		})
	})
}

// join dials roomServer into rooms and waits until the server has joined
// the client to them.
func join(t *testing.T, srv *httptest.Server, rooms string) *websocket.Conn {
	t.Helper()
	return joinWith(t, srv, rooms, nil)
}

func joinWith(t *testing.T, srv *httptest.Server, rooms string, opts *websocket.DialOptions) *websocket.Conn {
	t.Helper()
	c := dialURL(t, wsURL(srv)+"/?rooms="+rooms, opts)
	if ev := readEvent(t, c); ev.Name != "joined" {
		t.Fatalf("got %v, want the joined event", ev)
	}
	return c
}

// send writes a custom event from a test client.
func send(t *testing.T, c *websocket.Conn, name string, cmd command) {
	t.Helper()
	b, err := wire.Encode(wire.Custom(name, cmd))
	if err != nil {
		t.Fatal(err)
	}
	write(t, c, websocket.MessageText, string(b))
}

// said returns the text of a "said" event, failing on any other event.
func said(t *testing.T, ev wire.Event) string {
	t.Helper()
	var text string
	if ev.Name != "said" || json.Unmarshal(ev.Data, &text) != nil {
		t.Fatalf("got %v, want a said event", ev)
	}
	return text
}

func TestHubFansOutToEveryClientInTheRoom(t *testing.T) {
	const clients = 20
	var hub server.Hub
	srv, _ := roomServer(t, &hub)
	conns := make([]*websocket.Conn, clients)
	for i := range conns {
		conns[i] = join(t, srv, "chat")
	}
	outsider := join(t, srv, "elsewhere")
	if n := hub.Len("chat"); n != clients {
		t.Fatalf("Len(chat) = %d, want %d", n, clients)
	}

	for i, c := range conns {
		send(t, c, "say", command{Room: "chat", Text: fmt.Sprint("message ", i)})
	}
	for i, c := range conns {
		got := make(map[string]bool)
		for range clients {
			got[said(t, readEvent(t, c))] = true
		}
		for j := range clients {
			if !got[fmt.Sprint("message ", j)] {
				t.Errorf("client %d missed message %d", i, j)
			}
		}
	}
	send(t, outsider, "ping", command{})
	if ev := readEvent(t, outsider); ev.Name != "pong" {
		t.Errorf("a client in another room got %v", ev)
	}
}

// smallBuffers shrinks the kernel buffers of a connection, so that a peer
// that does not read clogs it after a few kilobytes instead of megabytes.
func smallBuffers(c net.Conn) net.Conn {
	tc := c.(*net.TCPConn)
	tc.SetReadBuffer(4 << 10)
	tc.SetWriteBuffer(4 << 10)
	return c
}

type smallBufferListener struct{ net.Listener }

func (l smallBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return smallBuffers(c), nil
}

func TestHubDropsClientWhoseQueueIsFullAndKeepsServingTheOthers(t *testing.T) {
	var hub server.Hub
	ended := make(chan error, 2)
	// Without a write timeout, the full queue is the only reason the slow
	// client can be dropped for.
	srv := httptest.NewUnstartedServer(roomHandler(t, &hub, &server.Upgrader{WriteTimeout: -1}, ended))
	srv.Listener = smallBufferListener{srv.Listener}
	srv.Start()
	t.Cleanup(srv.Close)
	small := &websocket.DialOptions{HTTPClient: &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := new(net.Dialer).DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return smallBuffers(c), nil
		},
	}}}

	slow := joinWith(t, srv, "feed", small) // never reads until it has been dropped
	fast := join(t, srv, "feed")
	fastEvents := make(chan wire.Event)
	go func() {
		defer close(fastEvents)
		for {
			_, b, err := fast.Read(context.Background())
			if err != nil {
				return
			}
			ev, _ := wire.Decode(b)
			fastEvents <- ev
		}
	}()

	// Each event is published after the fast client has received the one
	// before, so the fast client never falls behind, while the slow one
	// clogs its socket, then fills its queue, and is dropped. Publish runs
	// apart so that a Publish that blocks fails the test instead of
	// hanging it.
	type outcome struct {
		published int
		err       error
	}
	done := make(chan outcome, 1)
	go func() {
		pad := strings.Repeat("x", 4<<10)
		n := 0
		for ; hub.Len("feed") == 2; n++ {
			text := fmt.Sprint(n, pad)
			if err := hub.Publish(context.Background(), "feed", wire.Custom("said", text)); err != nil {
				done <- outcome{n, err}
				return
			}
			select {
			case ev := <-fastEvents:
				var got string
				if json.Unmarshal(ev.Data, &got); got != text {
					done <- outcome{n, fmt.Errorf("fast client got %v, want event %d", ev, n)}
					return
				}
			case <-time.After(hangGuard):
				done <- outcome{n, fmt.Errorf("fast client did not receive event %d", n)}
				return
			}
		}
		done <- outcome{n, nil}
	}()
	r := await(t, done)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.published <= server.DefaultQueueSize {
		t.Errorf("slow client dropped after %d events, before its queue of %d could fill", r.published, server.DefaultQueueSize)
	}

	// The slow client finally reads: what was sent, then the close frame.
	err := readClose(t, slow)
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != wire.CloseSlowReader || ce.Reason != server.QueueFullReason {
		t.Errorf("slow client saw %v, want close 4000 %q", err, server.QueueFullReason)
	}
	if err := await(t, ended); err != io.EOF {
		t.Errorf("slow client's handler: Recv returned %v, want io.EOF", err)
	}

	// The fast client is still in the room.
	hub.Publish(context.Background(), "feed", wire.Custom("said", "after"))
	if ev := await(t, fastEvents); said(t, ev) != "after" {
		t.Errorf("fast client got %v after the drop", ev)
	}
	if n := hub.Len("feed"); n != 1 {
		t.Errorf("Len(feed) = %d, want 1", n)
	}
}

func TestHubForgetsStreamsThatEnd(t *testing.T) {
	var hub server.Hub
	srv, ended := roomServer(t, &hub)
	baseline := runtime.NumGoroutine()
	const clients = 10
	for i := range clients {
		c := join(t, srv, "a,b")
		// Half leave politely, half vanish.
		if i%2 == 0 {
			c.Close(websocket.StatusGoingAway, "")
		} else {
			c.CloseNow()
		}
	}
	for range clients {
		await(t, ended)
	}

	waitFor(t, "rooms to empty", func() bool { return hub.Len("a") == 0 && hub.Len("b") == 0 })
	// Every per-client goroutine (reader, keep-alive, queue drain) exits.
	waitFor(t, "goroutines to exit", func() bool { return runtime.NumGoroutine() <= baseline })
}

func TestHubLeave(t *testing.T) {
	var hub server.Hub
	srv, _ := roomServer(t, &hub)
	c := join(t, srv, "a,b")
	speaker := join(t, srv, "")

	leave := func(room string) {
		t.Helper()
		send(t, c, "leave", command{Room: room})
		if ev := readEvent(t, c); ev.Name != "left" {
			t.Fatalf("got %v, want left", ev)
		}
	}
	say := func(room, text string) {
		t.Helper()
		send(t, speaker, "say", command{Room: room, Text: text})
		// The speaker is in no room; its pong proves the say was handled.
		send(t, speaker, "ping", command{})
		if ev := readEvent(t, speaker); ev.Name != "pong" {
			t.Fatalf("speaker got %v, want pong", ev)
		}
	}

	say("a", "to a")
	say("b", "to b")
	if got := said(t, readEvent(t, c)); got != "to a" {
		t.Errorf("first event %q, want to a", got)
	}
	if got := said(t, readEvent(t, c)); got != "to b" {
		t.Errorf("second event %q, want to b", got)
	}

	leave("a")
	leave("never joined")
	if a, b := hub.Len("a"), hub.Len("b"); a != 0 || b != 1 {
		t.Errorf("after leaving a: Len(a) = %d, Len(b) = %d; want 0, 1", a, b)
	}
	say("a", "to a again")
	say("b", "to b again")
	if got := said(t, readEvent(t, c)); got != "to b again" {
		t.Errorf("after leaving a, got %q; want only b's event", got)
	}

	leave("b")
	say("b", "to b, nobody listening")
	send(t, c, "ping", command{})
	if ev := readEvent(t, c); ev.Name != "pong" {
		t.Errorf("after leaving every room, got %v; want only the pong", ev)
	}
}

func TestHubPublishOfUnencodableEventReachesNobody(t *testing.T) {
	var hub server.Hub
	srv, _ := roomServer(t, &hub)
	c := join(t, srv, "a")

	if err := hub.Publish(context.Background(), "a", wire.Patch(make(chan int), "#x")); err == nil {
		t.Error("Publish of an unencodable event returned nil")
	}
	hub.Publish(context.Background(), "a", wire.Custom("said", "good"))
	if got := said(t, readEvent(t, c)); got != "good" {
		t.Errorf("client got %q first, want the good event", got)
	}
}

func TestHubPublishToEmptyRoomDoesNothing(t *testing.T) {
	var hub server.Hub
	if err := hub.Publish(context.Background(), "nobody", wire.Invalidate("#x")); err != nil {
		t.Errorf("Publish: %v", err)
	}
	if n := hub.Len("nobody"); n != 0 {
		t.Errorf("Len = %d, want 0", n)
	}
}

func TestHubJoinOfEndedStreamFails(t *testing.T) {
	var hub server.Hub
	got := make(chan error, 1)
	srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
		s.Close()
		got <- hub.Join("a", s)
	})
	readClose(t, dial(t, srv, nil))

	if err := await(t, got); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Join returned %v, want an error matching net.ErrClosed", err)
	}
	if n := hub.Len("a"); n != 0 {
		t.Errorf("Len = %d, want 0", n)
	}
}
