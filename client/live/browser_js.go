//go:build js && wasm

package live

import (
	"errors"
	"strconv"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/jsstring"
)

// rootProp is the property under which an element carries its Root id.
const rootProp = "__silcrowRoot"

// Markup can shadow an element's or the document's methods by name
// (<form s-live="/ws"><input name="hasAttribute">, <img
// name="querySelectorAll">), so the scan calls the prototypes' own methods
// and getters on the node instead.
var (
	nodeProto, elementProto = js.Global().Get("Node").Get("prototype"), js.Global().Get("Element").Get("prototype")
	nodeTypeOf              = getter(nodeProto, "nodeType")
	isConnectedOf           = getter(nodeProto, "isConnected")
	hasAttribute            = caller(elementProto.Get("hasAttribute"))
	getAttribute            = caller(elementProto.Get("getAttribute"))
	closest                 = caller(elementProto.Get("closest"))
	querySelectorAll        = map[int]js.Value{
		1:  caller(elementProto.Get("querySelectorAll")),
		9:  caller(js.Global().Get("Document").Get("prototype").Get("querySelectorAll")),
		11: caller(js.Global().Get("DocumentFragment").Get("prototype").Get("querySelectorAll")),
	}
)

// caller returns Function.prototype.call bound to fn, as client/dom's
// does: caller(fn).Invoke(this, args…) runs fn on this, without the method
// name that Value.Call would encode and decode on every call.
func caller(fn js.Value) js.Value { return functionCall.Call("bind", fn) }

var functionCall = js.Global().Get("Function").Get("prototype").Get("call")

// The strings the scan passes to the DOM, made JavaScript strings once
// rather than on every call.
var (
	sLive         = jsstring.Of("s-live")
	sLiveSelector = jsstring.Of("[s-live]")
)

func getter(proto js.Value, name string) js.Value {
	return caller(js.Global().Get("Object").Call("getOwnPropertyDescriptor", proto, name).Get("get"))
}

// liveAttr returns el's s-live attribute, if it has one.
func liveAttr(el js.Value) (string, bool) {
	if !hasAttribute.Invoke(el, sLive).Bool() {
		return "", false
	}
	return getAttribute.Invoke(el, sLive).String(), true
}

// Element is the Root of a browser element. One *Element exists per
// subscribed element, found again through an id stored on the element.
type Element struct {
	Value js.Value
	id    int
}

// IsConnected implements Root.
func (e *Element) IsConnected() bool { return isConnectedOf.Invoke(e.Value).Bool() }

// Browser connects the Hub to the document: it scans for s-live, watches
// the body for added and removed subscribers, and maps elements to Roots.
type Browser struct {
	Hub  *Hub
	Warn func(msg string)

	roots    map[int]*Element
	nextID   int
	observer js.Value
	onChange js.Func
}

// NewBrowser returns a Browser over hub; warn reports debug warnings.
func NewBrowser(hub *Hub, warn func(string)) *Browser {
	return &Browser{Hub: hub, Warn: warn, roots: map[int]*Element{}}
}

// Root returns the Root of el, the same one every time for the same
// element.
func (b *Browser) Root(el js.Value) *Element {
	if id := el.Get(rootProp); id.Type() == js.TypeNumber {
		if r, ok := b.roots[id.Int()]; ok {
			return r
		}
	}
	b.nextID++
	r := &Element{Value: el, id: b.nextID}
	el.Set(rootProp, r.id)
	b.roots[r.id] = r
	return r
}

// LiveAncestor returns el itself when it has s-live, else its nearest
// ancestor that has.
func LiveAncestor(el js.Value) (js.Value, bool) {
	v := closest.Invoke(el, sLiveSelector)
	return v, !v.IsNull()
}

// Live subscribes el to the endpoint named by attr (an s-live value); a
// URL that is not allowed is refused with a warning.
func (b *Browser) Live(el js.Value, attr string) bool {
	ep, err := PageEndpoint(attr)
	if err != nil {
		b.Warn("s-live refused: " + err.Error())
		return false
	}
	if err := b.Hub.Subscribe(b.Root(el), ep); err != nil {
		b.Warn(err.Error())
		return false
	}
	return true
}

