package dom

import (
	"errors"
	"strings"
)

// fakeElement is an element of fakeDOM: a tree node with attributes, text
// and properties, and, for a <template>, its content.
type fakeElement struct {
	tag      string
	attrs    map[string]string
	parent   *fakeElement
	children []*fakeElement
	content  []*fakeElement // a TEMPLATE's content
	text     string
	props    map[string]any
	// fail, when set, is what writing to this element returns, as a
	// throwing setter or setAttribute would in the browser.
	fail error
	// onSet, when set, runs during every write to this element, as a
	// custom element's callback would.
	onSet func()
}

// elem returns a new element: tag, then attribute names and values in
// pairs.
func elem(tag string, attrs ...string) *fakeElement {
	e := &fakeElement{tag: tag, attrs: map[string]string{}}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.attrs[attrs[i]] = attrs[i+1]
	}
	return e
}

// bound is elem(tag, "s-bind", bind).
func bound(tag, bind string) *fakeElement { return elem(tag, "s-bind", bind) }

// with appends children to e and returns e.
func (e *fakeElement) with(children ...*fakeElement) *fakeElement {
	for _, c := range children {
		c.parent = e
		e.children = append(e.children, c)
	}
	return e
}

// holding makes e, a TEMPLATE, hold content and returns e.
func (e *fakeElement) holding(content ...*fakeElement) *fakeElement {
	e.content = content
	return e
}

// walk calls f on e and its descendants in document order; f returns
// whether to enter the element's children.
func (e *fakeElement) walk(f func(*fakeElement) bool) {
	if f(e) {
		for _, c := range e.children {
			c.walk(f)
		}
	}
}

func (e *fakeElement) copyTree() *fakeElement {
	c := &fakeElement{tag: e.tag, attrs: map[string]string{}, text: e.text, content: e.content}
	for k, v := range e.attrs {
		c.attrs[k] = v
	}
	for _, child := range e.children {
		c.with(child.copyTree())
	}
	return c
}

func (e *fakeElement) detach() {
	if e.parent == nil {
		return
	}
	siblings := e.parent.children
	for i, s := range siblings {
		if s == e {
			e.parent.children = append(siblings[:i:i], siblings[i+1:]...)
			break
		}
	}
	e.parent = nil
}

// fakeEvent is an event announced on a root.
type fakeEvent struct {
	name    string
	paths   []string // every bound path
	applied []string
}

// fakeDOM is a bindingDOM on fakeElements. It counts what the engine
// does to the page.
type fakeDOM struct {
	ids    map[string]*fakeElement // document-wide ids, for templates
	maps   map[*fakeElement]*bindingMap[*fakeElement]
	events []fakeEvent

	scans, scansLike, writes, inserts, moves, removes int
	// reads counts the elements shows read.
	reads int
	// discarded are the items the engine let go of, in order.
	discarded []*fakeElement

	// wrote is what the engine's last write of each text and attribute
	// left there; outsideChanges counts the times it found one changed
	// since, as the loader's MutationObserver would see page code's
	// writes. Page code inside set (onSet) counts as the engine's, as a
	// custom element's callback does in the browser.
	wrote   map[fakeTarget]fakeValue
	outside uint32
}

// fakeTarget is a text (name "") or an attribute of an element.
type fakeTarget struct {
	el   *fakeElement
	text bool
	name string
}

// fakeValue is a text, or an attribute's value and whether it is present.
type fakeValue struct {
	v  string
	ok bool
}

func (t fakeTarget) now() fakeValue {
	if t.text {
		return fakeValue{t.el.text, true}
	}
	v, ok := t.el.attrs[t.name]
	return fakeValue{v, ok}
}

func newFakeDOM() *fakeDOM {
	return &fakeDOM{ids: map[string]*fakeElement{}, maps: map[*fakeElement]*bindingMap[*fakeElement]{},
		wrote: map[fakeTarget]fakeValue{}}
}

func (d *fakeDOM) outsideChanges() uint32 {
	changed := false
	for t, v := range d.wrote {
		if now := t.now(); now != v {
			changed = true
			d.wrote[t] = now
		}
	}
	if changed {
		d.outside++
	}
	return d.outside
}

// engineFor returns a binding engine for d.
func engineFor(d *fakeDOM) *bindingEngine[*fakeElement] { return &bindingEngine[*fakeElement]{doc: d} }

