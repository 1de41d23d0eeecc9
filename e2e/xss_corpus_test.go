package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// xssVector is one row of client/dom/testdata/xss.json. A payload that runs
// assigns the global __xss.
type xssVector struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Markup   string `json:"markup"`
}

// xssBatch is how many vectors are sent before the test waits for the
// page to have swapped them all in.
const xssBatch = 25

// xssTools sets up the page of the corpus test before the runtime boots.
// __xss becomes an accessor of window whose setter counts the payloads
// that run: an own property of window wins over its named properties, so
// markup holding id="__xss" can neither fake nor hide a run. The checks
// call the DOM through functions taken from the prototypes now, because
// swapped-in markup such as <form name=getElementById> or <input
// name=attributes> shadows the members a page would otherwise use.
const xssTools = `<script>
(() => {
  let hits = 0;
  Object.defineProperty(window, "__xss", {get() { return undefined; }, set(v) { hits++; }});
  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const method = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).value;
  const byID = method(Document.prototype, "getElementById");
  const text = getter(Node.prototype, "textContent");
  const elementChildren = getter(Element.prototype, "children");
  const fragmentChildren = getter(DocumentFragment.prototype, "children");
  const attributes = getter(Element.prototype, "attributes");
  const localName = getter(Element.prototype, "localName");
  const namespace = getter(Element.prototype, "namespaceURI");
  const content = getter(HTMLTemplateElement.prototype, "content");
  const attrName = getter(Attr.prototype, "name");
  const attrValue = getter(Attr.prototype, "value");
  const baseURI = getter(Node.prototype, "baseURI");
  const innerHTML = getter(Element.prototype, "innerHTML");
  const bannedElements = new Set(["script", "iframe", "frame", "object", "embed", "base", "link", "meta",
    "style", "noscript", "svg", "math"]);
  const urlAttributes = new Set(["href", "src", "action", "formaction", "poster", "cite", "background",
    "xlink:href", "srcset"]);
  const bannedSchemes = ["javascript:", "vbscript:", "data:", "file:"];
  // unsafeURL applies the URL rule as the browser reads the value: the
  // scheme of the URL it resolves to. srcset holds several URLs, and a
  // data: URL may hold commas, so there any mention of a scheme counts.
  const unsafeURL = (tag, name, value) => {
    if (name === "srcset") {
      const v = value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
      return bannedSchemes.some((s) => v.includes(s));
    }
    let scheme;
    try { scheme = new URL(value, baseURI.call(document)).protocol; } catch { return false; }
    if (tag === "img" && name === "src" && scheme === "data:") {
      return !/^data:image\/[^,;]+(;[^,;]+)*;base64,/i.test(value.replace(/^[\u0000-\u0020]+/, ""));
    }
    return bannedSchemes.includes(scheme);
  };
  // __unsafe lists what must not be left below the element #id, the
  // contents of templates included.
  window.__unsafe = (id) => {
    const found = [];
    const walk = (kids) => {
      for (const el of kids) {
        const tag = localName.call(el);
        if (bannedElements.has(tag)) found.push("<" + tag + ">");
        if (namespace.call(el) !== "http://www.w3.org/1999/xhtml") found.push("<" + tag + "> in " + namespace.call(el));
        for (const a of attributes.call(el)) {
          const name = attrName.call(a).toLowerCase(), value = attrValue.call(a);
          if (name.startsWith("on") || name === "style" || name === "srcdoc") found.push("<" + tag + " " + name + ">");
          else if (urlAttributes.has(name) && unsafeURL(tag, name, value)) found.push("<" + tag + " " + name + "=" + JSON.stringify(value) + ">");
        }
        walk(elementChildren.call(el));
        if (tag === "template" && namespace.call(el) === "http://www.w3.org/1999/xhtml") walk(fragmentChildren.call(content.call(el)));
      }
    };
    walk(elementChildren.call(byID.call(document, id)));
    return found;
  };
  window.__xssHits = () => hits;
  window.__text = (id) => text.call(byID.call(document, id));
  // __pending lists the targets whose placeholder no swap has replaced.
  window.__pending = (n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const first = elementChildren.call(byID.call(document, "v" + i))[0];
      if (first && localName.call(first) === "s" && text.call(first) === "pending") out.push(i);
    }
    return out;
  };
  window.__markup = (id) => innerHTML.call(byID.call(document, id));
})();
</script>
`

