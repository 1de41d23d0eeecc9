//go:build js && wasm

package dom

import (
	"errors"
	"strings"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/jsstring"
	"honnef.co/go/js/dom/v2"
)

// Patch applies data, a JSON value, to the bindings and lists of root and
// its descendants: Silcrow.patch(data, root, opts). See the package doc
// for the rules. It is called from the browser's single thread; a patch
// started by page code that runs during the patch waits for it to finish
// (see bindingEngine).
func Patch(root *dom.BasicElement, data []byte, opts PatchOptions) {
	if root == nil {
		warn("patch ignored: no root element")
		return
	}
	engine.patch(root.Underlying(), data, opts)
}

// Invalidate drops the cached binding map of root, and of every root
// cached below it, so the next patch of each rescans: Silcrow.invalidate and
// the invalidate event. Nested roots are dropped too because markup swapped
// into root has usually replaced their elements as well.
func Invalidate(root *dom.BasicElement) {
	if root != nil {
		invalidate(root.Underlying())
	}
}

// invalidate is Invalidate on a js.Value.
func invalidate(r js.Value) {
	for id, c := range cachedRoots {
		if bind.contains.on(r, c.root).Bool() {
			delete(cachedRoots, id)
		}
	}
}

// engine is the binding engine of the page.
var engine = &bindingEngine[js.Value]{doc: browserDOM{}}

// The binding maps live in Go, keyed by a small integer, and a root is
// found by comparing it with each cached root: a js.Value is not
// comparable and cannot key a Go map, but wasm_exec.js gives one object
// the same reference as long as Go holds it, so Value.Equal tells two roots
// apart without a call into JavaScript. There are few roots on a page.
// Go's map holds the root element, so a root that leaves the document would
// be kept alive forever: every time a new map is cached, the maps of roots no
// longer in the document are dropped. Such a root, patched again, is simply
// rescanned.
var (
	cachedRoots = map[int]cachedRoot{}
	nextRootID  int
)

// cachedRoot is one cached binding map and the root it belongs to.
type cachedRoot struct {
	root js.Value
	m    *bindingMap[js.Value]
}

// bindingNatives are the DOM entry points of the binding engine that
// native_js.go does not hold, taken from the prototypes for the same
// reason: markup cannot shadow them. In <form s-bind="x:title"><input
// name="closest"></form>, form.closest is the input, and calling it would
// throw a non-JavaScript panic that kills the runtime.
type bindingNatives struct {
	tagName, isConnected, textContent       nativeGetter
	firstElementChild, nextElementSibling   nativeGetter
	firstChild, nextSibling                 nativeGetter
	setTextContent                          nativeSetter
	closest, hasAttribute, querySelectorAll nativeMethod
	contains, insertBefore                  nativeMethod
	importNode, getElementByID              nativeMethod

	// A template's content is a DocumentFragment, whose ParentNode
	// members are its own, not Element's.
	fragmentElementCount, fragmentFirstElement nativeGetter
	fragmentQueryAll                           nativeMethod

	nodeListLength nativeGetter
	nodeListItem   nativeMethod

	reflectGet, reflectSet js.Value
}

var bind = loadBindingNatives()

