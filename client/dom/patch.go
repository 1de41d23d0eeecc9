package dom

import "github.com/silcrow/silcrow/wire/frame"

// PatchOptions are the options of Silcrow.patch(data, root, opts).
type PatchOptions struct {
	// Invalidate drops the root's cached binding map before the patch, so
	// the patch rescans the root ({invalidate: true}).
	Invalidate bool
	// Silent suppresses the silcrow:patched event ({silent: true}).
	Silent bool
}

// bindingDOM is what the binding engine needs from a page: patch_js.go and
// list_js.go implement it on the browser's DOM, the tests on a fake, so the
// whole patch sequence is tested natively. No method throws or panics: a
// browser exception comes back as an error.
type bindingDOM[E any] interface {
	// scan returns top, when it has s-bind or s-list, and every element
	// below it with either, in document order. It leaves out anything
	// inside a <template>, and the content of every s-list container in
	// top (top included), which belongs to that list; the containers
	// themselves are returned.
	scan(top E) []bindCandidate[E]
	// children returns the element children of a list container, in
	// order, each with its key (ItemKey) and whether it has s-key.
	children(container E) []listChild[E]
	// template returns the <template> element with the given id in the
	// document, or, for id "", the first <template> child of container;
	// false when there is none.
	template(container E, id string) (E, bool)
	// checkTemplate enforces the template rules on tpl's content (see
	// checkTemplateElement): exactly one element, no script, no on*
	// attribute, no s-list.
	checkTemplate(tpl E) error
	// clone returns a copy of the one element of a checked template,
	// owned by the page's document, with its key written as Silcrow.js
	// writes it: data-key="key" and a bare s-key marker.
	clone(tpl E, key string) (E, error)
	// nextSibling returns the node after el, or false at the end.
	nextSibling(el E) (E, bool)
	// insertBefore inserts el, or moves it when it is in the document
	// already, into container before anchor, or at the end when hasAnchor
	// is false.
	insertBefore(container, el, anchor E, hasAnchor bool) error
	// remove takes el out of the document.
	remove(el E) error
	// discard says that el, a list item the engine removed, will not be
	// used again, nor anything found inside it: the browser lets go of
	// them.
	discard(el E)
	// scanLike is scan for top, a fresh clone of the template whose
	// first clone's scan is like: the same elements in the same places,
	// found without reading their attributes again. false when top's
	// bound elements do not line up with like's; the caller then scans.
	scanLike(top E, like []bindCandidate[E]) ([]bindCandidate[E], bool)
	// set carries out one bindAction on one element and returns what shows
	// needs to check it cheaply later, nil when there is nothing. shown is
	// what set returned for the element's last action, or nil.
	set(el E, a bindAction, shown any) (written any, err error)
	// read returns the action that makes el show what it shows now through
	// b, for a snapshot.
	read(el E, b binding) (bindAction, error)
	// outsideChanges returns a count that moves whenever the document
	// changes other than through set, insertBefore, remove or clone: page
	// code, the user. While it stands still, an element shows what the
	// engine last wrote to it. Page code that runs inside one of those
	// calls (a custom element's callback) counts as the engine's.
	outsideChanges() uint32
	// showsAll reports whether every element of later, each a text
	// binding, shows now what it showed when it was last written; false
	// when one does not or when that cannot be told at once.
	showsAll(later []*boundElement[E]) bool
	// shows reports whether el shows now what carrying out a, an action of
	// b, would make it show; false when that cannot be read. written is
	// what set returned when it carried out a.
	shows(el E, b binding, a bindAction, written any) bool
	// announce fires the event name, bubbling, with detail {paths,
	// applied}, on root.
	announce(root E, name string, paths, applied []string)
	// cached, cache and uncache keep one binding map per root.
	cached(root E) (*bindingMap[E], bool)
	cache(root E, m *bindingMap[E])
	uncache(root E)
	// uncacheOverlapping drops the maps of the other roots that contain
	// root or lie inside it.
	uncacheOverlapping(root E)
}

// bindingEngine runs patches, optimistic patches and reverts on the roots
// of one page, one at a time. A DOM change made by the engine can run page
// code synchronously (a custom element's connectedCallback or
// attributeChangedCallback), and that code may call Silcrow.patch again;
// such a call waits until the running one has finished, then runs, so the
// engine never works on a map that is half updated. Events fire after the
// work, so a listener that patches from inside silcrow:patched runs its
// patch at once.
type bindingEngine[E any] struct {
	doc     bindingDOM[E]
	running bool
	waiting []func() (announce func())
}

// exclusive runs work now, or after the running work when called from
// inside it, and then the announcement work returns, if any.
func (e *bindingEngine[E]) exclusive(work func() (announce func())) {
	if e.running {
		e.waiting = append(e.waiting, work)
		return
	}
	if announce := e.run(work); announce != nil {
		announce()
	}
	for len(e.waiting) > 0 && !e.running {
		next := e.waiting[0]
		e.waiting = e.waiting[1:]
		e.exclusive(next)
	}
}

// run runs work with the engine marked busy, and marks it idle again even
// if work panics.
func (e *bindingEngine[E]) run(work func() func()) func() {
	e.running = true
	defer func() { e.running = false }()
	return work()
}

// mapOf returns root's binding map, scanning root when none is cached.
func (e *bindingEngine[E]) mapOf(root E) *bindingMap[E] {
	m, ok := e.doc.cached(root)
	if !ok {
		m = newBindingMap(e.doc, root)
		e.doc.cache(root, m)
	}
	return m
}

// settle runs after root's map has been applied. It drops that map when a
// DOM operation failed meanwhile, since the page may no longer match it,
// and it drops the maps of the roots that overlap root: each map remembers
// what it wrote and which items its lists hold, and this patch may have
// changed both behind their backs. They rescan on their next patch.
func (e *bindingEngine[E]) settle(root E, m *bindingMap[E]) {
	if m.stale {
		e.doc.uncache(root)
	}
	e.doc.uncacheOverlapping(root)
}

// patch is Silcrow.patch: decode raw, bring root's binding map up to date,
// apply the data, and announce the applied paths. Undecodable data is a
// debug warning and changes nothing, not even the event; a binding that
// fails is a warning and the rest of the patch, and the event, still happen.
func (e *bindingEngine[E]) patch(root E, raw []byte, opts PatchOptions) {
	e.exclusive(func() func() {
		if opts.Invalidate {
			e.doc.uncache(root)
		}
		data, err := frame.ParseValue(raw)
		if err != nil {
			warn("patch ignored: data is not JSON: " + err.Error())
			return nil
		}
		m := e.mapOf(root)
		paths := m.apply(e.doc, data)
		e.settle(root, m)
		if opts.Silent {
			return nil
		}
		all := m.pathNames()
		return func() { e.doc.announce(root, "silcrow:patched", all, paths) }
	})
}
