package dom

import "strings"

// bindCandidate is an element with an s-bind attribute found by the scan of a
// root, with what the binding map needs to know about it. E is the element
// type: js.Value in the browser, a fake in the tests.
type bindCandidate[E any] struct {
	el   E
	tag  string // the element's tagName
	attr string // the s-bind attribute's value
	// inList says the element sits inside an s-list container. Its local
	// (leading-dot) bindings then belong to the list's items, not to the
	// root's map; its other bindings are the root's like any other.
	inList bool
}

// boundElement is one element bound to a path.
type boundElement[E any] struct {
	el      E
	tag     string
	attr    string
	binding binding
}

// pathBindings are the elements bound to one path, in document order.
type pathBindings[E any] struct {
	path     Path
	elements []boundElement[E]
}

// bindingMap is the cached binding map of one root: every path bound below
// it (the root included), each with its elements, in the document order of
// the path's first binding. Each path is resolved once per patch however
// many elements it feeds. Keyed lists will sit beside the paths as a second
// table, filled by the same scan from the s-list containers.
type bindingMap[E any] struct {
	paths []*pathBindings[E]
}

// newBindingMap builds the binding map of a root from the scan's candidates,
// in document order. A binding that can never be applied is left out with a
// debug warning, so the warning comes once per scan and not once per patch.
func newBindingMap[E any](found []bindCandidate[E]) *bindingMap[E] {
	m := &bindingMap[E]{}
	index := make(map[string]*pathBindings[E])
	for _, c := range found {
		b, err := parseBinding(c.attr)
		if err != nil {
			warnf("s-bind=%q on <%s> skipped: %v", c.attr, strings.ToLower(c.tag), err)
			continue
		}
		if b.path.IsLocal() {
			if !c.inList {
				warnf("s-bind=%q on <%s> skipped: a local path (leading dot) only has meaning inside an s-list item", c.attr, strings.ToLower(c.tag))
			}
			continue
		}
		if err := checkBindableElement(c.tag); err != nil {
			warnf("s-bind=%q skipped: %v", c.attr, err)
			continue
		}
		key := b.path.String()
		pb, ok := index[key]
		if !ok {
			pb = &pathBindings[E]{path: b.path}
			index[key] = pb
			m.paths = append(m.paths, pb)
		}
		pb.elements = append(pb.elements, boundElement[E]{el: c.el, tag: c.tag, attr: c.attr, binding: b})
	}
	return m
}

// apply writes data into the bound elements through set, and returns the
// paths it applied: those present in data with at least one element
// actually written. A path absent from data leaves its elements alone. A
// value refused by a binding, or a set that fails, skips that one element
// with a debug warning and the patch goes on.
func (m *bindingMap[E]) apply(data any, set func(el E, a bindAction) error) []string {
	applied := []string{}
	for _, pb := range m.paths {
		v, ok := Resolve(data, pb.path)
		if !ok {
			continue
		}
		wrote := false
		for _, be := range pb.elements {
			a, err := be.binding.write(be.tag, v)
			if err == nil {
				err = set(be.el, a)
			}
			if err != nil {
				warnf("s-bind=%q on <%s> not applied: %v", be.attr, strings.ToLower(be.tag), err)
				continue
			}
			wrote = true
		}
		if wrote {
			applied = append(applied, pb.path.String())
		}
	}
	return applied
}