func loadBindingNatives() *bindingNatives {
	g := js.Global()
	descriptor := func(iface, name string) js.Value {
		d := g.Get("Object").Call("getOwnPropertyDescriptor", g.Get(iface).Get("prototype"), name)
		if d.IsUndefined() {
			panic("dom: this browser has no " + iface + ".prototype." + name)
		}
		return d
	}
	get := func(iface, name string) nativeGetter { return nativeGetter{caller(descriptor(iface, name).Get("get"))} }
	method := func(iface, name string) nativeMethod {
		return nativeMethod{caller(descriptor(iface, name).Get("value"))}
	}
	return &bindingNatives{
		tagName:            get("Element", "tagName"),
		isConnected:        get("Node", "isConnected"),
		textContent:        get("Node", "textContent"),
		firstElementChild:  get("Element", "firstElementChild"),
		nextElementSibling: get("Element", "nextElementSibling"),
		firstChild:         get("Node", "firstChild"),
		nextSibling:        get("Node", "nextSibling"),
		setTextContent:     nativeSetter{caller(descriptor("Node", "textContent").Get("set"))},
		closest:            method("Element", "closest"),
		hasAttribute:       method("Element", "hasAttribute"),
		querySelectorAll:   method("Element", "querySelectorAll"),
		contains:           method("Node", "contains"),
		insertBefore:       method("Node", "insertBefore"),
		importNode:         method("Document", "importNode"),
		getElementByID:     method("Document", "getElementById"),

		fragmentElementCount: get("DocumentFragment", "childElementCount"),
		fragmentFirstElement: get("DocumentFragment", "firstElementChild"),
		fragmentQueryAll:     method("DocumentFragment", "querySelectorAll"),

		nodeListLength: get("NodeList", "length"),
		nodeListItem:   method("NodeList", "item"),

		reflectGet: g.Get("Reflect").Get("get"),
		reflectSet: g.Get("Reflect").Get("set"),
	}
}

// scanSelector matches what a scan of top returns below it: elements with
// s-bind or s-list that are neither inside an s-list container in top
// (top included: its content is its list's) nor inside a <template>
// element. querySelectorAll never enters a template's content.
const scanSelector = `:is([s-bind],[s-list]):not(:scope [s-list] *, :scope[s-list] *, template *)`

// attribute returns el's attribute name, or false when it has none.
func attribute(el js.Value, name string) (string, bool) {
	v := native.getAttribute.on(el, name)
	if v.IsNull() {
		return "", false
	}
	return v.String(), true
}

// browserDOM is the bindingDOM of the live page. Every DOM call goes
// through the prototypes (native and bind), never through a property of
// the node itself.
type browserDOM struct{}

func (browserDOM) scan(top js.Value) []bindCandidate[js.Value] {
	var found []bindCandidate[js.Value]
	add := func(el js.Value) {
		c := bindCandidate[js.Value]{el: el, tag: bind.tagName.of(el).String()}
		c.bind, c.hasBind = attribute(el, "s-bind")
		c.list, c.hasList = attribute(el, "s-list")
		c.template, _ = attribute(el, "s-template")
		found = append(found, c)
	}
	if (bind.hasAttribute.on(top, "s-bind").Bool() || bind.hasAttribute.on(top, "s-list").Bool()) &&
		bind.closest.on(top, "template").IsNull() {
		add(top)
		found[0].top = true
	}
	list := bind.querySelectorAll.on(top, scanSelector)
	for i, n := 0, bind.nodeListLength.of(list).Int(); i < n; i++ {
		add(bind.nodeListItem.on(list, i))
	}
	return found
}

func (browserDOM) scanLike(top js.Value, like []bindCandidate[js.Value]) ([]bindCandidate[js.Value], bool) {
	out := append([]bindCandidate[js.Value](nil), like...)
	below := out
	if len(out) > 0 && out[0].top {
		out[0].el = top
		below = out[1:]
	}
	list := bind.querySelectorAll.on(top, scanSelector)
	if bind.nodeListLength.of(list).Int() != len(below) {
		return nil, false
	}
	for i := range below {
		below[i].el = bind.nodeListItem.on(list, i)
	}
	return out, true
}

var errNotWritten = errors.New("the property is read-only here")

