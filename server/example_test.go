package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// ChatWS is the guide's route constant.
const ChatWS = server.WsRoute("/ws/chat")

// chat is the guide's chat handler in Go, with the broadcast the guide
// leaves to the reader: every message goes to everyone in the room.
func chat(hub server.Broadcaster) func(ctx context.Context, s *server.Stream) {
	return func(ctx context.Context, s *server.Stream) {
		// Joined first, so that "connected" means messages will arrive.
		// The stream leaves the room by itself when it ends.
		if err := hub.Join("chat", s); err != nil {
			return
		}
		s.Send(ctx, wire.Patch(map[string]string{"status": "connected"}, "#chat-status"))
		for {
			ev, err := s.Recv(ctx)
			if errors.Is(err, server.ErrBadFrame) {
				continue // dropped; the connection is fine
			}
			if err != nil {
				return // closed
			}
			// Silcrow.send(chat, {event: 'chat', data: {text}}) arrives as
			// a custom event named "chat".
			var msg struct {
				Text string `json:"text"`
			}
			if ev.Type != wire.TypeCustom || ev.Name != "chat" || json.Unmarshal(ev.Data, &msg) != nil {
				continue
			}
			markup := `<p class="message">` + html.EscapeString(msg.Text) + `</p>`
			hub.Publish(ctx, "chat", wire.HTML(markup, "#messages").WithSwap(wire.Append))
		}
	}
}

// The guide's chat: two browsers, played here by coder/websocket clients,
// connect to /ws/chat; what one sends, both see.
func Example_chat() {
	var hub server.Hub
	mux := http.NewServeMux()
	mux.Handle(ChatWS.Path(), new(server.Upgrader).Handler(chat(&hub)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := context.Background()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + ChatWS.Path()
	alice, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer alice.Close(websocket.StatusNormalClosure, "")
	bob, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer bob.Close(websocket.StatusNormalClosure, "")
	show := func(who string, c *websocket.Conn) {
		_, b, err := c.Read(ctx)
		fmt.Println(who, string(b), err)
	}

	show("alice", alice)
	show("bob", bob)
	alice.Write(ctx, websocket.MessageText, []byte(`{"event":"chat","data":{"text":"hi <b>bob</b>"}}`))
	show("alice", alice)
	show("bob", bob)
	// Output:
	// alice {"type":"patch","target":"#chat-status","data":{"status":"connected"}} <nil>
	// bob {"type":"patch","target":"#chat-status","data":{"status":"connected"}} <nil>
	// alice {"type":"html","target":"#messages","markup":"<p class=\"message\">hi &lt;b&gt;bob&lt;/b&gt;</p>","swap":"append"} <nil>
	// bob {"type":"html","target":"#messages","markup":"<p class=\"message\">hi &lt;b&gt;bob&lt;/b&gt;</p>","swap":"append"} <nil>
}

// WS inside an ordinary handler: the guide's step 3, answering on the same
// stream.
func ExampleWS() {
	handler := func(w http.ResponseWriter, r *http.Request) {
		server.WS(w, r, func(ctx context.Context, s *server.Stream) {
			for {
				ev, err := s.Recv(ctx)
				if errors.Is(err, server.ErrBadFrame) {
					continue
				}
				if err != nil {
					return
				}
				if ev.Type == wire.TypeCustom {
					s.Send(ctx, wire.HTML("<p>got "+html.EscapeString(ev.Name)+"</p>", "#messages"))
				}
			}
		})
	}
	srv := httptest.NewServer(http.HandlerFunc(handler))
	defer srv.Close()

	ctx := context.Background()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close(websocket.StatusNormalClosure, "")
	c.Write(ctx, websocket.MessageText, []byte(`{"event":"hello"}`))
	_, b, err := c.Read(ctx)
	fmt.Println(string(b), err)
	// Output:
	// {"type":"html","target":"#messages","markup":"<p>got hello</p>"} <nil>
}

// Recv reports each frame it had to drop and keeps going.
func ExampleStream_Recv() {
	done := make(chan struct{})
	srv := httptest.NewServer(new(server.Upgrader).Handler(func(ctx context.Context, s *server.Stream) {
		defer close(done)
		for {
			ev, err := s.Recv(ctx)
			var closed *server.CloseError
			switch {
			case errors.As(err, &closed):
				fmt.Println("closed:", closed.Code, closed.Reason)
				return
			case err != nil:
				fmt.Println("dropped:", err)
			default:
				fmt.Println("event:", ev)
			}
		}
	}))
	defer srv.Close()

	ctx := context.Background()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c.Write(ctx, websocket.MessageBinary, []byte{1, 2, 3})
	c.Write(ctx, websocket.MessageText, []byte(`{"type":"explode"}`))
	c.Write(ctx, websocket.MessageText, []byte(`{"type":"navigate"}`))
	c.Write(ctx, websocket.MessageText, []byte(`{"type":"navigate","path":"/next"}`))
	c.Close(4000, "bye")
	<-done
	// Output:
	// dropped: server: bad frame: binary frame, the wire format is text only
	// dropped: server: bad frame: wire: unknown event type "type": "explode"
	// dropped: server: bad frame: wire: missing required field "path"
	// event: {"type":"navigate","path":"/next"}
	// closed: 4000 bye
}

// Cross-origin pages are refused unless listed.
func ExampleUpgrader() {
	u := &server.Upgrader{OriginPatterns: []string{"app.example.com"}}
	srv := httptest.NewServer(u.Handler(func(ctx context.Context, s *server.Stream) {}))
	defer srv.Close()

	for _, origin := range []string{"https://app.example.com", "https://evil.example"} {
		opts := &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}}
		c, resp, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(srv.URL, "http"), opts)
		if err == nil {
			c.CloseNow()
		}
		fmt.Println(origin, resp.StatusCode)
	}
	// Output:
	// https://app.example.com 101
	// https://evil.example 403
}

func ExampleWsRoute() {
	fmt.Println(ChatWS.Path())
	// Output: /ws/chat
}

// A feed of numbered updates over Server-Sent Events. The Silcrow client,
// reconnecting after update 1, passes the last id it saw and gets the
// updates it missed.
func ExampleSSE() {
	updates := []string{"first", "second", "third"}
	handler := func(w http.ResponseWriter, r *http.Request) {
		server.SSE(w, r, func(ctx context.Context, s *server.SSEStream) {
			next, _ := strconv.Atoi(s.LastEventID()) // 0 on a first connection
			for i := next; i < len(updates); i++ {
				ev := wire.HTML("<li>"+updates[i]+"</li>", "#feed").WithSwap(wire.Append)
				if err := s.SendID(ctx, strconv.Itoa(i+1), ev); err != nil {
					return
				}
			}
			// A live feed would go on sending until ctx ends.
		})
	}
	srv := httptest.NewServer(http.HandlerFunc(handler))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "?lastEventID=1")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	stream, err := io.ReadAll(resp.Body)
	fmt.Println(resp.Header.Get("Content-Type"), err)
	fmt.Print(string(stream))
	// Output:
	// text/event-stream <nil>
	// id: 2
	// event: html
	// data: {"target":"#feed","html":"<li>second</li>","swap":"append"}
	//
	// id: 3
	// event: html
	// data: {"target":"#feed","html":"<li>third</li>","swap":"append"}
}
