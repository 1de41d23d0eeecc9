package dom

import (
	"errors"
	"strings"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/wire/frame"
)

// listChild is an element child of a list container.
type listChild[E any] struct {
	el E
	// key is the child's key (ItemKey); hasKey says it has an s-key
	// attribute and so is an item of the list.
	key    string
	hasKey bool
}

// ItemKey returns the key of a list item from its attributes, as
// Silcrow.js reads it: data-key (hasDataKey says it is present), the
// element carrying a bare s-key marker; else the value of s-key, the form
// earlier versions of this runtime wrote.
func ItemKey(sKey, dataKey string, hasDataKey bool) string {
	if hasDataKey {
		return dataKey
	}
	return sKey
}

// listItem is one item of a list: its node, its local bindings, and the
// global bindings inside it, which it registered in the root's map.
type listItem[E any] struct {
	key     string
	el      E
	locals  []*boundElement[E]
	globals []*boundElement[E]
	// index is the item's place in its list's items, while it is there.
	index int
	// mark is listKeys' note that the item's key was seen.
	mark keyMark
}

// listBinding is one s-list container and the items it shows, in order.
// The engine is the only one to add, remove or reorder items, so this
// order is the document's until the map is invalidated.
type listBinding[E any] struct {
	path      Path
	attr      string // the s-list attribute, for warnings
	container E
	// template is the container's s-template attribute, "" when absent.
	template string

	items []*listItem[E]
	byKey map[string]*listItem[E]
	// gen numbers the key checks of the list's updates (listKeys).
	gen uint32
	// templates caches template lookups by id ("" for the inline one),
	// each checked once per map.
	templates map[string]*listTemplate[E]

	// head is the container's first element child that is not an item:
	// items go before it, at the start of the container, as in
	// Silcrow.js. hasHead is false when every child is an item.
	head    E
	hasHead bool
	// scattered says an item follows a child that is not an item: the
	// next update puts every item back at the start.
	scattered bool
}

// listTemplate is the result of looking up one template.
type listTemplate[E any] struct {
	el    E
	found bool
	err   error // the template is found but breaks the template rules
	// layout is the scan of the first item cloned from the template;
	// the items cloned after it are found by it (bindingDOM.scanLike).
	layout []bindCandidate[E]
	// parsed holds, for each s-bind of layout, its binding as
	// parseCandidate made it (ok false: skipped, with a warning given
	// once), so that a clone's bindings are not parsed again.
	parsed []parsedBinding
	// bound and locals count the entries of parsed that are ok, and of
	// those the local ones: a clone's bound elements and local bindings.
	bound, locals int
}

// parsedBinding is the result of parseCandidate for one element of a
// template's layout.
type parsedBinding struct {
	b  binding
	ok bool
}

// addList adds the list of the container c: its element children with an
// s-key are its items, with their bindings; the bindings of its other
// element children are the root's. A child whose key repeats an earlier
// one is not an item and is left as it is, with a warning.
func (m *bindingMap[E]) addList(doc bindingDOM[E], c bindCandidate[E]) {
	path, err := ParsePath(c.list)
	if err == nil && path.IsLocal() {
		err = errors.New("a list name cannot be local (leading dot)")
	}
	if err != nil {
		warn("s-list=" + frame.Quote(c.list) + " on <" + strings.ToLower(c.tag) + "> skipped: " + err.Error())
		return
	}
	l := &listBinding[E]{
		path:      path,
		attr:      c.list,
		container: c.el,
		template:  c.template,
		byKey:     make(map[string]*listItem[E]),
		templates: make(map[string]*listTemplate[E]),
	}
	for _, child := range doc.children(c.el) {
		if !child.hasKey {
			if !l.hasHead {
				l.head, l.hasHead = child.el, true
			}
			for _, inner := range doc.scan(child.el) {
				if inner.hasList {
					warn("s-list=" + frame.Quote(inner.list) + " inside s-list=" + frame.Quote(c.list) + " skipped: lists do not nest")
				}
				if inner.hasBind {
					m.bindGlobal(inner)
				}
			}
			continue
		}
		if _, dup := l.byKey[child.key]; dup {
			warn("s-list=" + frame.Quote(c.list) + ": a second item with s-key=" + frame.Quote(child.key) + " is not an item of the list")
			continue
		}
		if l.hasHead {
			l.scattered = true
		}
		it := &listItem[E]{key: child.key, el: child.el, index: len(l.items)}
		l.bindItem(doc, m, it, nil)
		l.items = append(l.items, it)
		l.byKey[it.key] = it
	}
	m.lists = append(m.lists, l)
}