// set writes text through Node's textContent setter, or through the data
// of the Text node its last write left (see writtenJS), and attributes
// through Element's methods. Properties are written with Reflect.set, which finds
// the element's own setter along its prototype chain; on a form whose
// named control shadows the name it returns false rather than throwing.
// catchJS turns an exception thrown by a setter or by setAttribute into an
// error; any other panic is a bug and stays one. A text or an attribute
// value is returned as a writtenJS, for shows.
func (browserDOM) set(el js.Value, a bindAction, shown any) (any, error) {
	var err error
	var w *writtenJS
	jsErr := catchJS(func() {
		switch a.op {
		case writeText:
			w = &writtenJS{value: js.ValueOf(a.value)}
			if last, ok := shown.(*writtenJS); ok && soleChild(el, last.text) {
				native.setCharacterData.set(last.text, w.value)
				w.text = last.text
				return
			}
			bind.setTextContent.set(el, w.value)
			w.text = bind.firstChild.of(el)
		case writeProperty:
			if !bind.reflectSet.Invoke(el, jsstring.Of(a.name), a.value).Bool() {
				err = errNotWritten
			}
		case writeAttribute:
			w = &writtenJS{name: jsstring.Of(a.name), value: js.ValueOf(a.value)}
			native.setAttribute.on(el, w.name, w.value)
		case removeAttr:
			native.removeAttribute.on(el, a.name)
		}
	})
	if jsErr != nil {
		return nil, jsErr
	}
	if err != nil || w == nil {
		return nil, err
	}
	return w, nil
}

// writtenJS is the JavaScript string set wrote as a text or an attribute
// value, and the attribute's name. Go holds a reference to it, so
// wasm_exec.js keeps it in its table of values, where strings are looked
// up by content: reading back an equal string gives the same reference, and
// Value.Equal compares the two without copying the string into Go.
//
// text is the Text node a text write left as the element's only child
// (null for an empty text). The next text write changes that node's data
// when it is still the only child, instead of replacing it through
// textContent: a data change is a characterData mutation, which the s-live
// observer (client/live), watching childList only, is not woken for, and
// the browser keeps its layout object for the text.
type writtenJS struct{ name, value, text js.Value }

// soleChild reports whether text, a Text node or null, is el's only child.
func soleChild(el, text js.Value) bool {
	return text.Type() == js.TypeObject && bind.firstChild.of(el).Equal(text) && bind.nextSibling.of(text).IsNull()
}

// read is set's inverse: the action that would make el show what it shows
// now through b.
func (browserDOM) read(el js.Value, b binding) (bindAction, error) {
	var a bindAction
	var err error
	jsErr := catchJS(func() {
		switch b.kind {
		case textTarget:
			a = bindAction{op: writeText, value: bind.textContent.of(el).String()}
		case attributeTarget:
			if v, ok := attribute(el, b.name); ok {
				a = bindAction{op: writeAttribute, name: b.name, value: v}
			} else {
				a = bindAction{op: removeAttr, name: b.name}
			}
		case propertyTarget:
			v := bind.reflectGet.Invoke(el, jsstring.Of(b.name))
			a = bindAction{op: writeProperty, name: b.name}
			switch {
			case boundProperties[b.name] == booleanProperty && v.Type() == js.TypeBoolean:
				a.value = v.Bool()
			case boundProperties[b.name] == numberProperty && v.Type() == js.TypeNumber:
				a.value = v.Float()
			case boundProperties[b.name] == stringProperty && v.Type() == js.TypeString:
				a.value = v.String()
			default:
				err = errors.New("<" + bind.tagName.of(el).String() + "> has no " + b.name + " property of the expected type")
			}
		}
	})
	if jsErr != nil {
		return a, jsErr
	}
	return a, err
}

// shows compares what read finds with a. The URL properties href and src
// read back resolved against the document ("/x" becomes
// "https://host/x") while their setter stores the string given as the
// attribute of the same name, so for a string property an attribute
// holding a's value also counts as showing it.
//
// A text or an attribute that set wrote is first compared with its
// writtenJS, a single call into the browser with no string crossing; only
// a difference, where the page changed it, reads it the slow way.
func (d browserDOM) shows(el js.Value, b binding, a bindAction, written any) bool {
	if w, ok := written.(*writtenJS); ok {
		same := false
		catchJS(func() {
			if a.op == writeText {
				same = bind.textContent.of(el).Equal(w.value)
			} else {
				same = native.getAttribute.on(el, w.name).Equal(w.value)
			}
		})
		if same {
			return true
		}
	}
	now, err := d.read(el, b)
	if err == nil && sameAction(now, a) {
		return true
	}
	want, ok := a.value.(string)
	if b.kind != propertyTarget || !ok {
		return false
	}
	v, ok := attribute(el, b.name)
	return ok && v == want
}

