package dom

import (
	"github.com/silcrow/silcrow/wire/frame"
)

// snapshot is what a root showed through its bindings when
// Silcrow.optimistic was called, so that Silcrow.revert can put it back.
//
// For every binding of the root's map, global or local to a list item, it
// holds the action that shows what the binding showed: the action the
// engine last carried out through it, or, for a binding the engine has not
// written yet and for the live properties the user changes (value,
// checked, selected, selectedIndex), the element's current text, attribute
// or property, read from the page. For every list it holds the item nodes
// in their order. It is data about the page, not markup: reverting writes
// these values back and puts the very same item nodes back in place, so
// nothing is parsed and kept items keep their identity, focus and state.
type snapshot[E any] struct {
	shown []shownValue[E]
	lists []listOrder[E]
	paths []string
}

// shownValue is what one binding showed.
type shownValue[E any] struct {
	be *boundElement[E]
	a  bindAction
}

// listOrder is one list's items, in order.
type listOrder[E any] struct {
	list  *listBinding[E]
	items []*listItem[E]
}

// takeSnapshot records what m's bindings show now. A binding whose state
// cannot be read is left out with a warning, and revert leaves it alone.
func takeSnapshot[E any](doc bindingDOM[E], m *bindingMap[E]) *snapshot[E] {
	s := &snapshot[E]{}
	for _, pb := range m.paths {
		s.paths = append(s.paths, pb.path.String())
		for _, be := range pb.elements {
			s.record(doc, be)
		}
	}
	for _, l := range m.lists {
		s.paths = append(s.paths, l.path.String())
		s.lists = append(s.lists, listOrder[E]{list: l, items: append([]*listItem[E](nil), l.items...)})
		for _, it := range l.items {
			for _, be := range it.locals {
				s.record(doc, be)
			}
		}
	}
	return s
}

// holds reports whether the snapshot would put it back: revert needs its
// nodes then, even once it has left the list.
func (s *snapshot[E]) holds(it *listItem[E]) bool {
	for _, lo := range s.lists {
		for _, kept := range lo.items {
			if kept == it {
				return true
			}
		}
	}
	return false
}

// record adds what be shows to the snapshot.
func (s *snapshot[E]) record(doc bindingDOM[E], be *boundElement[E]) {
	if be.written && !be.binding.isLive() {
		s.shown = append(s.shown, shownValue[E]{be: be, a: be.last})
		return
	}
	a, err := doc.read(be.el, be.binding)
	if err != nil {
		warn("s-bind=" + frame.Quote(be.attr) + ": what it shows cannot be recorded for revert: " + err.Error())
		return
	}
	s.shown = append(s.shown, shownValue[E]{be: be, a: a})
}

// restore puts the lists' items back in their recorded order, the removed
// ones included, and writes back every recorded value that differs from
// what the binding shows now.
func (s *snapshot[E]) restore(doc bindingDOM[E], m *bindingMap[E]) {
	for _, lo := range s.lists {
		lo.list.arrange(doc, m, lo.items)
	}
	for _, sv := range s.shown {
		sv.be.carryOut(doc, sv.a, nil)
	}
}

// optimistic is Silcrow.optimistic: record root's snapshot, replacing any
// earlier one, then patch it with raw as Silcrow.patch does, and announce
// silcrow:patched and then silcrow:optimistic, both with the applied
// paths. The snapshot belongs to root's binding map, so whatever drops
// that map discards it: invalidating root (a swap into it, {invalidate:
// true}), or patching a root that contains root or lies inside it.
func (e *bindingEngine[E]) optimistic(root E, raw []byte) {
	e.exclusive(func() func() {
		data, err := frame.ParseValue(raw)
		if err != nil {
			warn("optimistic patch ignored: data is not JSON: " + err.Error())
			return nil
		}
		m := e.mapOf(root)
		m.snapshot = takeSnapshot(e.doc, m)
		paths := m.apply(e.doc, data)
		e.settle(root, m)
		all := m.pathNames()
		return func() {
			e.doc.announce(root, "silcrow:patched", all, paths)
			e.doc.announce(root, "silcrow:optimistic", all, paths)
		}
	})
}

// revert is Silcrow.revert: restore root's snapshot, drop root's binding
// map (and the snapshot with it) so the next patch rescans, and announce
// silcrow:revert with the paths the snapshot covered. Without a snapshot
// it warns and changes nothing.
func (e *bindingEngine[E]) revert(root E) {
	e.exclusive(func() func() {
		m, ok := e.doc.cached(root)
		if !ok || m.snapshot == nil {
			warn("revert ignored: no Silcrow.optimistic on this root to revert")
			return nil
		}
		s := m.snapshot
		s.restore(e.doc, m)
		e.doc.uncache(root)
		e.doc.uncacheOverlapping(root)
		return func() { e.doc.announce(root, "silcrow:revert", s.paths, s.paths) }
	})
}
