//go:build js && wasm

package dom

import "syscall/js"

// morphChildren morphs the children of the live element target into the
// nodes of the sanitized fragment content (the rules are in morph.go).
//
// The focused control is looked after: when it is kept, its live value
// and selection are what they were before the morph, even if it had not
// been edited and its value attribute changed, and it has focus again if
// a move took it away (moveBefore, where the browser has it, moves a node
// without taking focus; insertBefore does not). A kept element that had
// to move keeps its scroll position only with moveBefore.
func morphChildren(target, content js.Value) error {
	focus := saveFocus()
	plan := planMorph[js.Value](browserMorph{}, target, content)
	err := catchJS(func() { applyMorph[js.Value](browserMorph{}, target, plan) })
	focus.restore()
	return err
}

// browserMorph is the morphDOM of the page, reached through the native
// prototype functions so that clobbering markup cannot steer it.
type browserMorph struct{}

func (browserMorph) children(n js.Value) []js.Value {
	var kids []js.Value
	for c := native().firstChild.of(container(n)); !c.IsNull(); c = native().nextSibling.of(c) {
		kids = append(kids, c)
	}
	return kids
}

func (browserMorph) nodeType(n js.Value) int { return native().nodeType.of(n).Int() }

func (browserMorph) tag(el js.Value) string {
	tag := native().localName.of(el).String()
	if ns := nullableString(native().namespaceURI.of(el)); ns != htmlNamespace {
		return ns + " " + tag
	}
	return tag
}

func (browserMorph) attributes(el js.Value) []morphAttr {
	attrs := native().attributes.of(el)
	n := native().attributeCount.of(attrs).Int()
	out := make([]morphAttr, n)
	for i := range n {
		a := native().attributeAt.on(attrs, i)
		out[i] = morphAttr{native().attrName.of(a).String(), native().attrValue.of(a).String()}
	}
	return out
}

func (browserMorph) text(n js.Value) string { return native().characterData.of(n).String() }

func (browserMorph) remove(n js.Value) {
	native().removeChild.on(native().parentNode.of(n), n)
}

// place moves a kept element with moveBefore when the browser has it, so
// that it keeps focus, selection, scroll position and a playing media
// element's state; anything else, or a move moveBefore refuses, goes
// through insertBefore.
func (browserMorph) place(parent, n, next js.Value, hasNext, kept bool) {
	parent = container(parent)
	if !hasNext {
		next = js.Null()
	}
	if kept && native().moveBefore.fn.Truthy() && native().nodeType.of(parent).Int() == elementNode {
		if catchJS(func() { native().moveBefore.on(parent, n, next) }) == nil {
			return
		}
	}
	native().insertBefore.on(parent, n, next)
}

// setAttribute moves the attribute node itself from the new element to
// the kept one: the HTML parser accepts names (such as "@click") that
// setAttribute refuses.
func (browserMorph) setAttribute(el, from js.Value, a morphAttr) {
	attr := native().getAttributeNode.on(from, a.name)
	native().removeAttributeNode.on(from, attr)
	native().setAttributeNode.on(el, attr)
}

func (browserMorph) removeAttribute(el js.Value, name string) {
	native().removeAttribute.on(el, name)
}

func (browserMorph) setText(n js.Value, data string) { native().setCharacterData.set(n, data) }

// container is where n's children live: a template's content, or n.
func container(n js.Value) js.Value {
	if native().nodeType.of(n).Int() == elementNode &&
		native().localName.of(n).String() == "template" &&
		nullableString(native().namespaceURI.of(n)) == htmlNamespace {
		return native().templateContent.of(n)
	}
	return n
}

// focusState is the focused element and, for a text control, its live
// value and selection.
type focusState struct {
	el                     js.Value
	value                  js.Value
	start, end, direction  js.Value
	hasValue, hasSelection bool
}

// saveFocus records document.activeElement, its value when it has one and
// its selection when its type has one.
func saveFocus() focusState {
	f := focusState{el: native().activeElement.of(native().document)}
	if f.el.IsNull() || f.el.Equal(native().body.of(native().document)) {
		return focusState{el: js.Null()}
	}
	if v := f.el.Get("value"); v.Type() == js.TypeString {
		f.value, f.hasValue = v, true
	}
	// selectionStart is null for input types without a selection, and
	// old engines throw instead.
	_ = catchJS(func() {
		f.start, f.end, f.direction = f.el.Get("selectionStart"), f.el.Get("selectionEnd"), f.el.Get("selectionDirection")
		f.hasSelection = f.start.Type() == js.TypeNumber
	})
	return f
}

// restore gives the element recorded by saveFocus its value, selection
// and focus back, if the morph kept it and changed them.
func (f focusState) restore() {
	if f.el.IsNull() || !native().isConnected.of(f.el).Bool() {
		return
	}
	_ = catchJS(func() {
		if f.hasValue && f.el.Get("value").String() != f.value.String() {
			f.el.Set("value", f.value)
		}
		if !native().activeElement.of(native().document).Equal(f.el) {
			native().focus.on(f.el, map[string]any{"preventScroll": true})
		}
		if f.hasSelection && (!f.el.Get("selectionStart").Equal(f.start) || !f.el.Get("selectionEnd").Equal(f.end)) {
			f.el.Call("setSelectionRange", f.start, f.end, f.direction)
		}
	})
}
