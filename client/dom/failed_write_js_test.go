//go:build js && wasm

package dom

import (
	"strconv"
	"strings"
	"testing"
)

// A DOM write the browser refuses (a file input's value can only be
// emptied) is a warning naming the binding; the other writes of the patch
// still happen.
func TestFailedWriteWarns(t *testing.T) {
	warnings := captureWarnings(t)
	root := fixture(t, `<p id="fw-ok" s-bind="ok"></p><input id="fw-bad" type="file" s-bind="n:value">`)
	patchJS(root, `{"ok":"written","n":"x"}`, PatchOptions{})
	if got := textOf(byID(t, "fw-ok")); got != "written" {
		t.Errorf("the good binding shows %q, want written", got)
	}
	var found bool
	for _, w := range *warnings {
		if strings.HasPrefix(w, "s-bind write of value failed: ") {
			found = true
		}
	}
	if !found {
		t.Fatalf("warnings %q, want one that the write of value failed", *warnings)
	}
}

// A write refused early in a render large enough to be applied in parts
// (see bridge.Out) is reported when the render is done: every item is
// rendered and written, the refusal is one warning, and the next patch
// applies.
func TestFailedWriteInALargeRenderLeavesTheRestWritten(t *testing.T) {
	warnings := captureWarnings(t)
	root := fixture(t, `<ul id="fw-list" s-list="rows"><template><li><b s-bind=".title"></b><input type="file" s-bind=".f:value"></li></template></ul>`)
	var b strings.Builder
	b.WriteString(`{"rows":[`)
	for i := range 1000 {
		if i > 0 {
			b.WriteByte(',')
		}
		f := ""
		if i == 3 {
			f = "x" // a file input's value can only be emptied
		}
		b.WriteString(`{"key":"k` + strconv.Itoa(i) + `","title":"t` + strconv.Itoa(i) + `","f":"` + f + `"}`)
	}
	b.WriteString(`]}`)
	patchJS(root, b.String(), PatchOptions{})
	titles := root.Call("querySelectorAll", "#fw-list li b")
	if n := titles.Length(); n != 1000 {
		t.Fatalf("%d items rendered, want 1000", n)
	}
	for _, i := range []int{0, 3, 4, 500, 999} {
		if got := titles.Index(i).Get("textContent").String(); got != "t"+strconv.Itoa(i) {
			t.Errorf("item %d shows %q, want t%d", i, got, i)
		}
	}
	failed := 0
	for _, w := range *warnings {
		if strings.HasPrefix(w, "s-bind write of value failed: ") {
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("warnings %q, want exactly one that the write of value failed", *warnings)
	}
	patchJS(root, `{"rows":[{"key":"k0","title":"again","f":""}]}`, PatchOptions{})
	titles = root.Call("querySelectorAll", "#fw-list li b")
	if titles.Length() != 1 || titles.Index(0).Get("textContent").String() != "again" {
		t.Errorf("after the refusal, the next patch left %d items, first %q; want one showing again", titles.Length(), titles.Index(0).Get("textContent").String())
	}
}
