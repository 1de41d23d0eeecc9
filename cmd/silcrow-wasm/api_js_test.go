//go:build js && wasm

package main

import (
	"syscall/js"
	"testing"
)

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
	rt := &runtime{}
	update := rt.stream([]js.Value{root}).(js.Func)

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
	rt := &runtime{}

	rt.optimistic([]js.Value{root, js.ValueOf(map[string]any{"n": "guess"})})
	if got := root.Get("textContent").String(); got != "guess" {
		t.Fatalf("after optimistic: %q, want guess", got)
	}
	rt.revert([]js.Value{root})
	if got := root.Get("textContent").String(); got != "before" {
		t.Errorf("after revert: %q, want before", got)
	}
}