// settleScript resolves after two animation frames and then ms
// milliseconds: time for images to fail, autofocus to move, animations and
// toggles to start, each of which would fire a handler left behind.
const settleScript = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, %d))))`

// loadXSSCorpus reads the corpus the client/dom tests use.
func loadXSSCorpus(t *testing.T) []xssVector {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "client", "dom", "testdata", "xss.json"))
	if err != nil {
		t.Fatalf("the XSS corpus: %v", err)
	}
	var corpus []xssVector
	if err := json.Unmarshal(b, &corpus); err != nil {
		t.Fatalf("the XSS corpus: %v", err)
	}
	if len(corpus) < 150 {
		t.Fatalf("the XSS corpus has %d vectors, want at least 150", len(corpus))
	}
	return corpus
}

// Every vector of the XSS corpus, sent by the server as an html event into
// a target of its own, is swapped in without its payload running and
// leaves nothing dangerous in the target: no script, frame, plugin, base,
// link, meta, style, noscript, SVG or MathML element, no on*, style or
// srcdoc attribute, and no javascript:, vbscript:, data: or file: URL.
func TestXSSCorpusOverTheWire(t *testing.T) {
	corpus := loadXSSCorpus(t)
	ts := newTestServer(t)
	var body strings.Builder
	body.WriteString(`<div id="root" s-live="/ws/{{id}}"><span id="progress" s-bind="sent">0</span></div>`)
	for i := range corpus {
		fmt.Fprintf(&body, `<div id="v%d"><s>pending</s></div>`, i)
	}
	body.WriteString(`<div id="after"><s>pending</s></div><div id="control"></div>`)
	tb, c, _ := openLive(t, ts, xssTools, body.String())

	// The checks can fail: a payload put in with innerHTML runs and is
	// counted, the markup it leaves is found, and every target still
	// holds its placeholder.
	tb.exec(`$id("control").innerHTML = '<img src=x onerror="__xss=1"><a href=" java&#9;script:void 0">x</a>'`)
	tb.waitFor("the control payload to run", `__xssHits() === 1`)
	if found := eval[[]string](tb, `__unsafe("control")`); len(found) != 2 {
		t.Fatalf("the check of the control markup found %q, want its onerror and its javascript: URL", found)
	}
	tb.exec(`$id("control").remove()`)
	if n := len(eval[[]int](tb, fmt.Sprintf(`__pending(%d)`, len(corpus)))); n != len(corpus) {
		t.Fatalf("%d targets pending before the first event, want %d", n, len(corpus))
	}

	// Events on one socket are handled in order, so once the progress
	// line shows a batch's count, every vector before it has been swapped.
	for i, v := range corpus {
		c.send(t, wire.HTML(v.Markup, fmt.Sprintf("#v%d", i)))
		if sent := i + 1; sent%xssBatch == 0 || sent == len(corpus) {
			syncProgress(t, tb, c, sent)
		}
	}
	tb.exec(fmt.Sprintf(settleScript, 500))

	if hits := eval[int](tb, `__xssHits()`) - 1; hits > 0 {
		t.Errorf("payloads ran %d times", hits)
		findRunningVectors(t, tb, c, corpus)
	}
	for i, v := range corpus {
		if found := eval[[]string](tb, fmt.Sprintf(`__unsafe("v%d")`, i)); len(found) > 0 {
			t.Errorf("%s %q left %q; the target holds %s", v.Category, v.Name, found, eval[string](tb, fmt.Sprintf(`__markup("v%d")`, i)))
		}
	}
	for _, i := range eval[[]int](tb, fmt.Sprintf(`__pending(%d)`, len(corpus))) {
		t.Errorf("%s %q was not swapped in: the target still holds its placeholder", corpus[i].Category, corpus[i].Name)
	}

	// The runtime still works after all of it.
	c.send(t, wire.HTML(`<p>after</p>`, "#after"))
	tb.waitFor("an html event after the corpus", `__text("after") === "after"`)
}

// syncProgress sends n to the progress line and waits until the page
// shows it: events on one socket are handled in order, so every event sent
// before has been handled by then.
func syncProgress(t *testing.T, tb *tab, c *streamConn, n int) {
	t.Helper()
	c.send(t, wire.Patch(map[string]int{"sent": n}, "#root"))
	tb.waitFor(fmt.Sprintf("the events before progress %d", n), fmt.Sprintf(`__text("progress") === "%d"`, n))
}

// findRunningVectors swaps each vector again, alone, into a fresh target,
// lets it settle, and names those whose payload runs.
func findRunningVectors(t *testing.T, tb *tab, c *streamConn, corpus []xssVector) {
	t.Helper()
	tb.exec(`document.getElementById("root").after(Object.assign(document.createElement("div"), {id: "probe"}))`)
	for i, v := range corpus {
		before := eval[int](tb, `__xssHits()`)
		c.send(t, wire.HTML(v.Markup, "#probe"))
		syncProgress(t, tb, c, -1-i)
		tb.exec(fmt.Sprintf(settleScript, 50))
		if eval[int](tb, `__xssHits()`) > before {
			t.Errorf("%s %q ran its payload", v.Category, v.Name)
		}
	}
}
