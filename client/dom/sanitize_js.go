//go:build js && wasm

package dom

import (
	"errors"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/bridge"
)

// Sanitize parses markup as an HTML fragment and returns it, a
// DocumentFragment, with everything the sanitizer's rules (sanitize.go)
// forbid taken out. It is a js.Value and not a dom/v2 DocumentFragment
// because dom/v2 wraps a fragment only through functions that link its
// wrappers for every element type into silcrow.wasm. The
// markup is parsed into the content of a fresh <template>, which belongs to
// a document without a browsing context: nothing in it loads or runs while
// it is parsed and sanitized, and a leading <title>, <style> or <template>
// stays in the fragment instead of being lost to a document head. The
// rules then keep <title> and <template> as the inert elements they are
// (a <title> in the body names the page only if its head has none, as
// document.title reads the first one) and remove <style> like any other.
//
// The result does not depend on the browser's Element.setHTML, which is
// never used: Chromium's default sanitizer configuration drops id, class,
// data-* and s-* attributes and whole elements a page needs.
//
// Insert the returned fragment's nodes themselves. Serializing them and
// parsing the result again would undo the sanitizing: that round trip is
// how mutation XSS gets through.
//
// The error is the browser refusing to parse, as it does for a string
// under a Trusted Types policy.
func Sanitize(markup string) (v js.Value, err error) {
	bridge.Turn(func() {
		var frag bridge.Handle
		if frag, err = sanitizeMarkup(markup); err == nil {
			bridge.Flush()
			v = bridge.NodeOf(frag)
		}
	})
	return v, err
}

// sanitizeMarkup parses markup into an inert template and writes the
// commands that sanitize its content, in one read and one list of
// commands; it returns the content's handle, transient to the turn.
func sanitizeMarkup(markup string) (bridge.Handle, error) {
	d := bridge.Read(func(e *bridge.Encoder) { e.Op(bridge.ReadParse).Str(markup) })
	if d.Byte() != 1 {
		return 0, bridge.Wrap("dom: parsing markup", errors.New(d.Str()))
	}
	frag := d.Handle()
	bridge.Transient(frag)
	sanitizeDescribed(d)
	return frag, d.Err
}

// sanitizeDescribed applies the rules to a described fragment.
func sanitizeDescribed(d *bridge.Decoder) {
	nodes := decodeDescription(d)
	for _, n := range nodes {
		bridge.Transient(n.h)
	}
	planSanitize(nodes, bridge.Out())
}

// sanitizeTree sanitizes the descendants of root in place; they are
// sanitized when it returns.
func sanitizeTree(root js.Value) {
	bridge.Turn(func() {
		h := bridge.HandleOf(root)
		sanitizeDescribed(bridge.Read(func(e *bridge.Encoder) { e.Op(bridge.ReadDescribe).Handle(h) }))
		bridge.Flush()
	})
}
