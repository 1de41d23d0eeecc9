package dom

import (
	"strings"

	"github.com/silcrow/silcrow/wire/frame"
)

// bindCandidate is an element found by a scan because it has s-bind or
// s-list, with the attributes the binding map needs. E is the element
// type: js.Value in the browser, a fake in the tests.
type bindCandidate[E any] struct {
	el  E
	tag string // the element's tagName
	// top says el is the element the scan started from.
	top bool

	bind    string // the s-bind attribute's value
	hasBind bool

	list    string // the s-list attribute's value
	hasList bool
	// template is the s-template attribute's value, "" when absent.
	template string
}

// boundElement is one binding of one element, and what the engine last
// wrote through it.
type boundElement[E any] struct {
	el      E
	tag     string
	attr    string
	binding binding

	// last is the action last carried out through this binding; it is
	// meaningful when written is set. A value whose action equals last
	// is not written again (see carryOut).
	last    bindAction
	written bool
	// shown is what doc.set returned for last.
	shown any
	// seen is the count of outside changes (bindingDOM.outsideChanges)
	// when the element was last found or made to show last.
	seen uint32
	// dead marks a binding of a list item that has been removed; the map
	// drops it at the end of the list pass.
	dead bool
}

// pathBindings are the bindings of one path, in the order they were found.
type pathBindings[E any] struct {
	path     Path
	key      string // path.String()
	elements []*boundElement[E]
}

// bindingMap is the cached binding map of one root: every path bound below
// it (the root included) with its bindings, in the order the paths were
// first found, and every s-list with its items. Each path is resolved once
// per patch however many elements it feeds. Bindings inside list items
// that are not local (no leading dot) are the root's too: they are in
// paths, and leave it with their item.
type bindingMap[E any] struct {
	paths []*pathBindings[E]
	index map[string]*pathBindings[E]
	// names are the keys of paths, in order, made when first asked for
	// after paths changed.
	names []string
	lists []*listBinding[E]

	// hasDead says some binding in paths is dead.
	hasDead bool
	// stale says a DOM operation failed during the last patch, so the map
	// may no longer describe the page and must be rebuilt.
	stale bool
	// snapshot is what Silcrow.optimistic recorded, for Silcrow.revert.
	snapshot *snapshot[E]
	// later holds, during apply, the text bindings whose value has not
	// changed, to be checked together at the end (see carryOut).
	later []*boundElement[E]
	// outside is the count of outside changes when apply began.
	outside uint32
}

// newBindingMap scans root and builds its binding map. A binding that can
// never be applied is left out with a debug warning, so the warning comes
// once per scan and not once per patch.
func newBindingMap[E any](doc bindingDOM[E], root E) *bindingMap[E] {
	m := &bindingMap[E]{index: make(map[string]*pathBindings[E])}
	for _, c := range doc.scan(root) {
		if c.hasBind {
			m.bindGlobal(c)
		}
		if c.hasList {
			m.addList(doc, c)
		}
	}
	return m
}

// parseCandidate parses the s-bind of c and checks that its element may be
// bound, warning about a binding that can never apply.
func parseCandidate[E any](c bindCandidate[E]) (*boundElement[E], bool) {
	b, err := parseBinding(c.bind)
	if err == nil {
		err = checkBindableElement(c.tag)
	}
	if err != nil {
		warn("s-bind=" + frame.Quote(c.bind) + " on <" + strings.ToLower(c.tag) + "> skipped: " + err.Error())
		return nil, false
	}
	return &boundElement[E]{el: c.el, tag: c.tag, attr: c.bind, binding: b}, true
}

// bindGlobal adds the binding of an element that is not inside a list item.
// A local path has no item to start from there, so it is skipped with a
// warning.
func (m *bindingMap[E]) bindGlobal(c bindCandidate[E]) {
	be, ok := parseCandidate(c)
	if !ok {
		return
	}
	if be.binding.path.IsLocal() {
		warn("s-bind=" + frame.Quote(c.bind) + " on <" + strings.ToLower(c.tag) + "> skipped: a local path (leading dot) only has meaning inside an s-list item")
		return
	}
	m.add(be)
}

// add puts a global binding under its path.
func (m *bindingMap[E]) add(be *boundElement[E]) {
	key := be.binding.path.String()
	pb, ok := m.index[key]
	if !ok {
		pb = &pathBindings[E]{path: be.binding.path, key: key}
		m.index[key] = pb
		m.paths = append(m.paths, pb)
		m.names = nil
	}
	pb.elements = append(pb.elements, be)
}

// dropDead removes the dead bindings, and the paths left without any.
func (m *bindingMap[E]) dropDead() {
	if !m.hasDead {
		return
	}
	m.hasDead = false
	paths := m.paths[:0]
	for _, pb := range m.paths {
		live := pb.elements[:0]
		for _, be := range pb.elements {
			if !be.dead {
				live = append(live, be)
			}
		}
		clear(pb.elements[len(live):])
		pb.elements = live
		if len(live) == 0 {
			delete(m.index, pb.key)
			m.names = nil
			continue
		}
		paths = append(paths, pb)
	}
	clear(m.paths[len(paths):])
	m.paths = paths
}

