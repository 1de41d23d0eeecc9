//go:build js && wasm

package live

import (
	"github.com/silcrow/silcrow/client/internal/bridge"
)

// Element is the Root of a browser element: its node handle, which the
// Browser holds while the element is a Root. One *Element exists per
// subscribed element.
type Element struct {
	H bridge.Handle

	// During Browser.Prune, known says connected was read for all roots
	// at once.
	known, connected bool
}

// IsConnected implements Root.
func (e *Element) IsConnected() bool {
	if e.known {
		return e.connected
	}
	return bridge.IsConnected(e.H)
}

// Browser connects the Hub to the document: it scans for s-live, hears of
// added and removed subscribers from the loader's MutationObserver, and
// maps elements to Roots.
type Browser struct {
	Hub  *Hub
	Warn func(msg string)

	roots map[bridge.Handle]*Element
}

// NewBrowser returns a Browser over hub; warn reports debug warnings.
func NewBrowser(hub *Hub, warn func(string)) *Browser {
	return &Browser{Hub: hub, Warn: warn, roots: map[bridge.Handle]*Element{}}
}

// Root returns the Root of el, the same one every time for the same
// element. It runs inside a bridge turn.
func (b *Browser) Root(el bridge.Handle) *Element {
	if r, ok := b.roots[el]; ok {
		return r
	}
	bridge.Out().Retain(el)
	r := &Element{H: el}
	b.roots[el] = r
	return r
}

// Subscribed returns el's Root when el is a subscribed element: then it
// has s-live, and no read is needed to find its live ancestor.
func (b *Browser) Subscribed(el bridge.Handle) (*Element, bool) {
	r, ok := b.roots[el]
	return r, ok
}

// LiveAncestor returns el itself when it has s-live, else its nearest
// ancestor that has, as a handle transient to the turn.
func LiveAncestor(el bridge.Handle) (bridge.Handle, bool) {
	h := bridge.Closest(el, "[s-live]")
	return h, h != 0
}

// Live subscribes el to the endpoint named by attr (an s-live value); a
// URL that is not allowed is refused with a warning.
func (b *Browser) Live(el bridge.Handle, attr string) bool {
	ep, err := PageEndpoint(attr)
	if err != nil {
		b.Warn("s-live refused: " + err.Error())
		return false
	}
	r := b.Root(el)
	if err := b.Hub.Subscribe(r, ep); err != nil {
		b.Warn(err.Error())
		// A root the Hub does not hold is not kept either.
		if _, ok := b.Hub.Subscribed(r); !ok {
			b.forget(r)
		}
		return false
	}
	return true
}

// PageEndpoint is ParseEndpoint against the current page, with the
// browser's own URL parser doing the resolution.
func PageEndpoint(attr string) (Endpoint, error) {
	href := bridge.PageHref()
	page, err := bridge.ParseURL(href, href)
	if err != nil {
		return Endpoint{}, err
	}
	return ParseEndpoint(attr, page, func(ref string) (Location, error) { return bridge.ParseURL(ref, href) })
}

// Scan subscribes every element with s-live in the subtree of node (an
// element, document or fragment), node included. It runs inside a bridge
// turn.
func (b *Browser) Scan(node bridge.Handle) {
	_, found := bridge.Scan(node, "[s-live]", "[s-live]", "s-live")
	for _, el := range found {
		bridge.Transient(el.Node)
	}
	for _, el := range found {
		if el.Attrs[0].Has {
			b.Live(el.Node, el.Attrs[0].Value)
		}
	}
}

// Unsubscribe drops el's subscription, if it has one.
func (b *Browser) Unsubscribe(el bridge.Handle) {
	if r, ok := b.roots[el]; ok {
		b.Hub.Unsubscribe(r)
		b.forget(r)
	}
}

// Observe starts the loader's MutationObserver on document.body: added
// subtrees are scanned, removals prune subscribers that left the
// document (an element moved elsewhere is still connected and keeps its
// socket), and a changed s-live attribute resubscribes.
func (b *Browser) Observe() {
	bridge.OnMutations = b.mutations
	bridge.Loader().Call("observe")
}

func (b *Browser) mutations(m bridge.Mutations) {
	for _, c := range m.Live {
		if c.Has {
			b.Live(c.Node, c.Attr)
		} else {
			b.Unsubscribe(c.Node)
		}
	}
	if m.Removed {
		b.Prune()
	}
}

// Prune unsubscribes the roots that left the document. Whether each root
// is still in the document is read for all of them in one call first.
func (b *Browser) Prune() {
	roots := make([]*Element, 0, len(b.roots))
	hs := make([]bridge.Handle, 0, len(b.roots))
	for h, r := range b.roots {
		roots = append(roots, r)
		hs = append(hs, h)
	}
	rel := bridge.Relations(bridge.Document, hs)
	for i, r := range roots {
		r.known, r.connected = i < len(rel), i < len(rel) && rel[i]&bridge.Connected != 0
	}
	b.Hub.Prune()
	for _, r := range roots {
		r.known = false
		// The Hub dropped exactly the roots that left the document.
		if !r.connected {
			b.forget(r)
		}
	}
}

// forget drops r and gives its handle back.
func (b *Browser) forget(r *Element) {
	delete(b.roots, r.H)
	bridge.Out().Release(r.H)
}

// Stop forgets every root; the loader's destroy stops its observer.
func (b *Browser) Stop() {
	bridge.OnMutations = func(bridge.Mutations) {}
	for _, r := range b.roots {
		b.forget(r)
	}
}
