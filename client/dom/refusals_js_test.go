//go:build js && wasm

package dom

import (
	"syscall/js"
	"testing"
	"time"
)

// settle lets the event loop run for d, so that anything a write could have
// started (an iframe's srcdoc document, an image error) has happened.
func settle(d time.Duration) {
	done := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", f, d.Milliseconds())
	<-done
}

// Silcrow.js lets s-bind="page:srcdoc" put server data into an iframe as a
// same-origin document, so a string from the network runs as script. Ours
// refuses the binding, and the rest of the patch still applies.
func TestBoundSrcdocNeverRunsServerScript(t *testing.T) {
	captureWarnings(t)
	js.Global().Delete("__srcdocRan")
	root := fixture(t, `<iframe id="frame" s-bind="page:srcdoc"></iframe><p id="ok" s-bind="ok"></p>`)

	patchJS(root, `{"page":"<script>parent.__srcdocRan = 1<\/script>","ok":"applied"}`, PatchOptions{})
	settle(300 * time.Millisecond)

	if !js.Global().Get("__srcdocRan").IsUndefined() {
		t.Fatal("a bound srcdoc ran server script")
	}
	if got := attrOf(byID(t, "frame"), "srcdoc"); !got.IsNull() {
		t.Fatalf("srcdoc attribute = %q, want none", got.String())
	}
	if got := textOf(byID(t, "ok")); got != "applied" {
		t.Fatalf("the rest of the patch did not apply: %q", got)
	}
}

// Bindings to event handlers and unsafe URLs are refused whatever the case
// or spacing of the value, so server data can never become code.
func TestBindingsRefuseHandlersAndUnsafeURLs(t *testing.T) {
	captureWarnings(t)
	js.Global().Delete("__bindRan")
	root := fixture(t, `<img id="img" s-bind="h:onerror" src="data:,x">`+
		`<a id="a" s-bind="u:href" href="/safe">x</a>`+
		`<a id="a2" s-bind="u2:href">y</a>`+
		`<img id="i2" s-bind="d:src">`+
		`<button id="b" s-bind="f:formaction">z</button>`)

	patchJS(root, `{"h":"window.__bindRan=1","u":" JaVa\tScRiPt:window.__bindRan=1","u2":"vbscript:x",`+
		`"d":"data:image/png;base64,iVBORw0KGgo=","f":"javascript:window.__bindRan=1"}`, PatchOptions{})
	byID(t, "b").Call("click")
	settle(200 * time.Millisecond)

	if !js.Global().Get("__bindRan").IsUndefined() {
		t.Fatal("bound data ran as code")
	}
	for _, c := range []struct{ id, attr string }{{"img", "onerror"}, {"b", "formaction"}} {
		if got := attrOf(byID(t, c.id), c.attr); !got.IsNull() {
			t.Errorf("#%s %s = %q, want none", c.id, c.attr, got.String())
		}
	}
	// A refused URL clears a URL property, as Silcrow.js does: the link no
	// longer points where the previous value did.
	for _, id := range []string{"a", "a2"} {
		if got := attrOf(byID(t, id), "href"); got.IsNull() || got.String() != "" {
			t.Errorf("#%s href = %v, want cleared to \"\"", id, got)
		}
	}
	if got := attrOf(byID(t, "i2"), "src"); got.IsNull() || got.String() != "data:image/png;base64,iVBORw0KGgo=" {
		t.Errorf("img src data:image base64 = %v, want allowed", got)
	}
}
