package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

func TestWsRoutePathMountsTheHandler(t *testing.T) {
	const route = server.WsRoute("/ws/chat")
	if got := route.Path(); got != "/ws/chat" {
		t.Fatalf("Path() = %q, want /ws/chat", got)
	}

	mux := http.NewServeMux()
	mux.Handle(route.Path(), new(server.Upgrader).Handler(func(ctx context.Context, s *server.Stream) {
		s.Send(ctx, wire.Navigate("/mounted"))
	}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	if ev := readEvent(t, dialURL(t, wsURL(srv)+route.Path(), nil)); ev.Path != "/mounted" {
		t.Errorf("got %v from %s, want the mounted handler's event", ev, route.Path())
	}
}
