//go:build js && wasm

package dom

import (
	"errors"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/wire/frame"
)

// Swap sanitizes markup (see Sanitize) and puts the result into the
// document relative to target as mode says:
//
//	Inner, ""  replace target's children
//	Outer      replace target itself
//	Append     after target's last child
//	Prepend    before target's first child
//	Before     before target, as siblings
//	After      after target, as siblings
//	Remove     remove target; markup is ignored
//	Morph      update target's children in place to match the markup:
//	           a node that still fits (an element of the same tag and
//	           the same s-key, :key or id, or else an element of the
//	           same tag or a text node, in order) is kept and its
//	           attributes and text updated; the others are removed or
//	           inserted. Kept elements keep focus, caret, typed text
//	           and scroll position; the live value of a control the
//	           user edited, or that has focus, is never overwritten.
//
// A full page (see IsFullPage) contributes its body's content, and its
// <title> becomes the document's title. The cached binding maps of the
// changed subtree are dropped, so the next patch of a root in it rescans.
// Swap itself opens no connection: client/live's MutationObserver
// connects the s-live elements a swap adds and lets go of those it
// removes, whatever the mode.
//
// An error (no target, unknown mode, markup the browser refuses, an
// insertion the DOM refuses) leaves the document as it was, except that
// a morph the DOM refuses halfway stays half done.
func Swap(target js.Value, markup string, mode frame.Swap) error {
	return SwapSelected(target, markup, mode, "")
}

// SwapNode is Swap on a node handle, inside a bridge turn. A fragment
// swapped in by any mode but morph and remove is parsed, described,
// sanitized and put in place by one read and the turn's commands; a full
// page, a morph and a removal take Swap's DOM path. An insertion the DOM
// refuses is a debug warning.
func SwapNode(target bridge.Handle, markup string, mode frame.Swap) error {
	how, ok := insertionOf(mode)
	if !ok || IsFullPage(markup) {
		bridge.Flush()
		return swapInto(bridge.NodeOf(target), markup, mode, "")
	}
	// The scope is read before the swap changes it.
	scope := target
	if how == bridge.ReplaceWith || how == bridge.Before || how == bridge.After {
		scope = bridge.Read(func(e *bridge.Encoder) { e.Op(bridge.ReadParent).Handle(target) }).Handle()
		bridge.Transient(scope)
	}
	frag, err := sanitizeMarkup(markup)
	if err != nil {
		return err
	}
	bridge.Out().InsertFragment(target, frag, how)
	bridge.OnFail(func(msg string) { warn("dom: " + string(mode) + " swap failed: " + msg) })
	if scope != 0 {
		InvalidateNode(scope)
	}
	return nil
}

// insertionOf is the bridge insertion of a swap mode; false for morph,
// remove and an unknown mode.
func insertionOf(mode frame.Swap) (bridge.Insertion, bool) {
	switch mode {
	case frame.Inner, "":
		return bridge.ReplaceChildren, true
	case frame.Outer:
		return bridge.ReplaceWith, true
	case frame.Append:
		return bridge.Append, true
	case frame.Prepend:
		return bridge.Prepend, true
	case frame.Before:
		return bridge.Before, true
	case frame.After:
		return bridge.After, true
	}
	return 0, false
}

// SwapSelected is Swap for the response to a request for one part of a
// page: when markup is a full page, the content of its element matching
// selector is swapped in instead of its body (the body when no element
// matches, with a debug warning). For a fragment, selector plays no part.
func SwapSelected(target js.Value, markup string, mode frame.Swap, selector string) error {
	if absent(target) {
		return errors.New("dom: swap into no element")
	}
	return swapInto(target, markup, mode, selector)
}

// swapInto is SwapSelected on an element.
//
// The swap reaches the DOM directly, not through the bridge's commands,
// so the commands written before it are applied first.
func swapInto(target js.Value, markup string, mode frame.Swap, selector string) error {
	bridge.Flush()
	if !mode.Valid() {
		return errors.New("dom: unknown swap mode " + frame.Quote(string(mode)))
	}
	changed := changedScope(target, mode)
	if mode == frame.Remove {
		if err := catchJS(func() { native().remove.on(target) }); err != nil {
			return err
		}
		forgetBindings(changed)
		return nil
	}
	var p page
	if IsFullPage(markup) {
		var err error
		if p, err = parsePage(markup, selector); err != nil {
			return err
		}
	} else {
		content, err := Sanitize(markup)
		if err != nil {
			return err
		}
		p.content = content
	}
	if mode == frame.Morph {
		if err := morphChildren(target, p.content); err != nil {
			return bridge.Wrap("dom: morph swap", err)
		}
	} else if err := catchJS(func() { inserter(mode).on(target, p.content) }); err != nil {
		return bridge.Wrap("dom: "+string(mode)+" swap", err)
	}
	forgetBindings(changed)
	if p.hasTitle {
		native().setTitle.set(native().document, p.title)
	}
	return nil
}

// changedScope returns the element whose subtree a swap in mode changes:
// target itself when the swap works inside it, its parent element when
// the swap replaces, removes or adds siblings to it (null when it has
// none).
func changedScope(target js.Value, mode frame.Swap) js.Value {
	switch mode {
	case frame.Outer, frame.Before, frame.After, frame.Remove:
		parent := native().parentNode.of(target)
		if parent.IsNull() || native().nodeType.of(parent).Int() != elementNode {
			return js.Null()
		}
		return parent
	}
	return target
}

// forgetBindings drops the cached binding maps of scope and of the roots
// inside it: a map built before the swap points at elements the swap
// removed and misses the ones it added.
func forgetBindings(scope js.Value) {
	if !scope.IsNull() {
		invalidate(scope)
	}
}

// inserter returns the Element method that puts a fragment in place for
// mode, a valid swap mode but Remove and Morph: replaceChildren for Inner
// and the default "". Given a DocumentFragment it moves its children, in
// order. A switch, not a map: it costs silcrow.wasm less.
func inserter(mode frame.Swap) nativeMethod {
	switch mode {
	case frame.Outer:
		return native().replaceWith
	case frame.Append:
		return native().append
	case frame.Prepend:
		return native().prepend
	case frame.Before:
		return native().before
	case frame.After:
		return native().after
	}
	return native().replaceChildren
}
