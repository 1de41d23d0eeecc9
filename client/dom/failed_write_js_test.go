//go:build js && wasm

package dom

import (
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
