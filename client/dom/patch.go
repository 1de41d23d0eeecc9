package dom

// PatchOptions are the options of Silcrow.patch(data, root, opts).
type PatchOptions struct {
	// Invalidate drops the root's cached binding map before the patch, so
	// the patch rescans the root ({invalidate: true}).
	Invalidate bool
	// Silent suppresses the silcrow:patched event ({silent: true}).
	Silent bool
}

// document is what the binding engine needs from a page: patch_js.go
// implements it on the browser's DOM, the tests on a fake, so the whole
// patch sequence is tested natively.
type bindingDOM[E any] interface {
	// scan returns the root, when it has s-bind, and every element below
	// it with s-bind, in document order, leaving out anything inside a
	// <template>.
	scan(root E) []bindCandidate[E]
	// set carries out one bindAction on one element; a browser exception is
	// returned as an error, never thrown through the patch.
	set(el E, a bindAction) error
	// patched fires silcrow:patched with detail {paths} on root, bubbling.
	patched(root E, paths []string)
	// cached, cache and uncache keep one binding map per root.
	cached(root E) (*bindingMap[E], bool)
	cache(root E, m *bindingMap[E])
	uncache(root E)
}

// patch is Silcrow.patch: decode raw, bring root's binding map up to date,
// apply the data, and announce the applied paths. Undecodable data is a
// debug warning and changes nothing, not even the event; a binding that
// fails is a warning and the rest of the patch, and the event, still happen.
func patchRoot[E any](doc bindingDOM[E], root E, raw []byte, opts PatchOptions) {
	if opts.Invalidate {
		doc.uncache(root)
	}
	data, err := decodePatchData(raw)
	if err != nil {
		warnf("patch ignored: data is not JSON: %v", err)
		return
	}
	m, ok := doc.cached(root)
	if !ok {
		m = newBindingMap(doc.scan(root))
		doc.cache(root, m)
	}
	paths := m.apply(data, doc.set)
	if !opts.Silent {
		doc.patched(root, paths)
	}
}
