package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/silcrow/silcrow/wire"
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

	t.Run("attribute bindings write String(value), null removes", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}">
  <button id="t" s-bind="open:aria-expanded" aria-expanded="true">menu</button>
  <div id="f" s-bind="flag:data-flag"></div>
  <input id="c" type="checkbox" s-bind="on:checked">
</div>`)
		c.send(t, wire.Patch(map[string]any{"open": false, "flag": true, "on": true}, "#root"))
		tb.waitFor("the patch", `$id("c").checked === true`)
		if got := eval[string](tb, `$id("t").getAttribute("aria-expanded") + " " + $id("f").dataset.flag`); got != "false true" {
			t.Errorf(`aria-expanded and data-flag = %q; want "false true"`, got)
		}
		c.send(t, wire.Patch(map[string]any{"open": nil}, "#root"))
		tb.waitFor("null to remove the attribute", `!$id("t").hasAttribute("aria-expanded")`)
	})

	t.Run("silcrow:patched lists every bound path of the root", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, `<script>
window.__paths = [];
document.addEventListener("silcrow:patched", (e) => window.__paths.push(e.detail.paths.join(",")));
</script>`, `<div id="root" s-live="/ws/{{id}}"><p s-bind="a"></p><p s-bind="user.name"></p><p s-bind="a:title"></p></div>`)
		c.send(t, wire.Patch(map[string]any{"a": 1}, "#root"))
		tb.waitFor("the event", `window.__paths.length === 1`)
		if got := eval[string](tb, `window.__paths[0]`); got != "a,user.name" {
			t.Errorf("detail.paths = %q; want every bound path, a,user.name", got)
		}
	})

	t.Run("a refused URL clears the binding", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}">
  <a id="l" s-bind="url:href" href="/old">link</a>
  <form id="f" s-bind="url:action" action="/old"></form>
  <p id="done" s-bind="done"></p>
</div>`)
		c.send(t, wire.Patch(map[string]any{"url": "javascript:alert(1)", "done": "yes"}, "#root"))
		tb.waitFor("the patch", `$id("done").textContent === "yes"`)
		if got := eval[string](tb, `JSON.stringify([$id("l").getAttribute("href"), $id("f").getAttribute("action")])`); got != `["",null]` {
			t.Errorf("href and action after a refused URL = %s; want the property cleared and the attribute removed", got)
		}
	})

	t.Run("s-live=ws: with no URL is refused, never a socket to the page", func(t *testing.T) {
		tb, _, _ := openLive(t, ts, socketRecorder, `<div id="bad" s-live="ws:"></div><div id="blank" s-live="ws:   "></div><div id="good" s-live="/ws/{{id}}"></div>`)
		tb.holds(1500*time.Millisecond, "one socket only, the good one's", `window.__wsURLs.length === 1 && window.__wsURLs[0].endsWith("/ws/" + location.pathname.split("/").pop())`)
		n := 0
		for _, w := range tb.log.SilcrowWarnings() {
			if strings.Contains(w, "names no URL") {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d warnings that the s-live names no URL; want 2: %q", n, tb.log.SilcrowWarnings())
		}
	})

	t.Run("a Silcrow.js-form list is patched without duplicates, items first", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}">
<ul id="todos" s-list="todos">
  <li data-key="a" s-key><span s-bind=".title">A</span></li>
  <li data-key="b" s-key><span s-bind=".title">B</span></li>
  <template><li><span s-bind=".title"></span></li></template>
  <li class="add">add</li>
</ul>
<ul id="fresh" s-list="fresh"><template><li><span s-bind=".title"></span></li></template><li class="empty">none yet</li></ul>
</div>`)
		first := eval[bool](tb, `(window.__a = document.querySelector('#todos [data-key="a"]')) !== null`)
		items := []map[string]any{{"key": "b", "title": "B!"}, {"key": "a", "title": "A"}, {"key": "c", "title": "C"}}
		c.send(t, wire.Patch(map[string]any{"todos": items, "fresh": items[:2]}, "#root"))
		tb.waitFor("the patch", `document.querySelectorAll("#todos > li").length === 4 && document.querySelectorAll("#fresh > li").length === 3`)
		got := eval[string](tb, `JSON.stringify([...document.querySelectorAll("#todos > *, #fresh > *")].map((el) => el.localName + ":" + (el.dataset.key || el.className) + ":" + (el.hasAttribute("s-key") ? "[" + el.getAttribute("s-key") + "]" : "")))`)
		want := `["li:b:[]","li:a:[]","li:c:[]","template::","li:add:","li:b:[]","li:a:[]","template::","li:empty:"]`
		if got != want {
			t.Errorf("children = %s\nwant %s", got, want)
		}
		if !first || !eval[bool](tb, `document.querySelector('#todos [data-key="a"]') === window.__a && document.querySelectorAll('[data-key="c"]').length === 1`) {
			t.Error("the server-rendered item a was not adopted, or [data-key] selectors do not find the items")
		}
		if got := eval[string](tb, `document.querySelector("#todos > li:first-child").textContent`); got != "B!" {
			t.Errorf(":first-child shows %q, want B!", got)
		}
	})
}

// socketRecorder records the URL of every WebSocket the page creates in
// window.__wsURLs.
const socketRecorder = `<script>
window.__wsURLs = [];
const PageWebSocket = WebSocket;
window.WebSocket = function (url, protocols) {
  window.__wsURLs.push(String(url));
  return new PageWebSocket(url, protocols);
};
window.WebSocket.prototype = PageWebSocket.prototype;
</script>`
