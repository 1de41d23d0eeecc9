package e2e

import (
	"errors"
	"fmt"
	"testing"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// A bad frame from the server is dropped with a "[silcrow]" warning, and
// the connection keeps working: the good patch after each one applies, on
// the same socket.
func TestBadFramesFromServer(t *testing.T) {
	ts := newTestServer(t)
	tb, id := openPage(t, ts, "", `<div id="root" s-live="/raw/{{id}}"><p id="n" s-bind="n">0</p></div>`)
	c := ts.raw(t, id, 1)
	tb.waitFor("silcrow:live:connect", `__count("silcrow:live:connect") === 1`)

	cases := []struct {
		name  string
		typ   websocket.MessageType
		frame string
	}{
		{"binary", websocket.MessageBinary, `{"type":"patch","target":"#n","data":{"n":"binary"}}`},
		{"invalid JSON", websocket.MessageText, `{"type":"patch","target":"#n","data":{"n":`},
		{"unknown type", websocket.MessageText, `{"type":"explode","target":"#n"}`},
		{"missing field", websocket.MessageText, `{"type":"patch","target":"#n"}`},
		{"wrong field type", websocket.MessageText, `{"type":"patch","target":7,"data":{"n":"wrong"}}`},
		{"not an object", websocket.MessageText, `["patch","#n"]`},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb := tb.with(t)
			before := len(tb.log.SilcrowWarnings())
			c.write(t, tc.typ, []byte(tc.frame))
			c.event(t, wire.Patch(map[string]int{"n": i + 1}, "#n"))
			tb.waitFor("the good patch after the bad frame", fmt.Sprintf(`$id("n").textContent === "%d"`, i+1))

			// The warning was logged before the good patch applied, and the
			// console events of a tab arrive in order.
			warnings := tb.log.SilcrowWarnings()
			if len(warnings) == before {
				t.Errorf("no [silcrow] warning for the %s frame", tc.name)
			}
			for _, w := range warnings[before:] {
				t.Logf("warning: %s", w)
			}
		})
	}
	if n := eval[int](tb, `__count("silcrow:live:disconnect")`); n != 0 {
		t.Errorf("the socket closed %d times; want it to stay open through bad frames", n)
	}
	if n := ts.rawCount(id); n != 1 {
		t.Errorf("the page opened %d sockets; want the first one kept", n)
	}
}

// A bad frame from a client reaches the handler as a typed error from
// Recv, and the stream keeps serving: a later good message is received and
// answered.
func TestBadFramesFromClient(t *testing.T) {
	ts := newTestServer(t)

	t.Run("raw WebSocket", func(t *testing.T) {
		tb, id := openPage(t, ts, "", `<p>a page without s-live</p>`)
		tb.exec(`new Promise((resolve, reject) => {
			const ws = new WebSocket(` + js(ts.wsURL("/ws/"+id)) + `);
			window.__raw = ws;
			window.__rawMessages = [];
			ws.onmessage = (e) => window.__rawMessages.push(e.data);
			ws.onopen = () => resolve();
			ws.onerror = () => reject(new Error("the raw WebSocket failed"));
		})`)
		c := ts.stream(t, id, 1)

		sends := []struct {
			name, js string
			want     error
		}{
			{"binary", `__raw.send(new Uint8Array([123, 125]))`, server.ErrNonText},
			{"invalid JSON", `__raw.send('{"type":')`, wire.ErrSyntax},
			{"unknown type", `__raw.send('{"type":"explode"}')`, wire.ErrUnknownType},
			{"missing field", `__raw.send('{"type":"patch","target":"#x"}')`, wire.ErrMissingField},
			{"wrong field type", `__raw.send('{"type":"navigate","path":7}')`, wire.ErrWrongType},
		}
		for _, s := range sends {
			tb.exec(s.js)
			checkBadFrame(t, s.name+" frame", c.next(t), s.want)
		}

		tb.exec(`__raw.send(JSON.stringify({event: "ping", data: {n: 1}}))`)
		got := c.next(t)
		if got.err != nil || got.ev.Type != wire.TypeCustom || got.ev.Name != "ping" || string(got.ev.Data) != `{"n":1}` {
			t.Fatalf("after the bad frames Recv = %v, %v; want the custom event ping {\"n\":1}", got.ev, got.err)
		}
		c.send(t, wire.Custom("pong", map[string]int{"n": 1}))
		tb.waitFor("the answer", `__rawMessages.includes('{"type":"custom","event":"pong","data":{"n":1}}')`)

		tb.exec(`__raw.close(4001, "bye")`)
		end := c.waitDone(t)
		var closeErr *server.CloseError
		if !errors.As(end, &closeErr) || closeErr.Code != 4001 || closeErr.Reason != "bye" {
			t.Errorf("after the client's close(4001, \"bye\") Recv returned %v; want a *server.CloseError with that code and reason", end)
		}
	})

	t.Run("Silcrow.send with a string", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"><p id="pong" s-bind="pong">-</p></div>`)
		sends := []struct {
			name, payload string
			want          error
		}{
			{"invalid JSON", `{"type":`, wire.ErrSyntax},
			{"unknown type", `{"type":"explode"}`, wire.ErrUnknownType},
			{"missing field", `{"type":"patch","target":"#x"}`, wire.ErrMissingField},
		}
		for _, s := range sends {
			tb.exec(`Silcrow.send($id("root"), ` + js(s.payload) + `)`)
			checkBadFrame(t, s.name+" string", c.next(t), s.want)
		}

		tb.exec(`Silcrow.send($id("root"), {event: "ping", data: {n: 2}})`)
		got := c.next(t)
		if got.err != nil || got.ev.Type != wire.TypeCustom || got.ev.Name != "ping" || string(got.ev.Data) != `{"n":2}` {
			t.Fatalf("after the bad frames Recv = %v, %v; want the custom event ping {\"n\":2}", got.ev, got.err)
		}
		c.send(t, wire.Patch(map[string]string{"pong": "2"}, "#pong"))
		tb.waitFor("the answer", `$id("pong").textContent === "2"`)
	})
}

// checkBadFrame checks that Recv reported a dropped frame of the kind want:
// server.ErrNonText, or a *server.FrameError wrapping the wire error.
func checkBadFrame(t *testing.T, what string, got recvResult, want error) {
	t.Helper()
	if !errors.Is(got.err, want) || !errors.Is(got.err, server.ErrBadFrame) {
		t.Errorf("%s: Recv = %v, %v; want a bad-frame error matching %v", what, got.ev, got.err, want)
		return
	}
	var frameErr *server.FrameError
	if isDecode := errors.As(got.err, &frameErr); isDecode == (want == server.ErrNonText) {
		t.Errorf("%s: Recv error %v is a *server.FrameError = %v", what, got.err, isDecode)
	}
}
