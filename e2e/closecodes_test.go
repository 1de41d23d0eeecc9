package e2e

import (
	"testing"
	"time"

	"github.com/silcrow/silcrow/wire"
)

// A close that refuses the client (1008, an application's 44xx) stops its
// reconnects; the server's slow-reader close (4000) brings it back. Both
// ends take the codes from package wire.
func TestCloseCodes(t *testing.T) {
	ts := newTestServer(t)

	t.Run("a policy close stops the reconnects until Silcrow.reconnect", func(t *testing.T) {
		tb, c, id := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"></div>`)
		if err := c.stream.CloseWith(wire.ClosePolicy, "not allowed"); err != nil {
			t.Fatal(err)
		}
		tb.waitFor("the disconnect", `__count("silcrow:live:disconnect") === 1`)
		if got := eval[string](tb, `JSON.stringify(window.__events.filter((e) => e.name === "silcrow:live:disconnect")[0].detail.reconnectIn)`); got != "null" {
			t.Errorf("reconnectIn = %s, want null: a refusal is not retried", got)
		}
		// The first retry would come within 1 s (jittered down).
		tb.holds(2500*time.Millisecond, "no reconnect", `__count("silcrow:live:connect") === 1`)
		if n := ts.streamCount(id); n != 1 {
			t.Errorf("%d connections, want 1", n)
		}
		tb.exec(`Silcrow.reconnect($id("root"))`)
		ts.stream(t, id, 2)
		tb.waitFor("the reconnect Silcrow.reconnect asked for", `__count("silcrow:live:connect") === 2`)
	})

	t.Run("the slow-reader close reconnects", func(t *testing.T) {
		tb, c, id := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"></div>`)
		if err := c.stream.CloseWith(wire.CloseSlowReader, "send queue full"); err != nil {
			t.Fatal(err)
		}
		ts.stream(t, id, 2)
		tb.waitFor("the reconnect", `__count("silcrow:live:connect") === 2`)
	})

	t.Run("subscribed elements show the state in s-live-state", func(t *testing.T) {
		tb, c, id := openLive(t, ts, "", `<div id="a" s-live="/ws/{{id}}"></div><div id="b" s-live="/ws/{{id}}"></div>`)
		tb.waitFor("open on both", `$id("a").getAttribute("s-live-state") === "open" && $id("b").getAttribute("s-live-state") === "open"`)
		c.cancel()
		tb.waitFor("connecting while it waits to reconnect", `$id("a").getAttribute("s-live-state") === "connecting"`)
		c2 := ts.stream(t, id, 2)
		tb.waitFor("open again", `$id("b").getAttribute("s-live-state") === "open"`)
		if err := c2.stream.CloseWith(wire.CloseForbidden, "forbidden"); err != nil {
			t.Fatal(err)
		}
		tb.waitFor("closed after a refusal", `$id("a").getAttribute("s-live-state") === "closed" && $id("b").getAttribute("s-live-state") === "closed"`)
	})
}
