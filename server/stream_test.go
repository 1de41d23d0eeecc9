package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// received is one Recv result on the server.
type received struct {
	ev  wire.Event
	err error
}

// recorder serves a handler that reports every Recv result until the stream
// ends, then reports whether its ctx was cancelled.
func recorder(t *testing.T, u *server.Upgrader) (c *websocket.Conn, results <-chan received, ctxDone <-chan bool) {
	t.Helper()
	res := make(chan received, 16)
	done := make(chan bool, 1)
	srv := serve(t, u, func(ctx context.Context, s *server.Stream) {
		for {
			ev, err := s.Recv(ctx)
			res <- received{ev, err}
			if err != nil && !errors.Is(err, server.ErrBadFrame) {
				break
			}
		}
		select {
		case <-ctx.Done():
			done <- true
		case <-time.After(hangGuard):
			done <- false
		}
	})
	return dial(t, srv, nil), res, done
}

func TestRecvDecodesEveryWireType(t *testing.T) {
	tests := []struct {
		frame string
		want  wire.Event
	}{
		{`{"type":"patch","target":"#stats","data":{"count":42}}`, wire.Patch(map[string]int{"count": 42}, "#stats")},
		{`{"type":"html","target":"#content","markup":"<p>Hello</p>"}`, wire.HTML("<p>Hello</p>", "#content")},
		{`{"type":"html","target":"#m","markup":"<li>x</li>","swap":"append"}`, wire.HTML("<li>x</li>", "#m").WithSwap(wire.Append)},
		{`{"type":"invalidate","target":"#form"}`, wire.Invalidate("#form")},
		{`{"type":"navigate","path":"/dashboard"}`, wire.Navigate("/dashboard")},
		{`{"type":"custom","event":"ping","data":{"ts":12345}}`, wire.Custom("ping", map[string]int{"ts": 12345})},
		// The guide's Silcrow.send(el, {event: 'chat', data: {...}}).
		{`{"event":"chat","data":{"text":"hello"}}`, wire.Custom("chat", map[string]string{"text": "hello"})},
	}
	c, results, _ := recorder(t, nil)
	for _, tt := range tests {
		write(t, c, websocket.MessageText, tt.frame)
		r := await(t, results)
		if r.err != nil {
			t.Errorf("%s: %v", tt.frame, r.err)
			continue
		}
		if r.ev.String() != tt.want.String() {
			t.Errorf("%s:\n got %v\nwant %v", tt.frame, r.ev, tt.want)
		}
	}
}

func TestRecvGuideChatEventArrivesAsCustom(t *testing.T) {
	c, results, _ := recorder(t, nil)
	write(t, c, websocket.MessageText, `{"event":"chat","data":{"text":"hi"}}`)

	r := await(t, results)
	if r.err != nil {
		t.Fatal(r.err)
	}
	var data struct{ Text string }
	if err := json.Unmarshal(r.ev.Data, &data); err != nil {
		t.Fatal(err)
	}
	if r.ev.Type != wire.TypeCustom || r.ev.Name != "chat" || data.Text != "hi" {
		t.Errorf("got %v, want custom event chat with text hi", r.ev)
	}
}

