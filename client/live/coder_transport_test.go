//go:build !js

package live

import (
	"context"
	"errors"

	"github.com/coder/websocket"
)

// coderTransport is the Transport of the native tests: the same Hub that
// runs in the browser, over github.com/coder/websocket.
type coderTransport struct{ origin string }

type coderSocket struct {
	ctx    context.Context
	cancel context.CancelFunc
	ready  chan struct{} // closed once the dial is over; conn is nil when it failed
	conn   *websocket.Conn
}

func (t coderTransport) Open(url string, protocols []string, h Handler) Socket {
	ctx, cancel := context.WithCancel(context.Background())
	s := &coderSocket{ctx: ctx, cancel: cancel, ready: make(chan struct{})}
	go s.run(url, protocols, t.origin, h)
	return s
}

func (s *coderSocket) run(url string, protocols []string, origin string, h Handler) {
	opts := &websocket.DialOptions{HTTPHeader: map[string][]string{"Origin": {origin}}, Subprotocols: protocols}
	c, _, err := websocket.Dial(s.ctx, url, opts)
	if err != nil {
		close(s.ready)
		h.Closed(1006, err.Error())
		return
	}
	s.conn = c
	close(s.ready)
	h.Opened(c.Subprotocol())
	for {
		typ, b, err := c.Read(s.ctx)
		if err != nil {
			code := int(websocket.CloseStatus(err))
			var ce websocket.CloseError
			reason := ""
			if errors.As(err, &ce) {
				reason = ce.Reason
			}
			if code == -1 {
				code = 1006
			}
			h.Closed(code, reason)
			return
		}
		h.Message(string(b), typ == websocket.MessageBinary)
	}
}

// connection waits for the dial; the Hub only sends after Opened, which
// follows a successful dial.
func (s *coderSocket) connection() *websocket.Conn {
	<-s.ready
	return s.conn
}

func (s *coderSocket) Send(text string) error {
	c := s.connection()
	if c == nil {
		return errors.New("socket never opened")
	}
	return c.Write(s.ctx, websocket.MessageText, []byte(text))
}

func (s *coderSocket) Close(code int, reason string) {
	go func() {
		if c := s.connection(); c != nil {
			c.Close(websocket.StatusCode(code), reason)
		}
		s.cancel()
	}()
}