// patchJSON patches root through a fresh engine on d, as the tests that
// need no engine state do.
func (d *fakeDOM) patchJSON(root *fakeElement, data string, opts PatchOptions) {
	engineFor(d).patch(root, []byte(data), opts)
}

// paths returns the paths of the events named name.
// applied returns the applied paths of every event called name.
func (d *fakeDOM) applied(name string) [][]string {
	var out [][]string
	for _, ev := range d.events {
		if ev.name == name {
			out = append(out, ev.applied)
		}
	}
	return out
}

// bound returns the paths (every bound path) of every event called name.
func (d *fakeDOM) bound(name string) [][]string {
	var out [][]string
	for _, ev := range d.events {
		if ev.name == name {
			out = append(out, ev.paths)
		}
	}
	return out
}

func (d *fakeDOM) scan(top *fakeElement) []bindCandidate[*fakeElement] {
	d.scans++
	var found []bindCandidate[*fakeElement]
	top.walk(func(e *fakeElement) bool {
		c := bindCandidate[*fakeElement]{el: e, tag: e.tag, top: e == top}
		c.bind, c.hasBind = e.attrs["s-bind"]
		c.list, c.hasList = e.attrs["s-list"]
		c.template = e.attrs["s-template"]
		if c.hasBind || c.hasList {
			found = append(found, c)
		}
		return !c.hasList && e.tag != "TEMPLATE"
	})
	return found
}

// scanLike finds the bound elements as scan does, counting a scanLike
// rather than a scan, and takes everything else from like.
func (d *fakeDOM) scanLike(top *fakeElement, like []bindCandidate[*fakeElement]) ([]bindCandidate[*fakeElement], bool) {
	d.scansLike++
	var els []*fakeElement
	top.walk(func(e *fakeElement) bool {
		_, hasBind := e.attrs["s-bind"]
		_, hasList := e.attrs["s-list"]
		if hasBind || hasList {
			els = append(els, e)
		}
		return !hasList && e.tag != "TEMPLATE"
	})
	if len(els) != len(like) {
		return nil, false
	}
	out := append([]bindCandidate[*fakeElement](nil), like...)
	for i := range out {
		out[i].el = els[i]
	}
	return out, true
}

func (d *fakeDOM) children(container *fakeElement) []listChild[*fakeElement] {
	var out []listChild[*fakeElement]
	for _, c := range container.children {
		out = append(out, listChild[*fakeElement]{el: c, key: fakeKey(c), hasKey: hasSKey(c)})
	}
	return out
}

func (d *fakeDOM) template(container *fakeElement, id string) (*fakeElement, bool) {
	if id != "" {
		t, ok := d.ids[id]
		return t, ok && t.tag == "TEMPLATE"
	}
	for _, c := range container.children {
		if c.tag == "TEMPLATE" {
			return c, true
		}
	}
	return nil, false
}

func (d *fakeDOM) checkTemplate(tpl *fakeElement) error {
	if len(tpl.content) != 1 {
		return errors.New("a template must hold exactly one element")
	}
	var err error
	tpl.content[0].walk(func(e *fakeElement) bool {
		var names []string
		for name := range e.attrs {
			names = append(names, name)
		}
		if err == nil {
			err = checkTemplateElement(strings.ToLower(e.tag), names)
		}
		return true
	})
	return err
}

func (d *fakeDOM) clone(tpl *fakeElement, key string) (*fakeElement, error) {
	c := tpl.content[0].copyTree()
	c.attrs["data-key"] = key
	c.attrs["s-key"] = ""
	return c, nil
}

func (d *fakeDOM) nextSibling(el *fakeElement) (*fakeElement, bool) {
	if el.parent == nil {
		return nil, false
	}
	siblings := el.parent.children
	for i, s := range siblings {
		if s == el && i+1 < len(siblings) {
			return siblings[i+1], true
		}
	}
	return nil, false
}

func (d *fakeDOM) insertBefore(container, el, anchor *fakeElement, hasAnchor bool) error {
	if hasAnchor && anchor.parent != container {
		return errors.New("NotFoundError: the anchor is not a child of the container")
	}
	d.inserts++
	if el.parent != nil {
		d.moves++
		el.detach()
	}
	at := len(container.children)
	for i, c := range container.children {
		if hasAnchor && c == anchor {
			at = i
		}
	}
	container.children = append(container.children[:at:at], append([]*fakeElement{el}, container.children[at:]...)...)
	el.parent = container
	return nil
}