// pathNames returns every path bound in m, in the order they were found:
// what silcrow:patched lists as its paths, as Silcrow.js does, whatever
// the patch carried.
func (m *bindingMap[E]) pathNames() []string {
	if m.names == nil {
		m.names = make([]string, len(m.paths))
		for i, pb := range m.paths {
			m.names[i] = pb.key
		}
	}
	return m.names
}

// apply writes data into the lists and then the bound elements, and returns
// the paths it applied: the bound paths present in data that at least one
// element shows (written now, or already showing the value), in map order,
// then the paths of the lists whose array was accepted. Lists go first so
// that the global bindings of items they create show this patch's data.
// A path absent from data leaves its elements alone. A refused value, or a
// write that fails, skips that one element with a debug warning and the
// patch goes on.
func (m *bindingMap[E]) apply(doc bindingDOM[E], data any) []string {
	m.outside = doc.outsideChanges()
	var listed []string
	for _, l := range m.lists {
		if v, ok := Resolve(data, l.path); ok && l.reconcile(doc, m, v) {
			listed = append(listed, l.path.String())
		}
	}
	m.dropDead()
	applied := []string{}
	seen := make(map[string]bool)
	for _, pb := range m.paths {
		v, ok := Resolve(data, pb.path)
		if !ok {
			continue
		}
		shown := false
		for _, be := range pb.elements {
			if be.show(doc, v, m) {
				shown = true
			}
		}
		if shown {
			seen[pb.key] = true
			applied = append(applied, pb.key)
		}
	}
	for _, key := range listed {
		if !seen[key] {
			seen[key] = true
			applied = append(applied, key)
		}
	}
	m.checkLater(doc)
	return applied
}

// checkLater checks the text bindings that apply left for later, all at
// once, and writes again each one whose element no longer shows its value
// because page code changed it. Page code that ran during the patch (a
// custom element's callback) is seen too.
func (m *bindingMap[E]) checkLater(doc bindingDOM[E]) {
	later := m.later
	if len(later) > 0 && !doc.showsAll(later) {
		for _, be := range later {
			if !doc.shows(be.el, be.binding, be.last, be.shown) {
				be.write(doc, be.last)
			}
		}
	}
	for _, be := range later {
		be.seen = m.outside
	}
	clear(later)
	m.later = later[:0]
}

// show makes the element show v, a value present in the data, and reports
// whether it does: false when the value is refused (the binding is
// cleared instead) or the write fails, each with a debug warning. m is as
// for carryOut.
func (be *boundElement[E]) show(doc bindingDOM[E], v any, m *bindingMap[E]) bool {
	a, err := be.binding.write(be.tag, v)
	if err != nil {
		warn("s-bind=" + frame.Quote(be.attr) + " on <" + strings.ToLower(be.tag) + "> not applied: " + err.Error())
		be.carryOut(doc, a, nil)
		return false
	}
	return be.carryOut(doc, a, m)
}

// carryOut carries out a through the binding unless the element shows its
// result already, and remembers it. a is carried out always for the first
// write and for the properties the user changes (see liveProperties), and
// when it differs from the last action. When it repeats the last action,
// the element may still show it: a text or an attribute does when nothing
// but the engine has changed the document since the element was last
// found or made to show it (bindingDOM.outsideChanges, counted when m's
// apply began), and is left alone. Otherwise the element is read,
// because page code may have written to it since (the demo page puts
// "reconnecting…" into a bound status line, and the next "connected"
// must replace it): a is carried out only when the element no longer
// shows its result. A read costs far less than a write, which the browser
// must record, lay out and report to every MutationObserver. During an
// apply (m not nil) a text binding is not read here but put on m.later
// and counted as shown: bindingMap.checkLater reads them all at once.
// Without m (a snapshot's restore, a refused value's clearing) the
// element is always read.
func (be *boundElement[E]) carryOut(doc bindingDOM[E], a bindAction, m *bindingMap[E]) bool {
	switch {
	case !be.written || be.binding.isLive() || !sameAction(be.last, a):
		if !be.write(doc, a) {
			return false
		}
	case m != nil && be.seen == m.outside && be.binding.kind != propertyTarget:
		return true
	case m != nil && be.binding.kind == textTarget:
		m.later = append(m.later, be)
		return true
	case !doc.shows(be.el, be.binding, a, be.shown) && !be.write(doc, a):
		return false
	}
	if m != nil {
		be.seen = m.outside
	}
	return true
}

// write carries out a and remembers it, or warns when it fails.
func (be *boundElement[E]) write(doc bindingDOM[E], a bindAction) bool {
	shown, err := doc.set(be.el, a, be.shown)
	if err != nil {
		be.written = false
		warn("s-bind=" + frame.Quote(be.attr) + " on <" + strings.ToLower(be.tag) + "> not applied: " + err.Error())
		return false
	}
	be.last, be.written, be.shown = a, true, shown
	return true
}
