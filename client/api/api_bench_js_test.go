//go:build js && wasm

package api

import (
	"syscall/js"
	"testing"
)

// BenchmarkSilcrowPatchEcho calls Silcrow.patch({echo: i}, root), the
// loader's method, which reaches Go through the bridge, on a root with one
// text binding.
func BenchmarkSilcrowPatchEcho(b *testing.B) {
	doc := js.Global().Get("document")
	root := doc.Call("createElement", "div")
	root.Set("innerHTML", `<p s-bind="echo"></p>`)
	doc.Get("body").Call("appendChild", root)
	defer root.Call("remove")
	patch := silcrow.Get("patch")
	data := make([]js.Value, b.N)
	for i := range data {
		data[i] = js.ValueOf(map[string]any{"echo": i})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		patch.Invoke(data[i], root)
	}
}
