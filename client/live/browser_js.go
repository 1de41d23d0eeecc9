//go:build js && wasm

package live

import (
	"net/url"
	"syscall/js"
)

// rootProp is the property under which an element carries its Root id.
const rootProp = "__silcrowRoot"

// Element is the Root of a browser element. One *Element exists per
// subscribed element, found again through an id stored on the element.
type Element struct {
	Value js.Value
	id    int
}

// IsConnected implements Root.
func (e *Element) IsConnected() bool { return e.Value.Get("isConnected").Truthy() }

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

// Live subscribes el to the endpoint named by attr (an s-live value); a
// URL that is not allowed is refused with a warning.
func (b *Browser) Live(el js.Value, attr string) bool {
	page, err := url.Parse(js.Global().Get("location").Get("href").String())
	if err != nil {
		b.Warn("cannot read the page URL: " + err.Error())
		return false
	}
	ep, err := ParseEndpoint(attr, page)
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

// Scan subscribes every element with s-live in the subtree of node,
// node included.
func (b *Browser) Scan(node js.Value) {
	if node.Get("nodeType").Int() != 1 && node.Get("nodeType").Int() != 9 && node.Get("nodeType").Int() != 11 {
		return
	}
	if node.Get("nodeType").Int() == 1 && node.Call("hasAttribute", "s-live").Bool() {
		b.Live(node, node.Call("getAttribute", "s-live").String())
	}
	list := node.Call("querySelectorAll", "[s-live]")
	for i, n := 0, list.Length(); i < n; i++ {
		el := list.Index(i)
		b.Live(el, el.Call("getAttribute", "s-live").String())
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
					if node := added.Index(j); node.Get("isConnected").Bool() {
						b.Scan(node)
					}
				}
			case "attributes":
				el := rec.Get("target")
				if el.Call("hasAttribute", "s-live").Bool() {
					b.Live(el, el.Call("getAttribute", "s-live").String())
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

func (b *Browser) forget(r *Element) {
	delete(b.roots, r.id)
	r.Value.Delete(rootProp)
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