// PageEndpoint is ParseEndpoint against the current page, with the
// browser's own URL parser doing the resolution.
func PageEndpoint(attr string) (Endpoint, error) {
	href := js.Global().Get("location").Get("href").String()
	page, err := browserURL(href, href)
	if err != nil {
		return Endpoint{}, err
	}
	return ParseEndpoint(attr, page, func(ref string) (Location, error) { return browserURL(ref, href) })
}

// browserURL is new URL(ref, base), split; a reference the browser cannot
// parse (it throws) is an error.
func browserURL(ref, base string) (loc Location, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("invalid URL " + strconv.Quote(ref) + ": " + panicText(r))
		}
	}()
	u := js.Global().Get("URL").New(ref, base)
	return Location{
		Protocol:  u.Get("protocol").String(),
		Host:      u.Get("host").String(),
		PathQuery: u.Get("pathname").String() + u.Get("search").String(),
	}, nil
}

// Scan subscribes every element with s-live in the subtree of node (an
// element, document or fragment), node included.
func (b *Browser) Scan(node js.Value) {
	kind := nodeTypeOf.Invoke(node).Int()
	qsa, ok := querySelectorAll[kind]
	if !ok {
		return
	}
	if kind == 1 {
		if attr, ok := liveAttr(node); ok {
			b.Live(node, attr)
		}
	}
	list := qsa.Invoke(node, sLiveSelector)
	for i, n := 0, list.Length(); i < n; i++ {
		el := list.Index(i)
		if attr, ok := liveAttr(el); ok {
			b.Live(el, attr)
		}
	}
}

// Unsubscribe drops el's subscription, if it has one.
func (b *Browser) Unsubscribe(el js.Value) {
	id := el.Get(rootProp)
	if id.Type() != js.TypeNumber {
		return
	}
	if r, ok := b.roots[id.Int()]; ok {
		b.Hub.Unsubscribe(r)
		b.forget(r)
	}
}

// Observe starts the MutationObserver on document.body: added subtrees are
// scanned, removals prune subscribers that left the document (an element
// moved elsewhere is still connected and keeps its socket), and a changed
// s-live attribute resubscribes.
func (b *Browser) Observe() {
	b.onChange = js.FuncOf(func(_ js.Value, args []js.Value) any {
		records := args[0]
		removed := false
		for i, n := 0, records.Length(); i < n; i++ {
			rec := records.Index(i)
			switch rec.Get("type").String() {
			case "childList":
				if rec.Get("removedNodes").Length() > 0 {
					removed = true
				}
				added := rec.Get("addedNodes")
				for j, m := 0, added.Length(); j < m; j++ {
					if node := added.Index(j); isConnectedOf.Invoke(node).Bool() {
						b.Scan(node)
					}
				}
			case "attributes":
				el := rec.Get("target")
				if attr, ok := liveAttr(el); ok {
					b.Live(el, attr)
				} else {
					b.Unsubscribe(el)
				}
			}
		}
		if removed {
			b.Prune()
		}
		return nil
	})
	b.observer = js.Global().Get("MutationObserver").New(b.onChange)
	b.observer.Call("observe", js.Global().Get("document").Get("body"), map[string]any{
		"childList": true, "subtree": true, "attributes": true, "attributeFilter": []any{"s-live"},
	})
}

// Prune unsubscribes the roots that left the document.
func (b *Browser) Prune() {
	b.Hub.Prune()
	for _, r := range b.roots {
		if _, ok := b.Hub.Subscribed(r); !ok {
			b.forget(r)
		}
	}
}

// forget drops r. Its id stays on the element, where it is harmless: ids
// are never reused, so a stale one finds no Root and the element gets a
// new id if it subscribes again. Leaving it spares a call into JavaScript
// per element when a page drops many live elements at once.
func (b *Browser) forget(r *Element) {
	delete(b.roots, r.id)
}

// Stop disconnects the observer and releases its callback.
func (b *Browser) Stop() {
	if !b.observer.IsUndefined() {
		b.observer.Call("disconnect")
		b.onChange.Release()
		b.observer = js.Undefined()
	}
	for _, r := range b.roots {
		b.forget(r)
	}
}
