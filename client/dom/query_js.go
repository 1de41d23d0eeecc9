//go:build js && wasm

package dom

import (
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/wire/frame"
)

// Query returns the first element of the document matching the CSS
// selector, as document.querySelector does, or nil when none matches. A
// selector that is not valid CSS is an error, never a panic: the
// SyntaxError the browser throws is caught.
func Query(selector string) (js.Value, error) {
	var el js.Value
	if err := catchJS(func() { el = native().querySelector.on(native().document, selector) }); err != nil {
		return js.Null(), bridge.Wrap("dom: invalid selector "+frame.Quote(selector), err)
	}
	return el, nil
}