func TestRecvReportsBadFrameAndKeepsServing(t *testing.T) {
	tests := []struct {
		name  string
		typ   websocket.MessageType
		frame string
		kind  error // the wire decode error kind; nil for ErrNonText
	}{
		{"binary frame", websocket.MessageBinary, `{"type":"navigate","path":"/"}`, nil},
		{"invalid JSON", websocket.MessageText, `{"type":`, wire.ErrSyntax},
		{"not an object", websocket.MessageText, `[1,2]`, wire.ErrNotObject},
		{"trailing data", websocket.MessageText, `{"type":"invalidate"} x`, wire.ErrTrailingData},
		{"unknown type", websocket.MessageText, `{"type":"explode","target":"#x"}`, wire.ErrUnknownType},
		{"missing field", websocket.MessageText, `{"type":"navigate"}`, wire.ErrMissingField},
		{"wrong JSON type", websocket.MessageText, `{"type":"html","target":"#x","markup":7}`, wire.ErrWrongType},
		{"bad value", websocket.MessageText, `{"type":"html","markup":"","swap":"sideways"}`, wire.ErrBadValue},
	}
	c, results, _ := recorder(t, nil)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(t, c, tt.typ, tt.frame)
			r := await(t, results)
			if !errors.Is(r.err, server.ErrBadFrame) {
				t.Fatalf("Recv returned %v, want an error matching ErrBadFrame", r.err)
			}
			if tt.kind == nil {
				if r.err != server.ErrNonText {
					t.Errorf("Recv returned %v, want ErrNonText", r.err)
				}
			} else {
				var fe *server.FrameError
				var de *wire.DecodeError
				if !errors.As(r.err, &fe) || string(fe.Frame) != tt.frame {
					t.Errorf("Recv returned %v, want a *FrameError holding the frame", r.err)
				}
				if !errors.As(r.err, &de) || !errors.Is(r.err, tt.kind) {
					t.Errorf("Recv returned %v, want a *wire.DecodeError of kind %v", r.err, tt.kind)
				}
			}

			// The stream is still usable: the next good frame arrives.
			path := fmt.Sprintf("/after/%d", i)
			write(t, c, websocket.MessageText, `{"type":"navigate","path":"`+path+`"}`)
			if r := await(t, results); r.err != nil || r.ev.Path != path {
				t.Errorf("next frame: %v, %v; want navigate %s", r.ev, r.err, path)
			}
		})
	}
}

func TestRecvReportsCloseFrameOnceThenEOF(t *testing.T) {
	tests := []struct {
		code   websocket.StatusCode
		reason string
	}{
		{websocket.StatusNormalClosure, ""},
		{websocket.StatusGoingAway, "page closed"},
		{4000, "bye"},
		// A close frame without a status code is reported as 1005.
		{websocket.StatusNoStatusRcvd, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			type result struct{ first, second error }
			got := make(chan result, 1)
			srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
				_, first := s.Recv(ctx)
				_, second := s.Recv(ctx)
				got <- result{first, second}
			})
			c := dial(t, srv, nil)
			c.Close(tt.code, tt.reason)

			r := await(t, got)
			var ce *server.CloseError
			if !errors.As(r.first, &ce) || ce.Code != int(tt.code) || ce.Reason != tt.reason {
				t.Fatalf("first Recv returned %v, want *CloseError{%d, %q}", r.first, tt.code, tt.reason)
			}
			if !errors.Is(r.first, io.EOF) {
				t.Error("CloseError does not match io.EOF")
			}
			if r.second != io.EOF {
				t.Errorf("second Recv returned %v, want io.EOF", r.second)
			}
		})
	}
}

func TestRecvReturnsEOFWhenConnectionDropsWithoutCloseFrame(t *testing.T) {
	c, results, ctxDone := recorder(t, nil)
	c.CloseNow()

	if r := await(t, results); r.err != io.EOF {
		t.Errorf("Recv returned %v, want io.EOF", r.err)
	}
	if !await(t, ctxDone) {
		t.Error("handler ctx not cancelled after the drop")
	}
}

func TestRecvContextEndKeepsStreamUsable(t *testing.T) {
	got := make(chan received, 2)
	srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
		short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
		defer cancel()
		ev, err := s.Recv(short)
		got <- received{ev, err}
		ev, err = s.Recv(ctx)
		got <- received{ev, err}
	})
	c := dial(t, srv, nil)

	if r := await(t, got); !errors.Is(r.err, context.DeadlineExceeded) {
		t.Fatalf("Recv with an expired ctx returned %v", r.err)
	}
	write(t, c, websocket.MessageText, `{"type":"invalidate","target":"#x"}`)
	if r := await(t, got); r.err != nil || r.ev.Target != "#x" {
		t.Errorf("Recv after the expired ctx: %v, %v", r.ev, r.err)
	}
}

