package e2e

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/frame"
)

// The heartbeat of subprotocol silcrow.v1: package server answers it
// without the handler's help, and a socket whose server stops answering
// without closing (half-open: a proxy dropped it, a laptop woke up on
// another network) is closed and reconnected within two intervals.
func TestHeartbeat(t *testing.T) {
	ts := newTestServer(t)
	const beat = 300 // ms
	head := `<meta name="silcrow-heartbeat" content="300">
<script>
window.__drops = [];
document.addEventListener("silcrow:live:disconnect", (e) => window.__drops.push({at: performance.now(), code: e.detail.code, reason: e.detail.reason}));
window.__pings = [];
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  if (data === '{"type":"ping"}') window.__pings.push(performance.now());
  return send.call(this, data);
};
</script>`

	t.Run("package server answers it and the handler never sees it", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, head, `<div id="root" s-live="/ws/{{id}}"></div>`)
		if got := c.stream.Subprotocol(); got != wire.Subprotocol {
			t.Fatalf("the server stream speaks %q, want %q", got, wire.Subprotocol)
		}
		tb.holds(6*beat*time.Millisecond, "the socket to stay open through six heartbeats", `__count("silcrow:live:disconnect") === 0`)
		select {
		case r := <-c.recv:
			t.Fatalf("the handler received %+v, %v; heartbeats are not the handler's", r.ev, r.err)
		default:
		}
		tb.exec(`Silcrow.send($id("root"), {event: "chat", data: "still here"})`)
		if r := c.next(t); r.err != nil || r.ev.Name != "chat" {
			t.Fatalf("handler received %+v, %v; want the chat event", r.ev, r.err)
		}
	})

	t.Run("a server that goes silent is left within two intervals", func(t *testing.T) {
		mute := newMuteServer(ts)
		tb, id := openPage(t, ts, head, `<div id="root" s-live="/mute/{{id}}"></div>`)
		tb.waitFor("the connect", `__count("silcrow:live:connect") === 1`)
		tb.holds(4*beat*time.Millisecond, "the socket to stay open while the server answers", `__count("silcrow:live:disconnect") === 0`)
		if n := mute.pings(id); n < 2 {
			t.Fatalf("the server saw %d pings in four intervals", n)
		}
		tb.exec(`window.__silentAt = performance.now()`)
		mute.silence(id)
		tb.waitFor("the disconnect", `window.__drops.length === 1`)
		if got := eval[string](tb, `__drops[0].code + " " + __drops[0].reason`); got != "1006 no answer to the heartbeat" {
			t.Errorf("disconnect detail = %q, want 1006 and the heartbeat reason", got)
		}
		took := eval[float64](tb, `__drops[0].at - __silentAt`)
		t.Logf("half-open socket detected %.0f ms after the server went silent (heartbeat %d ms)", took, beat)
		// Within two intervals: the tick after the silence pings, and the
		// one after it, finding no answer, closes. So at most one ping
		// goes unanswered, however the browser's timers drift.
		if n := eval[int](tb, `__pings.filter((at) => at > __silentAt && at < __drops[0].at).length`); n > 1 {
			t.Errorf("%d pings went unanswered before the socket was closed, want at most 1 (two intervals)", n)
		}
		tb.waitFor("the reconnect", `__count("silcrow:live:connect") === 2`)
		if n := mute.count(id); n != 2 {
			t.Errorf("%d connections to the silent server, want 2", n)
		}
	})
}

// muteServer answers heartbeats on /mute/{id} until silenced; then it
// neither reads nor writes nor closes, as a half-open socket looks from
// the client.
type muteServer struct {
	mu    sync.Mutex
	conns map[string][]*muteConn
}

type muteConn struct {
	pings  int
	silent chan struct{}
}

func newMuteServer(ts *testServer) *muteServer {
	m := &muteServer{conns: map[string][]*muteConn{}}
	ts.mux.HandleFunc("GET /mute/{id}", func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{wire.Subprotocol}})
		if err != nil {
			return
		}
		defer conn.CloseNow()
		c := &muteConn{silent: make(chan struct{})}
		id := r.PathValue("id")
		m.mu.Lock()
		m.conns[id] = append(m.conns[id], c)
		m.mu.Unlock()
		frames := make(chan []byte)
		go func() {
			for {
				_, b, err := conn.Read(r.Context())
				if err != nil {
					close(frames)
					return
				}
				select {
				case frames <- b:
				case <-c.silent:
					// Silent: the read loop stops, so nothing more is
					// read, not even the close frame.
					<-r.Context().Done()
					return
				}
			}
		}()
		pong := frame.AppendControl(nil, frame.Control{Type: frame.ControlPong})
		for {
			select {
			case b, ok := <-frames:
				if !ok {
					return
				}
				if string(b) == `{"type":"ping"}` {
					m.mu.Lock()
					c.pings++
					m.mu.Unlock()
					ctx, cancel := context.WithTimeout(r.Context(), patience)
					conn.Write(ctx, websocket.MessageText, pong)
					cancel()
				}
			case <-c.silent:
				<-r.Context().Done()
				return
			}
		}
	})
	return m
}

func (m *muteServer) last(id string) *muteConn {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.conns[id]
	return cs[len(cs)-1]
}

func (m *muteServer) pings(id string) int {
	c := m.last(id)
	m.mu.Lock()
	defer m.mu.Unlock()
	return c.pings
}

func (m *muteServer) silence(id string) { close(m.last(id).silent) }

func (m *muteServer) count(id string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.conns[id])
}
