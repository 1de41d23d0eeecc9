//go:build js && wasm

package dom

import (
	"fmt"
	"syscall/js"
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

// nativeGetter is a property getter from a DOM prototype.
type nativeGetter struct{ fn js.Value }

// of returns the property of this, read through the prototype's getter.
func (g nativeGetter) of(this js.Value) js.Value { return g.fn.Call("call", this) }

// nativeSetter is a property setter from a DOM prototype.
type nativeSetter struct{ fn js.Value }

// set writes the property of this through the prototype's setter.
func (s nativeSetter) set(this js.Value, v any) { s.fn.Call("call", this, v) }

// nativeMethod is a method from a DOM prototype.
type nativeMethod struct{ fn js.Value }

// on calls the method with this as receiver.
func (m nativeMethod) on(this js.Value, args ...any) js.Value {
	return m.fn.Call("call", append([]any{this}, args...)...)
}

// nativeDOM holds every DOM entry point the markup code uses.
type nativeDOM struct {
	// Named elements cannot shadow these: Window's members are own
	// properties of the global object, Location's are unforgeable, and
	// History has no named properties.
	window, location, history js.Value

	document js.Value

	// blankDocument has no elements with names or ids, so a name found on
	// it is a built-in property of documents, not a clobbered one.
	blankDocument js.Value
	reflectHas    js.Value

	domParser, customEvent, abortController, fetch js.Value

	firstChild, nextSibling, parentNode, nodeType nativeGetter
	appendChild, removeChild                      nativeMethod

	localName, namespaceURI, attributes, classList nativeGetter
	getAttribute, setAttribute, removeAttribute    nativeMethod
	removeAttributeNode                            nativeMethod
	setInnerHTML                                   nativeSetter
	replaceChildren, append, prepend               nativeMethod
	before, after, replaceWith, remove             nativeMethod

	attributeCount                          nativeGetter
	attributeAt                             nativeMethod
	attrName, attrValue, attrNamespace      nativeGetter
	templateContent                         nativeGetter
	tokenAdd, tokenRemove                   nativeMethod
	collectionItem                          nativeMethod
	body, title                             nativeGetter
	setTitle                                nativeSetter
	querySelector, createElement            nativeMethod
	createDocumentFragment, elementsByTagNS nativeMethod

	dispatchEvent, addEventListener, removeEventListener nativeMethod
}

var native = loadNativeDOM()

func loadNativeDOM() *nativeDOM {
	g := js.Global()
	proto := func(iface string) js.Value { return g.Get(iface).Get("prototype") }
	descriptor := func(iface, name string) js.Value {
		d := g.Get("Object").Call("getOwnPropertyDescriptor", proto(iface), name)
		if d.IsUndefined() {
			panic(fmt.Sprintf("dom: this browser has no %s.prototype.%s", iface, name))
		}
		return d
	}
	get := func(iface, name string) nativeGetter { return nativeGetter{descriptor(iface, name).Get("get")} }
	set := func(iface, name string) nativeSetter { return nativeSetter{descriptor(iface, name).Get("set")} }
	method := func(iface, name string) nativeMethod { return nativeMethod{descriptor(iface, name).Get("value")} }

	document := g.Get("document")
	return &nativeDOM{
		window:   g,
		location: g.Get("location"),
		history:  g.Get("history"),
		document: document,

		blankDocument: method("DOMImplementation", "createHTMLDocument").on(get("Document", "implementation").of(document), ""),
		reflectHas:    g.Get("Reflect").Get("has"),

		domParser:       g.Get("DOMParser"),
		customEvent:     g.Get("CustomEvent"),
		abortController: g.Get("AbortController"),
		fetch:           g.Get("fetch"),

		firstChild:  get("Node", "firstChild"),
		nextSibling: get("Node", "nextSibling"),
		parentNode:  get("Node", "parentNode"),
		nodeType:    get("Node", "nodeType"),
		appendChild: method("Node", "appendChild"),
		removeChild: method("Node", "removeChild"),

		localName:           get("Element", "localName"),
		namespaceURI:        get("Element", "namespaceURI"),
		attributes:          get("Element", "attributes"),
		classList:           get("Element", "classList"),
		getAttribute:        method("Element", "getAttribute"),
		setAttribute:        method("Element", "setAttribute"),
		removeAttribute:     method("Element", "removeAttribute"),
		removeAttributeNode: method("Element", "removeAttributeNode"),
		setInnerHTML:        set("Element", "innerHTML"),
		replaceChildren:     method("Element", "replaceChildren"),
		append:              method("Element", "append"),
		prepend:             method("Element", "prepend"),
		before:              method("Element", "before"),
		after:               method("Element", "after"),
		replaceWith:         method("Element", "replaceWith"),
		remove:              method("Element", "remove"),

		attributeCount:         get("NamedNodeMap", "length"),
		attributeAt:            method("NamedNodeMap", "item"),
		attrName:               get("Attr", "name"),
		attrValue:              get("Attr", "value"),
		attrNamespace:          get("Attr", "namespaceURI"),
		templateContent:        get("HTMLTemplateElement", "content"),
		tokenAdd:               method("DOMTokenList", "add"),
		tokenRemove:            method("DOMTokenList", "remove"),
		collectionItem:         method("HTMLCollection", "item"),
		body:                   get("Document", "body"),
		title:                  get("Document", "title"),
		setTitle:               set("Document", "title"),
		querySelector:          method("Document", "querySelector"),
		createElement:          method("Document", "createElement"),
		createDocumentFragment: method("Document", "createDocumentFragment"),
		elementsByTagNS:        method("Document", "getElementsByTagNameNS"),

		dispatchEvent:       method("EventTarget", "dispatchEvent"),
		addEventListener:    method("EventTarget", "addEventListener"),
		removeEventListener: method("EventTarget", "removeEventListener"),
	}
}

// isDocumentProperty reports whether name is a built-in property of an
// HTML document, one that a named form or img would shadow.
func isDocumentProperty(name string) bool {
	return native.reflectHas.Invoke(native.blankDocument, name).Bool()
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

// dispatch fires a bubbling CustomEvent named name with detail on target
// and reports whether no listener cancelled it.
func dispatch(target js.Value, name string, cancelable bool, detail map[string]any) bool {
	ev := native.customEvent.New(name, map[string]any{
		"bubbles":    true,
		"cancelable": cancelable,
		"detail":     detail,
	})
	return native.dispatchEvent.on(target, ev).Bool()
}