func TestCloseSendsCodeAndReason(t *testing.T) {
	tests := []struct {
		name   string
		close  func(*server.Stream) error
		code   websocket.StatusCode
		reason string
	}{
		{"Close", (*server.Stream).Close, websocket.StatusNormalClosure, ""},
		{"CloseWith", func(s *server.Stream) error { return s.CloseWith(4001, "shutting down") }, 4001, "shutting down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type result struct{ closeErr, recvErr, again error }
			got := make(chan result, 1)
			srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
				closeErr := tt.close(s)
				_, recvErr := s.Recv(ctx)
				got <- result{closeErr, recvErr, s.Close()}
			})
			c := dial(t, srv, nil)

			err := readClose(t, c)
			var ce websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != tt.code || ce.Reason != tt.reason {
				t.Errorf("client saw %v, want close %d %q", err, tt.code, tt.reason)
			}
			r := await(t, got)
			if r.closeErr != nil {
				t.Errorf("close: %v", r.closeErr)
			}
			if r.recvErr != io.EOF {
				t.Errorf("Recv after Close returned %v, want io.EOF", r.recvErr)
			}
			if r.again != nil {
				t.Errorf("second Close: %v", r.again)
			}
		})
	}
}

func TestCloseWithInvalidCodeFails(t *testing.T) {
	got := make(chan error, 1)
	srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
		got <- s.CloseWith(999, "")
	})
	dial(t, srv, nil)

	if err := await(t, got); err == nil {
		t.Error("CloseWith(999) returned nil")
	}
}

func TestSendWritesOneTextFrame(t *testing.T) {
	srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
		s.Send(ctx, wire.HTML("<p>Alice: hi</p>", "#messages").WithSwap(wire.Append))
	})
	c := dial(t, srv, nil)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()

	typ, b, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"type":"html","target":"#messages","markup":"<p>Alice: hi</p>","swap":"append"}`
	if typ != websocket.MessageText || string(b) != want {
		t.Errorf("got %v frame %s, want text frame %s", typ, b, want)
	}
}

func TestSendOfUnencodableEventWritesNothing(t *testing.T) {
	tests := []struct {
		name string
		ev   wire.Event
		want any // an error type errors.As must find, or nil
	}{
		{"data that does not marshal", wire.Patch(make(chan int), "#x"), new(*json.UnsupportedTypeError)},
		{"unknown type", wire.Event{Type: "explode"}, nil},
		{"navigate without path", wire.Navigate(""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sendErr := make(chan error, 1)
			srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
				sendErr <- s.Send(ctx, tt.ev)
				s.Send(ctx, wire.Navigate("/next"))
			})
			c := dial(t, srv, nil)

			err := await(t, sendErr)
			if err == nil {
				t.Fatal("Send returned nil")
			}
			if tt.want != nil && !errors.As(err, tt.want) {
				t.Errorf("Send error %v does not wrap %T", err, tt.want)
			}
			if ev := readEvent(t, c); ev.Path != "/next" {
				t.Errorf("first frame the client saw is %v, want the event sent after the failure", ev)
			}
		})
	}
}

func TestSendIsSafeFromManyGoroutines(t *testing.T) {
	const senders, each = 8, 50
	srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
		var wg sync.WaitGroup
		for g := range senders {
			wg.Go(func() {
				for i := range each {
					s.Send(ctx, wire.Custom("n", fmt.Sprintf("%d-%d", g, i)))
				}
			})
		}
		wg.Wait()
		s.Recv(ctx) // keep the stream open until the client is done
	})
	c := dial(t, srv, nil)

	seen := make(map[string]bool)
	for range senders * each {
		var n string
		if err := json.Unmarshal(readEvent(t, c).Data, &n); err != nil {
			t.Fatal(err)
		}
		if seen[n] {
			t.Fatalf("event %s received twice", n)
		}
		seen[n] = true
	}
}

func TestSendAfterPeerLeftFails(t *testing.T) {
	got := make(chan error, 1)
	srv := serve(t, nil, func(ctx context.Context, s *server.Stream) {
		<-ctx.Done()
		got <- s.Send(context.Background(), wire.Invalidate("#x"))
	})
	c := dial(t, srv, nil)
	c.CloseNow()

	if err := await(t, got); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Send returned %v, want an error matching net.ErrClosed", err)
	}
}
