package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// testServer is the in-process server of one test: pages that load the
// freshly built runtime from suite.assets, and two WebSocket endpoints that
// hand every connection to the test, keyed by the {id} of their path:
//
//	/ws/{id}   package server's WS and Stream, as an application uses them
//	/raw/{id}  a bare github.com/coder/websocket connection, to send frames
//	           no Stream would (exact vector text, binary, broken JSON)
type testServer struct {
	srv *httptest.Server
	mux *http.ServeMux

	mu      sync.Mutex
	streams map[string][]*streamConn
	raws    map[string][]*rawConn
	changed chan struct{} // closed and replaced when a connection comes or a handler returns
}

// newTestServer starts a test server that stops when the test ends.
func newTestServer(t testing.TB) *testServer {
	t.Helper()
	needSuite(t)
	ts := &testServer{
		mux:     http.NewServeMux(),
		streams: map[string][]*streamConn{},
		raws:    map[string][]*rawConn{},
		changed: make(chan struct{}),
	}
	ts.mux.Handle(server.AssetsPrefix, suite.assets)
	ts.mux.HandleFunc("GET /ws/{id}", ts.serveStream)
	ts.mux.HandleFunc("GET /raw/{id}", ts.serveRaw)
	ts.srv = httptest.NewServer(ts.mux)
	t.Cleanup(ts.close)
	return ts
}

// URL returns the absolute http URL of path on the server.
func (ts *testServer) URL(path string) string { return ts.srv.URL + path }

// wsURL returns the ws URL a page on this server reaches path by.
func (ts *testServer) wsURL(path string) string {
	return "ws" + strings.TrimPrefix(ts.srv.URL, "http") + path
}

// page serves a Silcrow page at path (an exact path); see pageHTML.
func (ts *testServer) page(path, head, body string) {
	ts.document(path, pageHTML("e2e", head, body))
}

// document serves doc as HTML at path.
func (ts *testServer) document(path, doc string) {
	ts.mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, doc)
	})
}

// eventRecorder records the runtime's document events in window.__events,
// from before the runtime boots. __count(name) counts them; $id is
// document.getElementById.
const eventRecorder = `<script>
window.__events = [];
window.__count = (name) => window.__events.filter((e) => e.name === name).length;
window.$id = (id) => document.getElementById(id);
for (const name of ["silcrow:ready", "silcrow:live:connect", "silcrow:live:disconnect", "silcrow:error"]) {
  document.addEventListener(name, (e) => {
    window.__events.push({name, detail: e.detail ? JSON.parse(JSON.stringify(e.detail)) : null});
  });
}
</script>
`

// pageHTML is a whole Silcrow page: the title, the asset tags and the
// event recorder in <head> (plus head), body inside <body s-debug>.
func pageHTML(title, head, body string) string {
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title>\n" +
		string(suite.assets.Tags()) + "\n" + eventRecorder + head +
		"</head>\n<body s-debug>\n" + body + "\n</body></html>\n"
}

var lastID atomic.Int64

// newID returns a connection id unique in the run.
func newID() string { return fmt.Sprintf("c%d", lastID.Add(1)) }

func (ts *testServer) notify() {
	close(ts.changed)
	ts.changed = make(chan struct{})
}

// waitChange waits, up to patience, until cond holds; cond runs under
// ts.mu.
func (ts *testServer) waitChange(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(patience)
	defer deadline.Stop()
	for {
		ts.mu.Lock()
		ok, changed := cond(), ts.changed
		ts.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("test server: waited %v for %s", patience, what)
		}
	}
}

func (ts *testServer) close() {
	ts.mu.Lock()
	var all []func()
	for _, cs := range ts.streams {
		for _, c := range cs {
			all = append(all, c.cancel)
		}
	}
	for _, cs := range ts.raws {
		for _, c := range cs {
			all = append(all, func() { _ = c.conn.CloseNow() })
		}
	}
	ts.mu.Unlock()
	for _, f := range all {
		f()
	}
	ts.srv.Close()
}

// streamConn is one connection to /ws/{id}: the handler's Stream and what
// its Recv returned.
type streamConn struct {
	id     string
	stream *server.Stream
	ctx    context.Context
	cancel context.CancelFunc
	recv   chan recvResult // every Recv result, in order
	done   chan struct{}   // closed when the handler has returned
	end    error           // the Recv error the handler returned on; read after done
}

// recvResult is one return of Stream.Recv.
type recvResult struct {
	ev  wire.Event
	err error
}

