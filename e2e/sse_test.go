package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// s-live="sse:…" against package server's SSE writer: the same events,
// state, backoff and cleanup as a WebSocket, the last event id offered
// again after the server comes back, and sends refused.
func TestSSE(t *testing.T) {
	ts := newTestServer(t)
	feeds := newSSEFeeds(ts)
	head := `<script>
window.__got = [];
document.addEventListener("silcrow:ws:tick", (e) => __got.push("tick " + JSON.stringify(e.detail.data) + " " + new URL(e.detail.url).pathname));
document.addEventListener("silcrow:navigate", (e) => { __got.push("navigate " + new URL(e.detail.url).pathname); e.preventDefault(); });
document.addEventListener("silcrow:live:send-dropped", (e) => __got.push("dropped " + e.detail.protocol + " " + e.detail.message));
</script>`

	t.Run("every event type acts as its WebSocket twin", func(t *testing.T) {
		tb, id := openPage(t, ts, head, `<div id="root" s-live="sse:/sse/{{id}}"><span id="count" s-bind="count">-</span><div id="box"></div></div>
<p id="other"><span id="o" s-bind="o">-</span></p>`)
		f := feeds.wait(t, id, 1)
		tb.waitFor("the connect", `__count("silcrow:live:connect") === 1 && $id("root").getAttribute("s-live-state") === "open"`)
		if got := eval[string](tb, `Silcrow.connections().map((c) => c.protocol + " " + c.state + " " + c.subscribers[0].id).join()`); got != "sse open root" {
			t.Errorf("connections = %q", got)
		}
		f.send(t, "", wire.Patch(map[string]int{"count": 1}, ""))
		tb.waitFor("the root patch", `$id("count").textContent === "1"`)
		f.send(t, "", wire.Patch(map[string]int{"o": 2}, "#other"))
		tb.waitFor("the targeted patch", `$id("o").textContent === "2"`)
		f.send(t, "", wire.HTML(`<i id="ok">ok</i><img src=x onerror="window.__xss=1">`, "#box"))
		tb.waitFor("the html, sanitized", `$id("ok") !== null`)
		if eval[bool](tb, `!!window.__xss || $id("box").innerHTML.includes("onerror")`) {
			t.Error("markup from an SSE html event was not sanitized")
		}
		f.send(t, "", wire.Navigate("/next"))
		f.send(t, "", wire.Custom("tick", 3))
		tb.waitFor("navigate and custom", `__got.length === 2`)
		if got := eval[string](tb, `__got.join("|")`); got != "navigate /next|tick 3 /sse/"+id {
			t.Errorf("page saw %q", got)
		}
		tb.exec(`Silcrow.send($id("root"), "hello?")`)
		tb.waitFor("the refused send", `__got.length === 3`)
		if got := eval[string](tb, `__got[2]`); got != "dropped sse hello?" {
			t.Errorf("send on SSE: %q, want it dropped", got)
		}
	})

	t.Run("a restarted server gets the reconnect and the last event id", func(t *testing.T) {
		tb, id := openPage(t, ts, head, `<div id="root" s-live="sse:/sse/{{id}}"><span id="count" s-bind="count">-</span></div>`)
		f := feeds.wait(t, id, 1)
		f.send(t, "41", wire.Patch(map[string]int{"count": 41}, ""))
		f.send(t, "42", wire.Patch(map[string]int{"count": 42}, ""))
		tb.waitFor("the patches", `$id("count").textContent === "42"`)
		feeds.down(id, true)
		f.close()
		tb.waitFor("the disconnect", `__count("silcrow:live:disconnect") >= 1 && $id("root").getAttribute("s-live-state") === "connecting"`)
		tb.waitFor("attempts against the server while it is down", `Silcrow.connections()[0].attempt >= 2`)
		feeds.down(id, false)
		f2 := feeds.wait(t, id, 2)
		if got := f2.stream.LastEventID(); got != "42" {
			t.Errorf("the reconnect's LastEventID() = %q, want 42", got)
		}
		tb.waitFor("open again", `$id("root").getAttribute("s-live-state") === "open"`)
		f2.send(t, "43", wire.Patch(map[string]int{"count": 43}, ""))
		tb.waitFor("the patch after the restart", `$id("count").textContent === "43"`)
	})

	t.Run("Silcrow.destroy closes the EventSource", func(t *testing.T) {
		tb, id := openPage(t, ts, head, `<div id="root" s-live="sse:/sse/{{id}}"></div>`)
		f := feeds.wait(t, id, 1)
		tb.waitFor("the connect", `__count("silcrow:live:connect") === 1`)
		tb.exec(`Silcrow.destroy()`)
		select {
		case <-f.ctx.Done():
		case <-time.After(patience):
			t.Fatal("the server's stream is still open after Silcrow.destroy")
		}
		// The first retry would come within a second and a half.
		time.Sleep(1500 * time.Millisecond)
		if n := feeds.count(id); n != 1 {
			t.Errorf("%d connections after destroy, want 1", n)
		}
	})
}

// sseFeeds serves /sse/{id} with package server's SSE writer and records
// each stream; a feed marked down answers 503, as a restarting server.
type sseFeeds struct {
	mu     sync.Mutex
	feeds  map[string][]*sseFeed
	isDown map[string]bool
	ts     *testServer
}

type sseFeed struct {
	stream *server.SSEStream
	ctx    context.Context
	stop   context.CancelFunc
}

func newSSEFeeds(ts *testServer) *sseFeeds {
	fs := &sseFeeds{feeds: map[string][]*sseFeed{}, isDown: map[string]bool{}, ts: ts}
	ts.mux.HandleFunc("GET /sse/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		fs.mu.Lock()
		down := fs.isDown[id]
		fs.mu.Unlock()
		if down {
			http.Error(w, "restarting", http.StatusServiceUnavailable)
			return
		}
		_ = server.SSE(w, r, func(ctx context.Context, s *server.SSEStream) {
			ctx, stop := context.WithCancel(ctx)
			fs.mu.Lock()
			fs.feeds[id] = append(fs.feeds[id], &sseFeed{stream: s, ctx: ctx, stop: stop})
			fs.mu.Unlock()
			ts.mu.Lock()
			ts.notify()
			ts.mu.Unlock()
			<-ctx.Done()
		})
	})
	return fs
}

func (fs *sseFeeds) down(id string, down bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.isDown[id] = down
}

func (fs *sseFeeds) count(id string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return len(fs.feeds[id])
}

// wait waits for the n-th (1-based) stream of /sse/{id}.
func (fs *sseFeeds) wait(t *testing.T, id string, n int) *sseFeed {
	t.Helper()
	var f *sseFeed
	fs.ts.waitChange(t, fmt.Sprintf("stream %d of /sse/%s", n, id), func() bool {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		if len(fs.feeds[id]) < n {
			return false
		}
		f = fs.feeds[id][n-1]
		return true
	})
	return f
}

// send sends ev with the SSE id (none when empty).
func (f *sseFeed) send(t *testing.T, id string, ev wire.Event) {
	t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, patience)
	defer cancel()
	var err error
	if id == "" {
		err = f.stream.Send(ctx, ev)
	} else {
		err = f.stream.SendID(ctx, id, ev)
	}
	if err != nil && !strings.Contains(err.Error(), "closed") {
		t.Fatalf("SSE send %v: %v", ev, err)
	}
}

// close ends the response, as a server that stops does.
func (f *sseFeed) close() { f.stop() }
