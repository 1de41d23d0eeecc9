package e2e

import (
	"context"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silcrow/silcrow/wire"
)

// Live connections in the real world: a close that refuses the client
// (1008, an application's 44xx) stops its reconnects, the server's
// slow-reader close (4000) brings it back (both ends take the codes from
// package wire), subscribed elements show the state, and a send that
// cannot go is announced.
func TestLiveConnections(t *testing.T) {
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

	t.Run("sends that cannot go are announced with silcrow:live:send-dropped", func(t *testing.T) {
		// No server answers /down/…: the socket never opens, and the
		// outbox fills up.
		tb, _ := openPage(t, ts, `<script>
window.__dropped = [];
document.addEventListener("silcrow:live:send-dropped", (e) => window.__dropped.push(e.detail.message + " " + e.detail.reason));
</script>`, `<div id="root" s-live="/down/{{id}}"></div>`)
		tb.waitFor("the runtime", `__count("silcrow:ready") === 1`)
		tb.exec(`for (let i = 0; i < 258; i++) Silcrow.send($id("root"), {event: "chat", data: {i}})`)
		tb.waitFor("two dropped", `window.__dropped.length === 2`)
		if got := eval[string](tb, `window.__dropped[0]`); !strings.HasPrefix(got, `{"event":"chat","data":{"i":256}} `) || !strings.Contains(got, "full") {
			t.Errorf("first dropped = %q, want message 256 and a full outbox", got)
		}
		tb.exec(`Silcrow.disconnect($id("root")); Silcrow.send($id("root"), "typed while offline")`)
		tb.waitFor("the send while disconnected", `window.__dropped.length === 3`)
		if got := eval[string](tb, `window.__dropped[2]`); !strings.HasPrefix(got, "typed while offline ") {
			t.Errorf("dropped = %q, want the message typed while offline", got)
		}
	})

	t.Run("Silcrow.live, disconnect and reconnect", func(t *testing.T) {
		tb, id := openPage(t, ts, "", `<div id="root"><p id="n" s-bind="n">-</p></div>`)
		tb.waitFor("the runtime", `__count("silcrow:ready") === 1`)
		tb.exec(`Silcrow.live($id("root"), "/ws/` + id + `")`)
		c := ts.stream(t, id, 1)
		tb.waitFor("connect", `__count("silcrow:live:connect") === 1 && $id("root").getAttribute("s-live-state") === "open"`)
		c.send(t, wire.Patch(map[string]int{"n": 1}, ""))
		tb.waitFor("the patch to the element Silcrow.live connected", `$id("n").textContent === "1"`)

		tb.exec(`Silcrow.disconnect($id("root"))`)
		if err := c.waitDone(t); err == nil {
			t.Error("the handler's Recv ended without an error after Silcrow.disconnect")
		}
		tb.holds(2500*time.Millisecond, "no reconnect after Silcrow.disconnect", `__count("silcrow:live:connect") === 1 && $id("root").getAttribute("s-live-state") === "closed"`)
		tb.exec(`Silcrow.reconnect($id("root"))`)
		c2 := ts.stream(t, id, 2)
		tb.waitFor("the reconnect", `__count("silcrow:live:connect") === 2`)
		c2.send(t, wire.Patch(map[string]int{"n": 2}, ""))
		tb.waitFor("the patch after the reconnect", `$id("n").textContent === "2"`)
	})

	t.Run("Silcrow.destroy leaves no socket, timer or listener", func(t *testing.T) {
		tb, id := openPage(t, ts, socketRecorder, `<div id="root" s-live="/ws/{{id}}"></div><div id="down" s-live="/down/{{id}}"></div>
<a id="go" href="#" s-action="/nowhere-{{id}}">go</a>`)
		c := ts.stream(t, id, 1)
		tb.waitFor("connect", `__count("silcrow:live:connect") === 1`)
		// /down/… never opens: its reconnect timer is running.
		tb.waitFor("a retry of the socket that never opens", `window.__wsURLs.length >= 3`)
		tb.exec(`Silcrow.destroy()`)
		if err := c.waitDone(t); err == nil {
			t.Error("the handler's Recv ended without an error after Silcrow.destroy")
		}
		before := eval[int](tb, `window.__wsURLs.length`)
		tb.exec(`window.__navigated = 0; document.addEventListener("silcrow:navigate", () => window.__navigated++); $id("go").click()`)
		tb.holds(3*time.Second, "no new socket, no navigation", `window.__wsURLs.length === `+strconv.Itoa(before)+` && window.__navigated === 0`)
		if n := ts.streamCount(id); n != 1 {
			t.Errorf("%d connections after destroy, want the first one only", n)
		}
	})

	t.Run("offline holds retries back, online reconnects at once", func(t *testing.T) {
		tb, c, id := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"></div>`)
		tb.exec(`window.__offline = 0; addEventListener("offline", () => window.__offline++)`)
		setOffline(t, tb, true)
		tb.waitFor("the page to hear it is offline", `window.__offline === 1`)
		c.cancel()
		tb.waitFor("the disconnect", `__count("silcrow:live:disconnect") === 1`)
		tb.holds(2500*time.Millisecond, "no retry while offline", `__count("silcrow:live:connect") === 1 && $id("root").getAttribute("s-live-state") === "closed"`)
		if n := ts.streamCount(id); n != 1 {
			t.Errorf("%d connections while offline, want 1", n)
		}
		back := time.Now()
		setOffline(t, tb, false)
		ts.stream(t, id, 2)
		tb.waitFor("the reconnect", `__count("silcrow:live:connect") === 2`)
		if d := time.Since(back); d > 900*time.Millisecond {
			t.Logf("reconnected %v after online (the first backoff step is 0.5–1 s)", d)
		}
	})

	t.Run("a hidden page waits, visible reconnects; the back-forward cache closes and pageshow reopens", func(t *testing.T) {
		tb, c, id := openLive(t, ts, `<script>
// Headless Chromium cannot hide a tab: the page's visibility is emulated.
window.__visibility = "visible";
Object.defineProperty(document, "visibilityState", { get: () => window.__visibility });
window.__setVisibility = (v) => { window.__visibility = v; document.dispatchEvent(new Event("visibilitychange")); };
</script>`, `<div id="root" s-live="/ws/{{id}}"></div>`)
		tb.exec(`__setVisibility("hidden")`)
		c.cancel()
		tb.waitFor("the disconnect", `__count("silcrow:live:disconnect") === 1`)
		tb.holds(2500*time.Millisecond, "no retry while hidden", `__count("silcrow:live:connect") === 1`)
		tb.exec(`__setVisibility("visible")`)
		c2 := ts.stream(t, id, 2)
		tb.waitFor("the reconnect on visible", `__count("silcrow:live:connect") === 2`)

		tb.exec(`dispatchEvent(new PageTransitionEvent("pagehide", { persisted: true }))`)
		if err := c2.waitDone(t); err == nil {
			t.Error("the socket was not closed when the page entered the back-forward cache")
		}
		tb.holds(1500*time.Millisecond, "no retry while in the cache", `__count("silcrow:live:connect") === 2`)
		tb.exec(`dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true }))`)
		ts.stream(t, id, 3)
		tb.waitFor("the reconnect on pageshow", `__count("silcrow:live:connect") === 3`)
	})
}

// setOffline emulates the network going away, or coming back, through
// CDP: navigator.onLine changes and the page gets offline or online.
func setOffline(t *testing.T, tb *tab, offline bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, patience)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Fatalf("emulating offline=%v: %v", offline, err)
	}
}