// serveStream is the /ws/{id} handler: it records every Recv result and
// keeps serving after bad frames (server.ErrBadFrame), returning on
// anything else.
func (ts *testServer) serveStream(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	// A failed handshake has been answered with an HTTP error already.
	_ = server.WS(w, r, func(ctx context.Context, s *server.Stream) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		c := &streamConn{id: id, stream: s, ctx: ctx, cancel: cancel,
			recv: make(chan recvResult, 1024), done: make(chan struct{})}
		ts.mu.Lock()
		ts.streams[id] = append(ts.streams[id], c)
		ts.notify()
		ts.mu.Unlock()
		defer func() {
			close(c.done)
			ts.mu.Lock()
			ts.notify()
			ts.mu.Unlock()
		}()
		for {
			ev, err := s.Recv(ctx)
			c.recv <- recvResult{ev, err}
			if err != nil && !errors.Is(err, server.ErrBadFrame) {
				c.end = err
				return
			}
		}
	})
}

// stream waits for the n-th (1-based) connection to /ws/{id}.
func (ts *testServer) stream(t testing.TB, id string, n int) *streamConn {
	t.Helper()
	var c *streamConn
	ts.waitChange(t, fmt.Sprintf("connection %d to /ws/%s", n, id), func() bool {
		if len(ts.streams[id]) < n {
			return false
		}
		c = ts.streams[id][n-1]
		return true
	})
	return c
}

// streamCount is how many connections /ws/{id} has had.
func (ts *testServer) streamCount(id string) int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return len(ts.streams[id])
}

// send sends ev on the stream, failing the test on error.
func (c *streamConn) send(t testing.TB, ev wire.Event) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, patience)
	defer cancel()
	if err := c.stream.Send(ctx, ev); err != nil {
		t.Fatalf("/ws/%s: Send(%v): %v", c.id, ev, err)
	}
}

// next waits for the next Recv result.
func (c *streamConn) next(t testing.TB) recvResult {
	t.Helper()
	select {
	case r := <-c.recv:
		return r
	case <-time.After(patience):
		t.Fatalf("/ws/%s: waited %v for the handler to receive something", c.id, patience)
		return recvResult{}
	}
}

// waitDone waits for the handler to return and gives the error it
// returned on.
func (c *streamConn) waitDone(t testing.TB) error {
	t.Helper()
	select {
	case <-c.done:
		return c.end
	case <-time.After(patience):
		t.Fatalf("/ws/%s: waited %v for the handler to see the connection close", c.id, patience)
		return nil
	}
}

// closed reports whether the handler has returned.
func (c *streamConn) closed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// rawConn is one connection to /raw/{id}.
type rawConn struct {
	id   string
	conn *websocket.Conn
}

// serveRaw is the /raw/{id} handler, a WebSocket server that knows
// nothing of Silcrow's subprotocol: it accepts, then reads (and drops)
// until the connection ends, so that control frames are answered. A
// handshake that offered a subprotocol is not recorded: picking none, it
// is failed by the browser, and the client retries at once without it.
func (ts *testServer) serveRaw(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	if r.Header.Get("Sec-WebSocket-Protocol") != "" {
		conn.CloseNow()
		return
	}
	c := &rawConn{id: r.PathValue("id"), conn: conn}
	ts.mu.Lock()
	ts.raws[c.id] = append(ts.raws[c.id], c)
	ts.notify()
	ts.mu.Unlock()
	for {
		if _, _, err := conn.Read(context.Background()); err != nil {
			return
		}
	}
}

// raw waits for the n-th (1-based) connection to /raw/{id}.
func (ts *testServer) raw(t testing.TB, id string, n int) *rawConn {
	t.Helper()
	var c *rawConn
	ts.waitChange(t, fmt.Sprintf("connection %d to /raw/%s", n, id), func() bool {
		if len(ts.raws[id]) < n {
			return false
		}
		c = ts.raws[id][n-1]
		return true
	})
	return c
}

// rawCount is how many connections /raw/{id} has had.
func (ts *testServer) rawCount(id string) int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return len(ts.raws[id])
}

// write sends one frame of the given type.
func (c *rawConn) write(t testing.TB, typ websocket.MessageType, b []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := c.conn.Write(ctx, typ, b); err != nil {
		t.Fatalf("/raw/%s: writing a %v frame: %v", c.id, typ, err)
	}
}

// text sends s as one text frame, exactly.
func (c *rawConn) text(t testing.TB, s string) {
	t.Helper()
	c.write(t, websocket.MessageText, []byte(s))
}

// event sends ev encoded by package wire.
func (c *rawConn) event(t testing.TB, ev wire.Event) {
	t.Helper()
	b, err := wire.Encode(ev)
	if err != nil {
		t.Fatalf("encoding %v: %v", ev, err)
	}
	c.write(t, websocket.MessageText, b)
}