// bindItem scans an item for its bindings: local ones are the item's, the
// others are registered in the root's map, owned by the item. tpl is the
// template the item was just cloned from, nil for an item found in the
// page: a clone is scanned like the template's first clone.
func (l *listBinding[E]) bindItem(doc bindingDOM[E], m *bindingMap[E], it *listItem[E], tpl *listTemplate[E]) {
	var found []bindCandidate[E]
	like := false
	if tpl != nil && tpl.layout != nil {
		found, like = doc.scanLike(it.el, tpl.layout)
	}
	if !like {
		found = doc.scan(it.el)
		if tpl != nil {
			// The layout keeps no element: the first clone may leave the
			// list long before the map does.
			var none E
			tpl.layout = make([]bindCandidate[E], len(found))
			tpl.parsed = make([]parsedBinding, len(found))
			tpl.bound, tpl.locals = 0, 0
			for i, c := range found {
				c.el = none
				tpl.layout[i] = c
			}
		}
	}
	// A clone's bound elements are made in one allocation, and its list
	// of local bindings in one more, sized from the template's bindings.
	var elems []boundElement[E]
	if like {
		elems = make([]boundElement[E], 0, tpl.bound)
		if it.locals == nil && tpl.locals > 0 {
			it.locals = make([]*boundElement[E], 0, tpl.locals)
		}
	}
	for i, c := range found {
		if c.hasList {
			warn("s-list=" + frame.Quote(c.list) + " inside an item of s-list=" + frame.Quote(l.attr) + " skipped: lists do not nest")
		}
		if !c.hasBind {
			continue
		}
		var be *boundElement[E]
		switch {
		case like:
			p := tpl.parsed[i]
			if !p.ok {
				continue
			}
			elems = append(elems, boundElement[E]{el: c.el, tag: c.tag, attr: c.bind, binding: p.b})
			be = &elems[len(elems)-1]
		default:
			var ok bool
			be, ok = parseCandidate(c)
			if tpl != nil && ok {
				tpl.parsed[i] = parsedBinding{b: be.binding, ok: true}
				tpl.bound++
				if be.binding.path.IsLocal() {
					tpl.locals++
				}
			}
			if !ok {
				continue
			}
		}
		if be.binding.path.IsLocal() {
			it.locals = append(it.locals, be)
			continue
		}
		m.add(be)
		it.globals = append(it.globals, be)
	}
}

// release marks the item's global bindings dead: the item has left the list.
func (it *listItem[E]) release(m *bindingMap[E]) {
	for _, be := range it.globals {
		be.dead = true
		m.hasDead = true
	}
}

// show writes the item's data into its local bindings, during m's apply.
// A local path resolves in the item's own data, nested objects included
// (".a.b").
func (it *listItem[E]) show(doc bindingDOM[E], data any, m *bindingMap[E]) {
	for _, be := range it.locals {
		if v, ok := Resolve(data, be.binding.path); ok {
			be.show(doc, v, m)
		}
	}
}

// reconcile makes the list show v, the value of its path, and reports
// whether it was accepted. Anything but an array of objects with distinct
// keys is rejected whole with a warning, as is an array with an item no
// template can be found for: every new node is cloned before the first
// change to the document, so a rejected update leaves the DOM as it was.
// Kept items are reused by key; their local bindings get the item's data
// (written only where it changed), and only the items that are out of
// order move (see planFrom).
func (l *listBinding[E]) reconcile(doc bindingDOM[E], m *bindingMap[E], v any) bool {
	items, ok := v.([]any)
	if !ok {
		warn("s-list=" + frame.Quote(l.attr) + ": update ignored, the value is not an array")
		return false
	}
	l.gen++
	keys, err := listKeys(items, l.keyMark, l.gen)
	if err != nil {
		warn("s-list=" + frame.Quote(l.attr) + ": update rejected, the list is left as it was: " + err.Error())
		return false
	}
	if len(l.byKey) == 0 {
		// The first render of a long list: one table of the right size
		// rather than a table grown (and copied) a dozen times.
		l.byKey = make(map[string]*listItem[E], len(items))
	}
	next := make([]*listItem[E], len(items))
	var created []*listItem[E]
	var from []*listTemplate[E] // the template of each created item
	for i, key := range keys {
		if it, ok := l.byKey[key]; ok {
			next[i] = it
			continue
		}
		el, tpl, err := l.create(doc, key)
		if err != nil {
			warn("s-list=" + frame.Quote(l.attr) + ": update rejected, the list is left as it was: " + err.Error())
			return false
		}
		next[i] = &listItem[E]{key: key, el: el}
		created = append(created, next[i])
		from = append(from, tpl)
	}
	for i, it := range created {
		l.bindItem(doc, m, it, from[i])
	}
	for i, it := range next {
		it.show(doc, items[i], m)
	}
	l.arrange(doc, m, next)
	return true
}

// keyMark returns the mark of the item key names, nil when there is none.
func (l *listBinding[E]) keyMark(key string) *keyMark {
	if it := l.byKey[key]; it != nil {
		return &it.mark
	}
	return nil
}

