package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// openPage serves body, with {{id}} replaced by a fresh connection id, as
// the page /page/{id} of ts and opens it in a fresh tab.
func openPage(t *testing.T, ts *testServer, head, body string) (*tab, string) {
	t.Helper()
	id := newID()
	path := "/page/" + id
	ts.page(path, head, strings.ReplaceAll(body, "{{id}}", id))
	tb := openTab(t, t.Name())
	tb.navigate(ts.URL(path))
	return tb, id
}

// openLive is openPage for a page whose s-live connects to /ws/{{id}}: it
// waits until the socket is open at both ends.
func openLive(t *testing.T, ts *testServer, head, body string) (*tab, *streamConn, string) {
	t.Helper()
	tb, id := openPage(t, ts, head, body)
	c := ts.stream(t, id, 1)
	tb.waitFor("silcrow:live:connect", `__count("silcrow:live:connect") === 1`)
	return tb, c, id
}

// Each of the five wire types, sent by package server's Stream, has its
// effect on the page.
func TestServerEvents(t *testing.T) {
	ts := newTestServer(t)

	t.Run("patch sets text and properties", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}">
  <h1 id="title" s-bind="title">old title</h1>
  <input id="name" s-bind="name:value" value="old">
  <button id="lock" s-bind="locked:disabled">lock</button>
</div>`)
		c.send(t, wire.Patch(map[string]any{"title": "New title", "name": "Zoë", "locked": true}, "#root"))
		tb.waitFor("title, value and disabled to be patched", `$id("title").textContent === "New title" && $id("name").value === "Zoë" && $id("lock").disabled === true`)
		if attr := eval[string](tb, `$id("name").getAttribute("value")`); attr != "old" {
			t.Errorf(`s-bind="name:value" changed the value attribute to %q; want the property set and the attribute left "old"`, attr)
		}

		c.send(t, wire.Patch(map[string]any{"locked": false}, "#root"))
		tb.waitFor("disabled to be cleared", `$id("lock").disabled === false`)
		if got := eval[string](tb, `$id("title").textContent`); got != "New title" {
			t.Errorf("a patch without title changed the title to %q", got)
		}
	})

	t.Run("html swaps markup into the target", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"><div id="box"><p id="old">old</p></div></div>`)
		c.send(t, wire.HTML(`<p class="fresh">swapped <em>in</em></p>`, "#box"))
		tb.waitFor("the markup swapped in", `document.querySelector("#box > p.fresh > em") !== null && $id("box").textContent === "swapped in"`)
		if eval[bool](tb, `$id("old") !== null`) {
			t.Error("the target's old child is still there after an inner swap")
		}

		c.send(t, wire.HTML(`<p class="more">more</p>`, "#box").WithSwap(wire.Append))
		tb.waitFor("the markup appended", `$id("box").children.length === 2 && $id("box").lastElementChild.className === "more"`)
	})

	t.Run("invalidate makes the next patch see new bindings", func(t *testing.T) {
		tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"><div id="inv"><span id="first" s-bind="count">-</span></div></div>`)
		c.send(t, wire.Patch(map[string]int{"count": 1}, "#inv"))
		tb.waitFor("the first patch", `$id("first").textContent === "1"`)

		tb.exec(`(() => {
			const late = document.createElement("span");
			late.id = "late";
			late.setAttribute("s-bind", "count");
			late.textContent = "-";
			$id("inv").append(late);
		})()`)
		c.send(t, wire.Patch(map[string]int{"count": 2}, "#inv"))
		tb.waitFor("the second patch", `$id("first").textContent === "2"`)
		if got := eval[string](tb, `$id("late").textContent`); got != "-" {
			t.Errorf("an element added after the binding map was built shows %q before invalidate; want it untouched (the map is cached)", got)
		}

		c.send(t, wire.Invalidate("#inv"))
		c.send(t, wire.Patch(map[string]int{"count": 3}, "#inv"))
		tb.waitFor("the patch after invalidate to reach both elements", `$id("first").textContent === "3" && $id("late").textContent === "3"`)
	})

	t.Run("navigate swaps in the new page", func(t *testing.T) {
		id := newID()
		next := "/page/" + id + "/next"
		ts.document(next, pageHTML("Next page", "", `<h1 id="arrived">Arrived</h1>`))
		tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"><p id="here">start</p></div>`)
		tb.exec(`window.__sameDocument = true`)

		c.send(t, wire.Navigate(next))
		tb.waitFor("the new page", `location.pathname === `+js(next)+` && $id("arrived") !== null`)
		if !eval[bool](tb, `window.__sameDocument === true`) {
			t.Error("navigate reloaded the document; want a client-side swap")
		}
		if eval[bool](tb, `$id("here") !== null`) {
			t.Error("the old body is still there after navigate")
		}
		if got := eval[string](tb, `document.title`); got != "Next page" {
			t.Errorf("document.title = %q after navigate, want the new page's %q", got, "Next page")
		}
	})

	t.Run("custom fires silcrow:ws:NAME on document", func(t *testing.T) {
		tb, c, id := openLive(t, ts, `<script>
document.addEventListener("silcrow:ws:notice", (e) => {
  window.__notice = {data: JSON.stringify(e.detail.data), url: e.detail.url, bubbles: e.bubbles, target: e.target === document};
});
</script>`, `<div id="root" s-live="/ws/{{id}}"></div>`)
		data := json.RawMessage(`{"title":"New message","from":"Alice","n":3}`)
		c.send(t, wire.Custom("notice", data))
		tb.waitFor("silcrow:ws:notice", `window.__notice !== undefined`)

		got := eval[struct {
			Data    string `json:"data"`
			URL     string `json:"url"`
			Bubbles bool   `json:"bubbles"`
			Target  bool   `json:"target"`
		}](tb, `window.__notice`)
		if got.Data != string(data) {
			t.Errorf("detail.data = %s, want %s", got.Data, data)
		}
		if want := ts.wsURL("/ws/" + id); got.URL != want {
			t.Errorf("detail.url = %q, want %q", got.URL, want)
		}
		if !got.Bubbles || !got.Target {
			t.Errorf("the event bubbles = %v, fired on document = %v; want both", got.Bubbles, got.Target)
		}
	})
}
