package server_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// Shutdown stops the server and closes every live stream with 1001, the
// code that tells Silcrow clients to reconnect; every handler's Recv ends.
func TestShutdownClosesEveryStreamWithGoingAway(t *testing.T) {
	ended := make(chan error, 2)
	joined := make(chan struct{}, 2)
	srv := httptest.NewUnstartedServer(new(server.Upgrader).Handler(func(ctx context.Context, s *server.Stream) {
		joined <- struct{}{}
		_, err := s.Recv(ctx)
		ended <- err
	}))
	srv.Start()
	t.Cleanup(srv.Close)
	a, b := dial(t, srv, nil), dial(t, srv, nil)
	<-joined
	<-joined

	// The clients read, as browsers do, so they answer the close at once.
	closes := make(chan error, 2)
	for _, c := range []*websocket.Conn{a, b} {
		go func() {
			_, _, err := c.Read(context.Background())
			closes <- err
		}()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := server.Shutdown(ctx, srv.Config); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	for range 2 {
		var ce websocket.CloseError
		if err := <-closes; !errors.As(err, &ce) || ce.Code != wire.CloseGoingAway || ce.Reason != server.GoingAwayReason {
			t.Errorf("client saw %v, want close 1001 %q", err, server.GoingAwayReason)
		}
	}
	for range 2 {
		if err := <-ended; err != io.EOF {
			t.Errorf("Recv ended with %v, want io.EOF", err)
		}
	}
	// Nothing is left to close.
	if err := server.CloseAll(ctx); err != nil {
		t.Errorf("CloseAll after Shutdown: %v", err)
	}
	if !wire.CloseReconnects(wire.CloseGoingAway) {
		t.Error("1001 does not make clients reconnect")
	}
}
