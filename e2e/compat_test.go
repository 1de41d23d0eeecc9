package e2e

import (
	"testing"
)

// Pages written for Silcrow.js run unchanged: each case here is page code
// that relies on what Silcrow.js shows it, run against silcrow.wasm.
func TestSilcrowJSPages(t *testing.T) {
	ts := newTestServer(t)

	t.Run("live connect and disconnect list the subscribed elements", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, `<script>
window.__subs = [];
for (const name of ["silcrow:live:connect", "silcrow:live:disconnect"]) {
  document.addEventListener(name, (e) => {
    const ids = [];
    e.detail.subscribers.forEach((el) => ids.push(el.id));
    window.__subs.push(name + " " + ids.join(",") + " " + typeof e.detail.url + " " + (Array.isArray(e.detail.subscribers)));
  });
}
</script>`, `<div id="a" s-live="/ws/{{id}}"></div><div id="b" s-live="/ws/{{id}}"></div>`)
		if got := eval[[]string](tb, `window.__subs`); len(got) != 1 || got[0] != "silcrow:live:connect a,b string true" {
			t.Fatalf("connect listeners saw %q; want the two subscribed elements", got)
		}
		c.cancel()
		tb.waitFor("the disconnect", `window.__subs.length === 2`)
		if got := eval[string](tb, `window.__subs[1]`); got != "silcrow:live:disconnect a,b string true" {
			t.Errorf("disconnect listener saw %q; want the two subscribed elements", got)
		}
		if got := eval[bool](tb, `window.__events.filter((e) => e.name === "silcrow:live:disconnect")[0].detail.reconnectIn > 0`); !got {
			t.Error("the disconnect's reconnectIn is not a delay")
		}
	})
}
