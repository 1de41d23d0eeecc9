//go:build js && wasm

package dom

import (
	"encoding/json"
	"errors"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// Patch applies data, a JSON value, to the bindings of root and its
// descendants: Silcrow.patch(data, root, opts). See the package doc for the
// rules. It is called from the browser's single thread; a page listener
// that patches again from inside silcrow:patched, or a custom element that
// does so from a callback, re-enters safely.
func Patch(root dom.Element, data json.RawMessage, opts PatchOptions) {
	if root == nil {
		warnf("patch ignored: no root element")
		return
	}
	patchRoot[js.Value](browserDOM{}, root.Underlying(), data, opts)
}

// Invalidate drops the cached binding map of root, and of every root
// cached below it, so the next patch of each rescans: Silcrow.invalidate and
// the invalidate event. Nested roots are dropped too because markup swapped
// into root has usually replaced their elements as well.
func Invalidate(root dom.Element) {
	if root == nil {
		return
	}
	r := root.Underlying()
	for id, c := range cachedRoots {
		if r.Call("contains", c.root).Bool() {
			dropCachedRoot(id)
		}
	}
}

// The binding maps live in Go, keyed by a small integer; the element → id
// link is a JavaScript WeakMap, because a js.Value is not comparable and
// cannot key a Go map, and a WeakMap adds nothing a page script can see.
// Go's map holds the root element, so a root that leaves the document would
// be kept alive forever: every time a new map is cached, the maps of roots no
// longer in the document are dropped. Such a root, patched again, is simply
// rescanned.
var (
	rootIDs     = js.Global().Get("WeakMap").New()
	cachedRoots = map[int]cachedRoot{}
	nextRootID  int
)

// cachedRoot is one cached binding map and the root it belongs to.
type cachedRoot struct {
	root js.Value
	m    *bindingMap[js.Value]
}

func dropCachedRoot(id int) {
	rootIDs.Call("delete", cachedRoots[id].root)
	delete(cachedRoots, id)
}

var (
	reflectSet    = js.Global().Get("Reflect").Get("set")
	customEvent   = js.Global().Get("CustomEvent")
	errNotWritten = errors.New("the property is read-only here")
)

// browserDOM is the bindingDOM of the live page.
type browserDOM struct{}

func (browserDOM) scan(root js.Value) []bindCandidate[js.Value] {
	var found []bindCandidate[js.Value]
	add := func(el js.Value) {
		if !el.Call("closest", "template").IsNull() {
			return
		}
		parent := el.Get("parentElement")
		found = append(found, bindCandidate[js.Value]{
			el:     el,
			tag:    el.Get("tagName").String(),
			attr:   el.Call("getAttribute", "s-bind").String(),
			inList: !parent.IsNull() && !parent.Call("closest", "[s-list]").IsNull(),
		})
	}
	if root.Call("hasAttribute", "s-bind").Bool() {
		add(root)
	}
	list := root.Call("querySelectorAll", "[s-bind]")
	for i, n := 0, list.Length(); i < n; i++ {
		add(list.Index(i))
	}
	return found
}

// set writes through Reflect.set and element methods called with Call,
// because syscall/js turns an exception thrown by a called function into a
// js.Error panic that can be recovered, while one thrown by a setter run
// through js.Value.Set would unwind through the Go runtime. Only js.Error is
// recovered: any other panic is a bug and stays one.
func (browserDOM) set(el js.Value, a bindAction) (err error) {
	defer func() {
		if r := recover(); r != nil {
			jsErr, ok := r.(js.Error)
			if !ok {
				panic(r)
			}
			err = jsErr
		}
	}()
	switch a.op {
	case writeText:
		reflectSet.Invoke(el, "textContent", a.value)
	case writeProperty:
		if !reflectSet.Invoke(el, a.name, a.value).Bool() {
			return errNotWritten
		}
	case writeAttribute:
		el.Call("setAttribute", a.name, a.value)
	case removeAttr:
		el.Call("removeAttribute", a.name)
	}
	return nil
}

func (browserDOM) patched(root js.Value, paths []string) {
	list := make([]any, len(paths))
	for i, p := range paths {
		list[i] = p
	}
	root.Call("dispatchEvent", customEvent.New("silcrow:patched", map[string]any{
		"bubbles": true,
		"detail":  map[string]any{"paths": list},
	}))
}

func (browserDOM) cached(root js.Value) (*bindingMap[js.Value], bool) {
	id := rootIDs.Call("get", root)
	if id.Type() != js.TypeNumber {
		return nil, false
	}
	c, ok := cachedRoots[id.Int()]
	return c.m, ok
}

func (browserDOM) cache(root js.Value, m *bindingMap[js.Value]) {
	for id, c := range cachedRoots {
		if !c.root.Get("isConnected").Bool() {
			dropCachedRoot(id)
		}
	}
	nextRootID++
	rootIDs.Call("set", root, nextRootID)
	cachedRoots[nextRootID] = cachedRoot{root: root, m: m}
}

func (browserDOM) uncache(root js.Value) {
	if id := rootIDs.Call("get", root); id.Type() == js.TypeNumber {
		dropCachedRoot(id.Int())
	}
}