// create clones the template for a new item with key, and returns the
// clone and the template.
func (l *listBinding[E]) create(doc bindingDOM[E], key string) (E, *listTemplate[E], error) {
	var none E
	ids, n := templateChoices(key, l.template)
	for _, id := range ids[:n] {
		tpl := l.lookUp(doc, id)
		if !tpl.found {
			continue
		}
		if tpl.err != nil {
			return none, nil, bridge.Wrap("item "+frame.Quote(key)+": "+describeTemplate(id), tpl.err)
		}
		el, err := doc.clone(tpl.el, key)
		return el, tpl, err
	}
	return none, nil, errors.New("item " + frame.Quote(key) + ": no template (no <template id> named by a key prefix or s-template, no <template> child)")
}

// lookUp finds and checks the template id names, once per map.
func (l *listBinding[E]) lookUp(doc bindingDOM[E], id string) *listTemplate[E] {
	if t, ok := l.templates[id]; ok {
		return t
	}
	t := &listTemplate[E]{}
	t.el, t.found = doc.template(l.container, id)
	if t.found {
		t.err = doc.checkTemplate(t.el)
	}
	l.templates[id] = t
	return t
}

// describeTemplate names the template an id stands for, for a warning.
func describeTemplate(id string) string {
	if id == "" {
		return "the inline <template>"
	}
	return "<template id=" + frame.Quote(id) + ">"
}

// templateChoices returns the ids of the templates to try for a new item,
// in order: the part of its key before a "#" ("card#7" → "card"), then
// the container's s-template, then "" for the container's inline
// <template> child. The first that exists is used; a key whose prefix
// names no template falls through to the others, so a key such as
// "issue#12" needs no template called "issue". They come back as the
// first n of an array, so that creating an item allocates no list of them.
func templateChoices(key, sTemplate string) (ids [3]string, n int) {
	if prefix, _, ok := strings.Cut(key, "#"); ok && prefix != "" {
		ids[n] = prefix
		n++
	}
	if sTemplate != "" {
		ids[n] = sTemplate
		n++
	}
	return ids, n + 1
}

// checkTemplateElement applies the template rules to one element of a
// template's content, given its local name and attribute names: a script
// would run in every clone, an on* attribute is an inline event handler,
// and an s-list would nest lists, which the engine does not do.
func checkTemplateElement(localName string, attrNames []string) error {
	if strings.EqualFold(localName, "script") {
		return errors.New("a template may not hold a <script>")
	}
	for _, name := range attrNames {
		lower := strings.ToLower(name)
		switch {
		case strings.HasPrefix(lower, "on"):
			return errors.New("a template may not hold an event handler attribute (" + name + " on <" + strings.ToLower(localName) + ">)")
		case lower == "s-list":
			return errors.New("a template may not hold an s-list: lists do not nest")
		}
	}
	return nil
}

// arrange puts the nodes of next into the container in order, keeping
// every node of the current items that can stay: the items missing from
// next are removed, and then, from the last item to the first, every node
// that does not stay is inserted just before the node of its successor (or
// where the list ends, for the last). The nodes that stay are in the right
// relative order already, so the result is next's order, reached with
// planFrom's fewest moves. The items sit together at the start of the
// container, before its other children (the <template>, a trailing "add"
// row), as Silcrow.js puts them: an empty list ends before the first
// child that is not an item, and items the server rendered after such a
// child are all moved back to the start once. Non-item children keep
// their order. A failed DOM operation is a warning and marks the map
// stale.
func (l *listBinding[E]) arrange(doc bindingDOM[E], m *bindingMap[E], next []*listItem[E]) {
	// Where each item of next is now, found by its index.
	from := make([]int, len(next))
	for i, it := range next {
		from[i] = -1
		if j := it.index; j < len(l.items) && l.items[j] == it {
			from[i] = j
		}
	}
	plan := planFrom(len(l.items), from)
	end, hasEnd := l.head, l.hasHead
	if n := len(l.items); n > 0 && !l.scattered {
		end, hasEnd = doc.nextSibling(l.items[n-1].el)
	}
	if l.scattered {
		clear(plan.stay)
		l.scattered = false
	}
	for _, j := range plan.removed {
		it := l.items[j]
		if err := doc.remove(it.el); err != nil {
			warn("s-list=" + frame.Quote(l.attr) + ": removing item " + frame.Quote(it.key) + " failed: " + err.Error())
			m.stale = true
		}
		it.release(m)
		delete(l.byKey, it.key)
		if m.snapshot == nil || !m.snapshot.holds(it) {
			doc.discard(it.el)
		}
	}
	anchor, hasAnchor := end, hasEnd
	for i := len(next) - 1; i >= 0; i-- {
		it := next[i]
		if !plan.stay[i] {
			if err := doc.insertBefore(l.container, it.el, anchor, hasAnchor); err != nil {
				warn("s-list=" + frame.Quote(l.attr) + ": placing item " + frame.Quote(it.key) + " failed: " + err.Error())
				m.stale = true
			}
		}
		if plan.from[i] < 0 {
			l.byKey[it.key] = it
		}
		anchor, hasAnchor = it.el, true
	}
	for i, it := range next {
		it.index = i
	}
	l.items = next
}
