package e2e

import (
	"testing"
	"time"

	"github.com/silcrow/silcrow/wire"
)

// noReconnectPeriod is how long a test watches for a reconnect that must
// not happen; the first backoff step is at most 1 s.
const noReconnectPeriod = 3 * time.Second

// stays checks, for the whole period, that cond holds: the bounded wait of
// a test that proves something does not happen on the server.
func stays(t *testing.T, period time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(period)
	for time.Now().Before(end) {
		if !cond() {
			t.Fatalf("%s stopped holding", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Removing the s-live element closes its socket, and nothing reconnects.
func TestRemovedLiveElementClosesSocket(t *testing.T) {
	ts := newTestServer(t)
	tb, c, id := openLive(t, ts, "", `<div id="live" s-live="/ws/{{id}}"></div>`)

	tb.exec(`$id("live").remove()`)
	end := c.waitDone(t)
	t.Logf("the handler's Recv returned %v", end)

	stays(t, noReconnectPeriod, "one connection and no reconnect", func() bool { return ts.streamCount(id) == 1 })
	if n := eval[int](tb, `__count("silcrow:live:connect")`); n != 1 {
		t.Errorf("silcrow:live:connect fired %d times; want 1", n)
	}
}

// Moving an s-live element elsewhere in the document (removed and
// re-inserted in one task) keeps its socket open and working.
func TestMovedLiveElementKeepsSocket(t *testing.T) {
	ts := newTestServer(t)
	tb, c, id := openLive(t, ts, "", `<div id="a"></div>
<div id="b"><div id="live" s-live="/ws/{{id}}"><p id="v" s-bind="v">-</p></div></div>`)

	tb.exec(`(() => {
		const live = $id("live");
		live.remove();
		$id("a").append(live);
	})()`)
	stays(t, time.Second, "the socket stays open", func() bool { return !c.closed() && ts.streamCount(id) == 1 })

	tb.exec(`Silcrow.send($id("live"), {event: "still", data: {}})`)
	if got := c.next(t); got.err != nil || got.ev.Name != "still" {
		t.Errorf("after the move Recv = %v, %v; want the custom event still on the same connection", got.ev, got.err)
	}
	c.send(t, wire.Patch(map[string]string{"v": "moved"}, "#v"))
	tb.waitFor("a patch after the move", `$id("v").textContent === "moved"`)
	if n := eval[int](tb, `__count("silcrow:live:disconnect")`); n != 0 {
		t.Errorf("silcrow:live:disconnect fired %d times after the move; want none", n)
	}
	if n := ts.streamCount(id); n != 1 {
		t.Errorf("%d connections; want the first one kept", n)
	}
}
