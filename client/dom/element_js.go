//go:build js && wasm

package dom

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// ElementOf returns el, a DOM Element, as a dom/v2 Element, or nil when el
// is null or undefined. It stands in for dom.WrapElement, whose switch
// over every element type links the methods of every type it may return
// into silcrow.wasm, some 66 KB of gzip. The result is always a
// *dom.BasicElement, never a specific type such as *dom.HTMLInputElement;
// the Silcrow runtime only ever takes its Underlying value.
func ElementOf(el js.Value) dom.Element {
	if el.IsNull() || el.IsUndefined() {
		return nil
	}
	return &dom.BasicElement{BasicNode: &dom.BasicNode{Value: el}}
}
