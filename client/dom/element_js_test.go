//go:build js && wasm

package dom

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

// TestNoElementIsRefusedByEveryEntryPoint gives null and undefined, which
// is what a lookup that found nothing returns, to every entry point that
// takes an element: each refuses with a warning or an error and changes
// nothing.
func TestNoElementIsRefusedByEveryEntryPoint(t *testing.T) {
	body := js.Global().Get("document").Get("body")
	before := body.Get("innerHTML").String()
	for _, v := range []js.Value{js.Null(), js.Undefined(), {}} {
		if !absent(v) {
			t.Fatalf("absent(%v) = false", v)
		}
		warnings := captureWarnings(t)
		Patch(v, []byte(`{"a":1}`), PatchOptions{})
		Optimistic(v, []byte(`{"a":1}`))
		Revert(v)
		Invalidate(v)
		if len(*warnings) != 3 || !strings.Contains((*warnings)[0], "no root element") {
			t.Errorf("patch, optimistic and revert of %v warned %q; want one warning each", v, *warnings)
		}
		if err := Swap(v, "<b>x</b>", frame.Inner); err == nil {
			t.Errorf("Swap into %v succeeded; want an error", v)
		}
	}
	if absent(body) {
		t.Fatal("absent(document.body) = true")
	}
	if after := body.Get("innerHTML").String(); after != before {
		t.Errorf("refused calls changed the document: %s", after)
	}
}
