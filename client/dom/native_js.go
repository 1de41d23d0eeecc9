//go:build js && wasm

package dom

import (
	"github.com/silcrow/silcrow/client/internal/bridge"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/jsstring"
)

// The markup code (sanitizer, swap, query, navigation) reaches the DOM only
// through the functions below, taken from the built-in prototypes once at
// start-up and applied with Function.prototype.call. Markup can clobber a
// property of an element or document by name: inside
// <form><input name="attributes"><input name="firstChild"></form>,
// form.attributes and form.firstChild are the inputs, and <img
// name="querySelector"> shadows document.querySelector. A prototype's own
// accessor or method, called on the node, cannot be shadowed that way, so
// neither the sanitizer's walk nor a swap can be steered or broken by the
// markup it handles.

// Each entry point is kept as caller(fn), fn.call bound to fn, and invoked
// with the receiver as its first argument: Value.Invoke passes no method
// name, which Value.Call("call", …) would encode and decode on every DOM
// call.

// caller returns Function.prototype.call bound to fn, or fn itself when it
// is undefined (a method the browser does not have).
func caller(fn js.Value) js.Value {
	if fn.IsUndefined() {
		return fn
	}
	return functionCall.Call("bind", fn)
}

var functionCall = js.Global().Get("Function").Get("prototype").Get("call")

// nativeGetter is a property getter from a DOM prototype, as a caller.
type nativeGetter struct{ fn js.Value }

// of returns the property of this, read through the prototype's getter.
func (g nativeGetter) of(this js.Value) js.Value { return g.fn.Invoke(this) }

// nativeSetter is a property setter from a DOM prototype, as a caller.
type nativeSetter struct{ fn js.Value }

// set writes the property of this through the prototype's setter.
func (s nativeSetter) set(this js.Value, v any) { s.fn.Invoke(this, v) }

// nativeMethod is a method from a DOM prototype, as a caller.
type nativeMethod struct{ fn js.Value }

// on calls the method with this as receiver. Short string arguments, the
// attribute names, selectors and tag names that DOM methods take, are
// passed as kept JavaScript strings (see package jsstring).
func (m nativeMethod) on(this js.Value, args ...any) js.Value {
	all := make([]any, 1, 1+len(args))
	all[0] = this
	for _, a := range args {
		if s, ok := a.(string); ok {
			a = jsstring.Of(s)
		}
		all = append(all, a)
	}
	return m.fn.Invoke(all...)
}

// nativeDOM holds every DOM entry point the markup code uses.
type nativeDOM struct {
	// Named elements cannot shadow these: Window's members are own
	// properties of the global object, Location's are unforgeable, and
	// History has no named properties.
	window, location, history js.Value

	document js.Value

	domParser, abortController, fetch js.Value

	firstChild, nextSibling, parentNode, nodeType nativeGetter
	isConnected                                   nativeGetter
	appendChild, removeChild, insertBefore        nativeMethod
	// moveBefore moves a node without resetting its state (focus,
	// selection, scroll, playback); fn is undefined in browsers without
	// it.
	moveBefore nativeMethod

	characterData    nativeGetter
	setCharacterData nativeSetter

	localName, namespaceURI, attributes, classList nativeGetter
	getAttribute, setAttribute, removeAttribute    nativeMethod
	removeAttributeNode                            nativeMethod
	getAttributeNode, setAttributeNode             nativeMethod
	focus                                          nativeMethod
	replaceChildren, append, prepend               nativeMethod
	before, after, replaceWith, remove             nativeMethod

	attributeCount                          nativeGetter
	attributeAt                             nativeMethod
	attrName, attrValue                     nativeGetter
	templateContent                         nativeGetter
	tokenAdd, tokenRemove                   nativeMethod
	collectionItem                          nativeMethod
	body, title, activeElement              nativeGetter
	setTitle                                nativeSetter
	querySelector                           nativeMethod
	createDocumentFragment, elementsByTagNS nativeMethod

	dispatchEvent, addEventListener, removeEventListener nativeMethod
}

// native returns the DOM entry points, read from the prototypes the first
// time the markup code needs them (a swap, a navigation) rather than at
// start-up: reading them takes some 8 ms that the boot need not wait for.
// Not inlined: it is called from a hundred places.
//
//go:noinline
func native() *nativeDOM {
	if loadedNative == nil {
		loadedNative = loadNativeDOM()
	}
	return loadedNative
}

// loadedNative is what native loaded; the browser runs Go on one thread.
var loadedNative *nativeDOM

