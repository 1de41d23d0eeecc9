package dom

import (
	"strconv"
	"strings"
	"testing"
)

// benchRows is {"rows":[…]} with n keyed items of three fields, version v
// of every title (a change of v changes every title).
func benchRows(n, v int) []byte {
	var b strings.Builder
	b.WriteString(`{"rows":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		s := strconv.Itoa(i)
		b.WriteString(`{"key":"k` + s + `","title":"item ` + s + ` v` + strconv.Itoa(v) + `","count":` + s + `,"owner":{"name":"owner ` + strconv.Itoa(i%50) + `"}}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// benchListRoot is an empty root holding an s-list of rows whose
// template has three local bindings.
func benchListRoot() *fakeElement {
	return elem("DIV").with(elem("UL", "s-list", "rows").with(
		elem("TEMPLATE").holding(elem("LI").with(bound("B", ".title"), bound("I", ".count"), bound("SPAN", ".owner.name"))),
	))
}

// benchList is a root holding an s-list of rows with three local bindings
// per item, patched once with 1,000 items.
func benchList(b *testing.B) (*bindingEngine[*fakeElement], *fakeElement) {
	b.Helper()
	root := benchListRoot()
	engine := engineFor(newFakeDOM())
	engine.patch(root, benchRows(1000, 0), PatchOptions{})
	return engine, root
}

// BenchmarkListPatchUnchanged1000Native is the engine's own work, on the
// fake DOM, for a patch of a 1,000-item list that changes nothing: the
// part of S3 that does not depend on the browser.
func BenchmarkListPatchUnchanged1000Native(b *testing.B) {
	engine, root := benchList(b)
	data := benchRows(1000, 0)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		engine.patch(root, data, PatchOptions{})
	}
}

// BenchmarkListFirstRender1000Native is the engine's own work, on the
// fake DOM, for the first patch of a 1,000-item list into an empty
// container: the part of S3's first render that does not depend on the
// browser.
func BenchmarkListFirstRender1000Native(b *testing.B) {
	data := benchRows(1000, 0)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		root := benchListRoot()
		engine := engineFor(newFakeDOM())
		b.StartTimer()
		engine.patch(root, data, PatchOptions{})
	}
}
