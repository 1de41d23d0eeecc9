package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/frame"
)

// A client that speaks silcrow.v1 is told where the room stands when it
// joins, receives each event with its position, and when it comes back it
// says hello with the last one it saw: Join replays what was published
// meanwhile, before anything newer.
func ExampleHub_Join() {
	var hub server.Hub
	srv := httptest.NewServer(new(server.Upgrader).Handler(func(ctx context.Context, s *server.Stream) {
		if err := hub.Join("news", s); err != nil {
			return
		}
		for {
			if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
				return
			}
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	v1 := &websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}}
	connect := func(since map[string]wire.Position) *websocket.Conn {
		c, _, err := websocket.Dial(ctx, url, v1)
		if err != nil {
			panic(err)
		}
		c.Write(ctx, websocket.MessageText, frame.AppendControl(nil, frame.Control{Type: frame.ControlHello, Since: since}))
		return c
	}
	read := func(c *websocket.Conn) wire.Event {
		_, b, _ := c.Read(ctx)
		if at, err := frame.ParseControl(b); err == nil {
			fmt.Println(at.Type, at.Room, at.Have.Offset)
			return wire.Event{}
		}
		ev, _ := wire.Decode(b)
		fmt.Println(ev.Name, string(ev.Data), ev.Room, ev.Pos.Offset)
		return ev
	}

	c := connect(map[string]wire.Position{})
	for hub.Len("news") == 0 {
		time.Sleep(time.Millisecond)
	}
	read(c)
	hub.Publish(ctx, "news", wire.Custom("headline", "one"))
	seen := read(c)
	c.CloseNow()

	// Published while the client is away.
	hub.Publish(ctx, "news", wire.Custom("headline", "two"))
	hub.Publish(ctx, "news", wire.Custom("headline", "three"))

	c = connect(map[string]wire.Position{"news": seen.Pos})
	defer c.CloseNow()
	read(c)
	read(c)
	// Output:
	// at news 0
	// headline "one" news 1
	// headline "two" news 2
	// headline "three" news 3
}