// loadNativeDOM reads every entry point from the built-in prototypes once.
// A browser without one of them panics at start-up: the markup code cannot
// work safely without it.
func loadNativeDOM() *nativeDOM {
	g := js.Global()
	document := g.Get("document")
	n := &nativeDOM{
		window:   g,
		location: g.Get("location"),
		history:  g.Get("history"),
		document: document,

		domParser:       g.Get("DOMParser"),
		abortController: g.Get("AbortController"),
		fetch:           g.Get("fetch"),

		moveBefore: nativeMethod{caller(g.Get("Element").Get("prototype").Get("moveBefore"))},
	}
	// One loop over a table rather than a call per field: about 3 KB less
	// of gzipped wasm.
	for _, e := range []struct {
		fn          *js.Value
		iface, name string
		part        string // of the property descriptor: get, set or value
	}{
		{&n.firstChild.fn, "Node", "firstChild", "get"},
		{&n.nextSibling.fn, "Node", "nextSibling", "get"},
		{&n.parentNode.fn, "Node", "parentNode", "get"},
		{&n.nodeType.fn, "Node", "nodeType", "get"},
		{&n.isConnected.fn, "Node", "isConnected", "get"},
		{&n.appendChild.fn, "Node", "appendChild", "value"},
		{&n.removeChild.fn, "Node", "removeChild", "value"},
		{&n.insertBefore.fn, "Node", "insertBefore", "value"},
		{&n.characterData.fn, "CharacterData", "data", "get"},
		{&n.setCharacterData.fn, "CharacterData", "data", "set"},
		{&n.localName.fn, "Element", "localName", "get"},
		{&n.namespaceURI.fn, "Element", "namespaceURI", "get"},
		{&n.attributes.fn, "Element", "attributes", "get"},
		{&n.classList.fn, "Element", "classList", "get"},
		{&n.getAttribute.fn, "Element", "getAttribute", "value"},
		{&n.setAttribute.fn, "Element", "setAttribute", "value"},
		{&n.removeAttribute.fn, "Element", "removeAttribute", "value"},
		{&n.removeAttributeNode.fn, "Element", "removeAttributeNode", "value"},
		{&n.getAttributeNode.fn, "Element", "getAttributeNode", "value"},
		{&n.setAttributeNode.fn, "Element", "setAttributeNode", "value"},
		{&n.focus.fn, "HTMLElement", "focus", "value"},
		{&n.replaceChildren.fn, "Element", "replaceChildren", "value"},
		{&n.append.fn, "Element", "append", "value"},
		{&n.prepend.fn, "Element", "prepend", "value"},
		{&n.before.fn, "Element", "before", "value"},
		{&n.after.fn, "Element", "after", "value"},
		{&n.replaceWith.fn, "Element", "replaceWith", "value"},
		{&n.remove.fn, "Element", "remove", "value"},
		{&n.attributeCount.fn, "NamedNodeMap", "length", "get"},
		{&n.attributeAt.fn, "NamedNodeMap", "item", "value"},
		{&n.attrName.fn, "Attr", "name", "get"},
		{&n.attrValue.fn, "Attr", "value", "get"},
		{&n.templateContent.fn, "HTMLTemplateElement", "content", "get"},
		{&n.tokenAdd.fn, "DOMTokenList", "add", "value"},
		{&n.tokenRemove.fn, "DOMTokenList", "remove", "value"},
		{&n.collectionItem.fn, "HTMLCollection", "item", "value"},
		{&n.body.fn, "Document", "body", "get"},
		{&n.title.fn, "Document", "title", "get"},
		{&n.activeElement.fn, "Document", "activeElement", "get"},
		{&n.setTitle.fn, "Document", "title", "set"},
		{&n.querySelector.fn, "Document", "querySelector", "value"},
		{&n.createDocumentFragment.fn, "Document", "createDocumentFragment", "value"},
		{&n.elementsByTagNS.fn, "Document", "getElementsByTagNameNS", "value"},
		{&n.dispatchEvent.fn, "EventTarget", "dispatchEvent", "value"},
		{&n.addEventListener.fn, "EventTarget", "addEventListener", "value"},
		{&n.removeEventListener.fn, "EventTarget", "removeEventListener", "value"},
	} {
		d := g.Get("Object").Call("getOwnPropertyDescriptor", g.Get(e.iface).Get("prototype"), e.name)
		if d.IsUndefined() {
			panic("dom: this browser has no " + e.iface + ".prototype." + e.name)
		}
		*e.fn = caller(d.Get(e.part))
	}
	return n
}

// catchJS runs f and turns an exception thrown by the JavaScript it calls
// (a js.Error panic) into an error. Any other panic is a bug and stays one.
func catchJS(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			jsErr, ok := r.(js.Error)
			if !ok {
				panic(r)
			}
			err = jsErr
		}
	}()
	f()
	return nil
}

// nullableString is a DOMString-or-null as a Go string, null being "".
func nullableString(v js.Value) string {
	if v.IsNull() || v.IsUndefined() {
		return ""
	}
	return v.String()
}

// dispatch fires a bubbling CustomEvent named name on document, with
// detail (see bridge.AppendDetail) and the members JSON cannot carry, and
// reports whether no listener cancelled it.
func dispatch(name string, cancelable bool, detail map[string]any, members ...bridge.Member) (ok bool) {
	flags := bridge.Bubbles
	if cancelable {
		flags |= bridge.Cancelable
	}
	bridge.Turn(func() {
		ok = bridge.Dispatch(bridge.Document, name, bridge.AppendDetail(nil, detail), flags, members...)
	})
	return ok
}

// nodeMember is a detail member holding el, its handle transient to the
// current turn.
func nodeMember(name string, el js.Value) bridge.Member {
	return bridge.Member{Name: name, Node: bridge.HandleOf(el)}
}
