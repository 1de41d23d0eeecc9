//go:build !js

package live

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/client/reconnect"
	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// These tests run the browser's Hub natively over github.com/coder/websocket
// against the real server package.

// waitFor polls cond; the deadline is a hang guard, not a timing assertion.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *recorder) has(entry string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.log {
		if l == entry || strings.HasPrefix(l, entry) {
			return true
		}
	}
	return false
}

func nativeHub(page Page) *Hub {
	return NewHub(Config{
		Transports: map[Protocol]Transport{WebSocket: coderTransport{origin: "http://example.com"}},
		Page:       page,
		Backoff:    reconnect.Backoff{Base: 10 * clock.Millisecond, Max: 40 * clock.Millisecond},
	})
}

func endpointOf(srv *httptest.Server, path string) Endpoint {
	return Endpoint{WebSocket, "ws" + strings.TrimPrefix(srv.URL, "http") + path}
}

func TestHubOverARealServerAppliesEventsAndDeliversSends(t *testing.T) {
	received := make(chan wire.Event, 4)
	up := &server.Upgrader{OriginPatterns: []string{"example.com"}}
	srv := httptest.NewServer(up.Handler(func(ctx context.Context, s *server.Stream) {
		s.Send(ctx, wire.Patch(map[string]any{"status": "connected"}, "#status"))
		s.Send(ctx, wire.HTML("<p>hi</p>", ""))
		s.Send(ctx, wire.Custom("ping", map[string]int{"ts": 1}))
		for {
			ev, err := s.Recv(ctx)
			if err != nil {
				return
			}
			received <- ev
		}
	}))
	defer srv.Close()

	chat, status := &fakeRoot{name: "chat", connected: true}, &fakeRoot{name: "status", connected: true}
	page := newRecorder(chat, status)
	hub := nativeHub(page)
	defer hub.Destroy()
	if err := hub.Subscribe(chat, endpointOf(srv, "/ws")); err != nil {
		t.Fatal(err)
	}
	// Sent before the socket opens: queued, then delivered.
	if err := hub.Send(chat, `{"event":"chat","data":{"text":"early"}}`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the three server events", func() bool {
		return page.has(`patch status {"status":"connected"}`) && page.has("html chat <p>hi</p>") &&
			page.has(`event silcrow:ws:ping {"data":{"ts":1}`)
	})
	select {
	case ev := <-received:
		var data struct{ Text string }
		if ev.Type != wire.TypeCustom || ev.Name != "chat" || json.Unmarshal(ev.Data, &data) != nil || data.Text != "early" {
			t.Fatalf("server received %v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the early send never reached the server")
	}
}

func TestHubReconnectsAfterTheServerDropsItAndStopsWhenUnsubscribed(t *testing.T) {
	var conns atomic.Int32
	closed := make(chan error, 8)
	up := &server.Upgrader{OriginPatterns: []string{"example.com"}}
	srv := httptest.NewServer(up.Handler(func(ctx context.Context, s *server.Stream) {
		if conns.Add(1) == 1 {
			s.CloseWith(4000, "go away")
			return
		}
		_, err := s.Recv(ctx)
		closed <- err
	}))
	defer srv.Close()

	chat := &fakeRoot{name: "chat", connected: true}
	page := newRecorder(chat)
	hub := nativeHub(page)
	defer hub.Destroy()
	hub.Subscribe(chat, endpointOf(srv, "/ws"))
	waitFor(t, "a reconnect after the server closed", func() bool { return conns.Load() == 2 && page.has("event silcrow:live:connect") })
	if !page.has(`event silcrow:live:disconnect {"code":4000,"protocol":"ws","reason":"go away","reconnectIn":`) {
		t.Fatalf("no disconnect event with the server's close code: %q", page.take())
	}

	chat.connected = false
	hub.Prune()
	select {
	case err := <-closed:
		var ce *server.CloseError
		if !errors.As(err, &ce) || ce.Code != 1000 {
			t.Fatalf("server saw %v, want a clean close", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server never saw the socket close")
	}
	time.Sleep(100 * time.Millisecond) // several backoff periods: proves no reconnect follows
	if n := conns.Load(); n != 2 {
		t.Fatalf("%d connections after the last subscriber left, want 2", n)
	}
}

func TestHubRefusedByTheServersOriginCheckRetriesWithBackoff(t *testing.T) {
	var attempts atomic.Int32
	inner := server.Upgrader{} // same-origin only: our origin is example.com
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		inner.Upgrade(w, r, func(ctx context.Context, s *server.Stream) {})
	}))
	defer srv.Close()
	chat := &fakeRoot{name: "chat", connected: true}
	page := newRecorder(chat)
	hub := nativeHub(page)
	hub.Subscribe(chat, endpointOf(srv, "/ws"))
	waitFor(t, "three refused attempts", func() bool { return attempts.Load() >= 3 })
	hub.Destroy()
	if page.has("event silcrow:live:connect") {
		t.Fatal("a cross-origin socket opened")
	}
}
