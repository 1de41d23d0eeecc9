package e2e

import (
	"testing"
)

// Silcrow.connections() lists the page's sockets with their subscriber
// elements, state, queued sends, attempt and pause.
func TestConnectionsList(t *testing.T) {
	ts := newTestServer(t)
	tb, c, id := openLive(t, ts, `<script>window.__early = Silcrow.connections();</script>`,
		`<div id="a" s-live="/ws/{{id}}"></div><div id="b" s-live="/ws/{{id}}"></div><div id="d" s-live="/down/{{id}}"></div>`)
	if got := eval[string](tb, `JSON.stringify(__early)`); got != "[]" {
		t.Errorf("Silcrow.connections() before the runtime is ready = %s, want []", got)
	}
	describe := `JSON.stringify(Silcrow.connections().map((c) => [new URL(c.url).pathname, c.protocol, c.state,
		c.subscribers.map((el) => el.id).join("+"), c.subscribers.every((el) => el instanceof Element), c.queued, c.paused]))`
	tb.exec(`Silcrow.send($id("d"), "one"); Silcrow.send($id("d"), "two")`)
	// /down fails its handshakes: it may be waiting to retry already,
	// which the attempt counts (checked below), but it stays connecting.
	want := `[["/down/` + id + `","ws","connecting","d",true,2,false],["/ws/` + id + `","ws","open","a+b",true,0,false]]`
	if got := eval[string](tb, describe); got != want {
		t.Errorf("connections =\n%s\nwant\n%s", got, want)
	}

	tb.exec(`Silcrow.disconnect($id("a"))`)
	c.waitDone(t)
	tb.waitFor("the failed socket to count its attempts", `Silcrow.connections()[0].attempt > 0`)
	if got := eval[string](tb, `(({state, paused, subscribers}) => state + " " + paused + " " + subscribers.length)(Silcrow.connections()[1])`); got != "closed true 2" {
		t.Errorf("after Silcrow.disconnect: %q, want closed, paused, both subscribers kept", got)
	}
	tb.exec(`Silcrow.destroy()`)
	if got := eval[string](tb, `typeof Silcrow.connections`); got != "undefined" {
		t.Errorf("Silcrow.connections after destroy is a %s, want it removed like the other methods", got)
	}
}