func (d *fakeDOM) remove(el *fakeElement) error {
	d.removes++
	el.detach()
	return nil
}

func (d *fakeDOM) discard(el *fakeElement) { d.discarded = append(d.discarded, el) }

func (d *fakeDOM) set(el *fakeElement, a bindAction, _ any) (any, error) {
	if el.onSet != nil {
		el.onSet()
	}
	if el.fail != nil {
		return nil, el.fail
	}
	d.writes++
	switch a.op {
	case writeText:
		el.text = a.value.(string)
	case writeProperty:
		if el.props == nil {
			el.props = map[string]any{}
		}
		el.props[a.name] = a.value
	case writeAttribute:
		el.attrs[a.name] = a.value.(string)
	case removeAttr:
		delete(el.attrs, a.name)
	}
	if a.op != writeProperty {
		t := fakeTarget{el: el, text: a.op == writeText, name: a.name}
		d.wrote[t] = t.now()
	}
	return nil, nil
}

func (d *fakeDOM) read(el *fakeElement, b binding) (bindAction, error) {
	switch b.kind {
	case textTarget:
		return bindAction{op: writeText, value: el.text}, nil
	case attributeTarget:
		if v, ok := el.attrs[b.name]; ok {
			return bindAction{op: writeAttribute, name: b.name, value: v}, nil
		}
		return bindAction{op: removeAttr, name: b.name}, nil
	}
	v, ok := el.props[b.name]
	if !ok {
		return bindAction{}, errors.New("no such property")
	}
	return bindAction{op: writeProperty, name: b.name, value: v}, nil
}

// showsAll reads every element in one go, as one read; reads counts the
// elements shows reads one by one.
func (d *fakeDOM) showsAll(later []*boundElement[*fakeElement]) bool {
	for _, be := range later {
		if now, err := d.read(be.el, be.binding); err != nil || !sameAction(now, be.last) {
			return false
		}
	}
	return true
}

func (d *fakeDOM) shows(el *fakeElement, b binding, a bindAction, _ any) bool {
	d.reads++
	now, err := d.read(el, b)
	return err == nil && sameAction(now, a)
}

func (d *fakeDOM) announce(_ *fakeElement, name string, paths, applied []string) {
	d.events = append(d.events, fakeEvent{name: name, paths: paths, applied: applied})
}

func (d *fakeDOM) cached(root *fakeElement) (*bindingMap[*fakeElement], bool) {
	m, ok := d.maps[root]
	return m, ok
}

func (d *fakeDOM) cache(root *fakeElement, m *bindingMap[*fakeElement]) { d.maps[root] = m }

func (d *fakeDOM) uncache(root *fakeElement) { delete(d.maps, root) }

func (d *fakeDOM) uncacheOverlapping(root *fakeElement) {
	for r := range d.maps {
		if r != root && (r.contains(root) || root.contains(r)) {
			delete(d.maps, r)
		}
	}
}

// contains reports whether x is e or one of its descendants.
func (e *fakeElement) contains(x *fakeElement) bool {
	for ; x != nil; x = x.parent {
		if x == e {
			return true
		}
	}
	return false
}

// hasSKey reports whether c has an s-key attribute, and so is a list item.
func hasSKey(c *fakeElement) bool {
	_, ok := c.attrs["s-key"]
	return ok
}

// fakeKey is the list key of c (ItemKey).
func fakeKey(c *fakeElement) string {
	dataKey, ok := c.attrs["data-key"]
	return ItemKey(c.attrs["s-key"], dataKey, ok)
}

// keys returns the key of each child of container, "-" for a child
// without s-key.
func keys(container *fakeElement) string {
	var out []string
	for _, c := range container.children {
		if hasSKey(c) {
			out = append(out, fakeKey(c))
		} else {
			out = append(out, "-")
		}
	}
	return strings.Join(out, " ")
}

// texts returns the text of every element below e that has any, in
// document order, space-separated.
func texts(e *fakeElement) string {
	var out []string
	e.walk(func(x *fakeElement) bool {
		if x.text != "" {
			out = append(out, x.text)
		}
		return true
	})
	return strings.Join(out, " ")
}
