//go:build js && wasm

package dom

import (
	"syscall/js"
	"testing"
)

func TestElementOfWrapsAnElementAndNothingElse(t *testing.T) {
	el := js.Global().Get("document").Call("createElement", "input")
	got := ElementOf(el)
	if got == nil || !got.Underlying().Equal(el) {
		t.Errorf("ElementOf(<input>) = %v, want a wrapper of the element", got)
	}
	for _, v := range []js.Value{js.Null(), js.Undefined()} {
		if got := ElementOf(v); got != nil {
			t.Errorf("ElementOf(%v) = %v, want nil", v, got)
		}
	}
}
