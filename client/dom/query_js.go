//go:build js && wasm

package dom

import (
	"github.com/silcrow/silcrow/client/internal/bridge"
	"strconv"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// Query returns the first element of the document matching the CSS
// selector, as document.querySelector does, or nil when none matches. A
// selector that is not valid CSS is an error, never a panic: the
// SyntaxError the browser throws is caught.
func Query(selector string) (*dom.BasicElement, error) {
	var el js.Value
	if err := catchJS(func() { el = native().querySelector.on(native().document, selector) }); err != nil {
		return nil, bridge.Wrap("dom: invalid selector "+strconv.Quote(selector), err)
	}
	if el.IsNull() {
		return nil, nil
	}
	return ElementOf(el), nil
}