// showsAll reads the texts of later's elements in one call,
// Array.prototype.map with Node's textContent getter, and compares their
// JSON text with that of the strings set wrote: two equal strings are one
// reference (see writtenJS). A few elements are left to shows, which
// needs fewer calls for them.
func (browserDOM) showsAll(later []*boundElement[js.Value]) bool {
	if len(later) < 4 {
		return false
	}
	els := make([]any, len(later))
	want := make([]any, len(later))
	for i, be := range later {
		w, ok := be.shown.(*writtenJS)
		if !ok {
			return false
		}
		els[i], want[i] = be.el, w.value
	}
	same := false
	catchJS(func() {
		now := arrayMap.Invoke(arrayOf.Invoke(els...), bind.textContent.fn)
		same = jsonStringify.Invoke(now).Equal(jsonStringify.Invoke(arrayOf.Invoke(want...)))
	})
	return same
}

// announce fires a CustomEvent whose init dictionary, {bubbles: true,
// cancelable: false, detail: {paths}}, is made once per event name and
// list of paths and frozen, detail and paths array included: a stream of
// patches to the same bindings then costs two calls into JavaScript per
// event (construct, dispatch) instead of six. Freezing is what makes the
// sharing safe: a listener cannot change what the next event carries.
func (browserDOM) announce(root js.Value, name string, paths []string) {
	key := name + "\x00" + strings.Join(paths, "\x00")
	init, ok := announceInits[key]
	if !ok {
		list := make([]any, len(paths))
		for i, p := range paths {
			list[i] = jsstring.Of(p)
		}
		detail := objectConstructor.New()
		detail.Set("paths", objectFreeze.Invoke(arrayOf.Invoke(list...)))
		init = objectConstructor.New()
		init.Set("bubbles", true)
		init.Set("cancelable", false)
		init.Set("detail", objectFreeze.Invoke(detail))
		objectFreeze.Invoke(init)
		if len(key) <= announceKeyMax {
			if len(announceInits) >= announceInitsMax {
				clear(announceInits)
			}
			announceInits[key] = init
		}
	}
	native.dispatchEvent.on(root, native.customEvent.New(jsstring.Of(name), init))
}

// announceInits holds the frozen event init dictionaries by event name and
// paths; it is emptied when full, as package jsstring's cache is. An event with a long
// list of paths is not kept: it would hold the list twice, as the key and
// as the array, for a patch that seldom repeats.
var announceInits = map[string]js.Value{}

const (
	announceInitsMax = 256
	announceKeyMax   = 1024
)

var (
	objectConstructor = js.Global().Get("Object")
	objectFreeze      = objectConstructor.Get("freeze")
	arrayOf           = js.Global().Get("Array").Get("of")
	arrayMap          = caller(js.Global().Get("Array").Get("prototype").Get("map"))
	jsonStringify     = js.Global().Get("JSON").Get("stringify")
)

func (browserDOM) cached(root js.Value) (*bindingMap[js.Value], bool) {
	for _, c := range cachedRoots {
		if c.root.Equal(root) {
			return c.m, true
		}
	}
	return nil, false
}

func (browserDOM) cache(root js.Value, m *bindingMap[js.Value]) {
	for id, c := range cachedRoots {
		if !bind.isConnected.of(c.root).Bool() {
			delete(cachedRoots, id)
		}
	}
	nextRootID++
	cachedRoots[nextRootID] = cachedRoot{root: root, m: m}
}

func (browserDOM) uncacheOverlapping(root js.Value) {
	for id, c := range cachedRoots {
		if !c.root.Equal(root) && (bind.contains.on(root, c.root).Bool() || bind.contains.on(c.root, root).Bool()) {
			delete(cachedRoots, id)
		}
	}
}

func (browserDOM) uncache(root js.Value) {
	for id, c := range cachedRoots {
		if c.root.Equal(root) {
			delete(cachedRoots, id)
		}
	}
}
