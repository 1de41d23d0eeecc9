//go:build js && wasm

package dom

import (
	"strconv"
	"testing"
)

// BenchmarkPatchOneBindingChanged patches a root with one text binding
// with a new value each time: Silcrow.patch({echo: i}, el).
func BenchmarkPatchOneBindingChanged(b *testing.B) {
	root := fixture(b, `<p s-bind="echo"></p>`)
	data := make([][]byte, b.N)
	for i := range data {
		data[i] = []byte(`{"echo":` + strconv.Itoa(i) + `}`)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Patch(root, data[i], PatchOptions{})
	}
}

// BenchmarkPatchOneBindingUnchanged patches a root with one text binding
// with the value it shows already.
func BenchmarkPatchOneBindingUnchanged(b *testing.B) {
	root := fixture(b, `<p s-bind="echo"></p>`)
	data := []byte(`{"echo":7}`)
	Patch(root, data, PatchOptions{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Patch(root, data, PatchOptions{})
	}
}

// BenchmarkListPatchNothingChanged1000 patches a keyed list of 1,000 items
// with three bindings each with the data it shows already.
func BenchmarkListPatchNothingChanged1000(b *testing.B) {
	root := fixture(b, rowTemplate)
	data := []byte(rowsJSON(numberedRows(1000)))
	Patch(root, data, PatchOptions{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Patch(root, data, PatchOptions{})
	}
}

// BenchmarkListFirstRender1000 renders a keyed list of 1,000 items with
// three bindings each into an empty container: S3's first render, without
// the socket. Each iteration starts from a fresh container.
func BenchmarkListFirstRender1000(b *testing.B) {
	data := []byte(rowsJSON(numberedRows(1000)))
	for b.Loop() {
		b.StopTimer()
		div := fixture(b, rowTemplate)
		root := div
		b.StartTimer()
		Patch(root, data, PatchOptions{})
		b.StopTimer()
		div.Call("remove")
		b.StartTimer()
	}
}
