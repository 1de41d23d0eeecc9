package server_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

var v1 = &websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}}

// handlerSaw is what a handler learnt: Since("chat") when it started, and
// the first event Recv returned.
type handlerSaw struct {
	since   wire.Position
	sinceOK bool
	first   wire.Event
	err     error
}

func sinceServer(t *testing.T) (*httptest.Server, <-chan handlerSaw) {
	saw := make(chan handlerSaw, 1)
	srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
		var h handlerSaw
		h.since, h.sinceOK = s.Since("chat")
		h.first, h.err = s.Recv(ctx)
		saw <- h
		<-ctx.Done()
	})
	return srv, saw
}

func TestSubprotocolHelloReachesTheHandlerBeforeItRuns(t *testing.T) {
	srv, saw := sinceServer(t)
	c := dial(t, srv, v1)
	if got := c.Subprotocol(); got != wire.Subprotocol {
		t.Fatalf("server picked subprotocol %q, want %q", got, wire.Subprotocol)
	}
	write(t, c, websocket.MessageText, `{"type":"hello","since":{"chat":{"epoch":"e1","offset":41},"other":{"epoch":"e2","offset":1}}}`)
	write(t, c, websocket.MessageText, `{"type":"hello","since":{"chat":{"epoch":"late","offset":1}}}`)
	write(t, c, websocket.MessageText, `{"event":"chat","data":"hi"}`)
	h := await(t, saw)
	if !h.sinceOK || h.since != (wire.Position{Epoch: "e1", Offset: 41}) {
		t.Errorf("Since(chat) = %+v %v, want {e1 41} true", h.since, h.sinceOK)
	}
	if h.err != nil || h.first.Name != "chat" {
		t.Errorf("first Recv = %+v, %v; want the chat event (a second hello is dropped, never delivered)", h.first, h.err)
	}
}

func TestSubprotocolPingIsAnsweredAndNeverDelivered(t *testing.T) {
	srv, saw := sinceServer(t)
	c := dial(t, srv, v1)
	write(t, c, websocket.MessageText, `{"type":"hello","since":{}}`)
	for range 3 {
		write(t, c, websocket.MessageText, `{"type":"ping"}`)
		ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
		typ, b, err := c.Read(ctx)
		cancel()
		if err != nil || typ != websocket.MessageText || string(b) != `{"type":"pong"}` {
			t.Fatalf("answer to a ping: %v %q %v, want the text frame {\"type\":\"pong\"}", typ, b, err)
		}
	}
	write(t, c, websocket.MessageText, `{"event":"chat","data":"hi"}`)
	h := await(t, saw)
	if h.sinceOK {
		t.Errorf("Since(chat) is ok after a hello without chat")
	}
	if h.err != nil || h.first.Name != "chat" {
		t.Errorf("first Recv = %+v, %v; want the chat event: pings never reach the handler", h.first, h.err)
	}
}

func TestSubprotocolFirstFrameMayBeAnEvent(t *testing.T) {
	srv, saw := sinceServer(t)
	c := dial(t, srv, v1)
	write(t, c, websocket.MessageText, `{"event":"chat","data":"hi"}`)
	h := await(t, saw)
	if h.sinceOK || h.err != nil || h.first.Name != "chat" {
		t.Errorf("handler saw %+v, want the chat event and no positions", h)
	}
}

func TestWithoutSubprotocolControlFramesAreOrdinaryFrames(t *testing.T) {
	srv, saw := sinceServer(t)
	c := dial(t, srv, nil)
	if got := c.Subprotocol(); got != "" {
		t.Fatalf("subprotocol %q picked for a client that offered none", got)
	}
	write(t, c, websocket.MessageText, `{"type":"ping"}`)
	h := await(t, saw)
	var fe *server.FrameError
	if !errors.As(h.err, &fe) {
		t.Errorf("Recv of a ping from a client without the subprotocol = %+v, %v; want a FrameError, as before the subprotocol existed", h.first, h.err)
	}
}
