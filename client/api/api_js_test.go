//go:build js && wasm

package api

import (
	"os"
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/client/internal/bridge"
)

// TestMain hands window.Silcrow's calls to a runtime, as Boot does,
// without scanning the test page.
func TestMain(m *testing.M) {
	rt := newRuntime()
	bridge.OnCall = rt.call
	bridge.Loader().Call("ready")
	os.Exit(m.Run())
}

// nextTask blocks until the browser has run a task after this one, and so
// every microtask queued before.
func nextTask() {
	done := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", f, 0)
	<-done
}

var silcrow = js.Global().Get("Silcrow")

func TestStreamAppliesOnlyTheLastDataOfAMicrotask(t *testing.T) {
	doc := js.Global().Get("document")
	root := doc.Call("createElement", "div")
	root.Set("innerHTML", `<p s-bind="n">start</p>`)
	doc.Get("body").Call("appendChild", root)
	defer root.Call("remove")
	var seen []string
	listener := js.FuncOf(func(js.Value, []js.Value) any {
		seen = append(seen, root.Get("textContent").String())
		return nil
	})
	defer listener.Release()
	root.Call("addEventListener", "silcrow:patched", listener)
	update := silcrow.Call("stream", root)

	for n := 1; n <= 3; n++ {
		update.Invoke(map[string]any{"n": n})
	}
	if got := root.Get("textContent").String(); got != "start" {
		t.Fatalf("text = %q right after the calls, want start: the patch waits for the microtask", got)
	}
	nextTask()
	if len(seen) != 1 || seen[0] != "3" {
		t.Fatalf("patches seen = %q, want one showing 3", seen)
	}

	update.Invoke(map[string]any{"n": 4})
	nextTask()
	if len(seen) != 2 || seen[1] != "4" {
		t.Errorf("after a later call: patches seen = %q, want a second one showing 4", seen)
	}
}

func TestOptimisticAndRevertTakeTheRootFirst(t *testing.T) {
	doc := js.Global().Get("document")
	root := doc.Call("createElement", "form")
	// The form's named controls shadow form.nodeType and the rest; the
	// root is still recognized as an element.
	root.Set("innerHTML", `<input name="nodeType"><input name="getAttribute"><b s-bind="n">before</b>`)
	doc.Get("body").Call("appendChild", root)
	defer root.Call("remove")

	silcrow.Call("optimistic", root, map[string]any{"n": "guess"})
	if got := root.Get("textContent").String(); got != "guess" {
		t.Fatalf("after optimistic: %q, want guess", got)
	}
	silcrow.Call("revert", root)
	if got := root.Get("textContent").String(); got != "before" {
		t.Errorf("after revert: %q, want before", got)
	}
}

// A call that cannot be carried out is a warning, never an exception in
// the page, and the next call works.
func TestBadCallsAreDroppedAndTheNextOneWorks(t *testing.T) {
	doc := js.Global().Get("document")
	root := doc.Call("createElement", "div")
	root.Set("id", "bad-calls")
	root.Set("innerHTML", `<p s-bind="n">start</p>`)
	doc.Get("body").Call("appendChild", root)
	defer root.Call("remove")

	silcrow.Call("patch", map[string]any{"n": 1}, "#no-such-root")
	silcrow.Call("patch", map[string]any{"n": 1}, "[[invalid")
	silcrow.Call("patch", js.Global().Get("Symbol").Invoke("x"), root)
	silcrow.Call("patch", map[string]any{"n": 1}, 42)
	silcrow.Call("send", root, map[string]any{"n": 1})
	silcrow.Call("go", 42)
	if got := root.Get("textContent").String(); got != "start" {
		t.Fatalf("after bad calls: %q, want start", got)
	}
	silcrow.Call("patch", map[string]any{"n": "fine"}, "#bad-calls")
	if got := root.Get("textContent").String(); got != "fine" {
		t.Errorf("after a good call by selector: %q, want fine", got)
	}
	silcrow.Call("patch", "a string is JSON too", root, map[string]any{"invalidate": true})
}
