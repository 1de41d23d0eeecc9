//go:build js && wasm

package dom

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// ElementOf returns el, a DOM Element, as a dom/v2 *BasicElement, or nil
// when el is null or undefined. It stands in for dom.WrapElement, whose
// switch over every element type links the methods of every type it may
// return into silcrow.wasm, some 66 KB of gzip.
//
// The package's functions take the concrete *dom.BasicElement rather than
// the dom.Element interface for the same reason: converting to the
// interface keeps every method of its method set, and one of them,
// AddEventListener, reaches Event.TimeStamp and with it the time package's
// formatting code, another 26 KB of gzip that the runtime never runs. A
// dom.Element from other code converts with ElementOf(el.Underlying()).
func ElementOf(el js.Value) *dom.BasicElement {
	if el.IsNull() || el.IsUndefined() {
		return nil
	}
	return &dom.BasicElement{BasicNode: &dom.BasicNode{Value: el}}
}
