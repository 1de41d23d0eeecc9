//go:build js && wasm

package dom

import (
	"errors"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/wire/frame"
)

// Patch applies data, a JSON value, to the bindings and lists of root and
// its descendants: Silcrow.patch(data, root, opts). See the package doc
// for the rules. It is called from the browser's single thread; a patch
// started by page code that runs during the patch waits for it to finish
// (see bindingEngine).
func Patch(root js.Value, data []byte, opts PatchOptions) {
	if absent(root) {
		warn("patch ignored: no root element")
		return
	}
	bridge.Turn(func() { PatchNode(bridge.HandleOf(root), data, opts) })
}

// PatchNode is Patch on a node handle, inside a bridge turn: the DOM work
// is written as commands and applied when the turn ends.
func PatchNode(root bridge.Handle, data []byte, opts PatchOptions) {
	engine.patch(root, data, opts)
}

// Invalidate drops the cached binding map of root, and of every root
// cached below it, so the next patch of each rescans: Silcrow.invalidate and
// the invalidate event. Nested roots are dropped too because markup swapped
// into root has usually replaced their elements as well.
func Invalidate(root js.Value) {
	if !absent(root) {
		invalidate(root)
	}
}

// invalidate is Invalidate on an element.
func invalidate(r js.Value) {
	bridge.Turn(func() { InvalidateNode(bridge.HandleOf(r)) })
}

// InvalidateNode is Invalidate on a node handle, inside a bridge turn.
func InvalidateNode(r bridge.Handle) {
	dropCached(r, func(c *cachedRoot, rel byte) bool { return rel&bridge.RootContains != 0 })
}

// dropCached drops the cached maps whose roots drop chooses by their
// relation to r (bridge.Relations), read for all of them in one call.
func dropCached(r bridge.Handle, drop func(c *cachedRoot, rel byte) bool) {
	if len(cachedRoots) == 0 {
		return
	}
	hs := make([]bridge.Handle, len(cachedRoots))
	for i, c := range cachedRoots {
		hs[i] = c.root
	}
	rel := bridge.Relations(r, hs)
	for i, c := range cachedRoots {
		if i < len(rel) && drop(c, rel[i]) {
			c.drop()
		}
	}
	compactCache()
}

// engine is the binding engine of the page. It works on node handles: its
// reads are single bridge reads, and its writes are commands of the
// current turn.
var engine = &bindingEngine[bridge.Handle]{doc: browserDOM{}}

// The binding maps live in Go, one per root, found by the root's handle,
// which stays the same while it is held. A map holds every handle its
// scans and clones received and gives them back when it is dropped. It
// is dropped when invalidated, when a patch of an overlapping root may
// have changed its elements, or, when a new map is cached, because its
// root has left the document: Go's map would otherwise keep that root
// alive forever. Such a root, patched again, is simply rescanned.
var (
	cachedRoots []*cachedRoot
	// current is the entry of the map the engine works on; the handles
	// read meanwhile become its own. pending holds those read for a map
	// not cached yet.
	current *cachedRoot
	pending handleSet
)

// cachedRoot is one cached binding map, its root, and the handles it
// holds.
type cachedRoot struct {
	root    bridge.Handle
	m       *bindingMap[bridge.Handle]
	handles handleSet
	gone    bool
}

// handleSet is the handles a binding map holds: a list item's own (its
// element and what was found inside it), given back when the engine
// discards the item, and the others, given back with the map.
type handleSet struct {
	shared []bridge.Handle
	items  map[bridge.Handle][]bridge.Handle
}

// add puts hs in the set, as item's when item is not 0.
func (s *handleSet) add(item bridge.Handle, hs ...bridge.Handle) {
	if item == 0 {
		s.shared = append(s.shared, hs...)
		return
	}
	if s.items == nil {
		s.items = map[bridge.Handle][]bridge.Handle{}
	}
	s.items[item] = append(s.items[item], hs...)
}

// isItem reports whether el is an item whose handles the set keeps apart.
func (s *handleSet) isItem(el bridge.Handle) bool {
	_, ok := s.items[el]
	return ok
}

// releaseItem gives back item's handles.
func (s *handleSet) releaseItem(item bridge.Handle) {
	out := bridge.Out()
	for _, h := range s.items[item] {
		out.Release(h)
	}
	delete(s.items, item)
}

// releaseAll gives back every handle and empties the set.
func (s *handleSet) releaseAll() {
	out := bridge.Out()
	for _, h := range s.shared {
		out.Release(h)
	}
	for _, hs := range s.items {
		for _, h := range hs {
			out.Release(h)
		}
	}
	*s = handleSet{}
}

// holding is the set the handles read now go to.
func holding() *handleSet {
	if current != nil {
		return &current.handles
	}
	return &pending
}

// acquire makes h, just received from a read, the current map's to give
// back.
func acquire(h bridge.Handle) { acquireFor(0, h) }

// acquireFor is acquire for the handles of a list item: they are given
// back when the item is discarded.
func acquireFor(item, h bridge.Handle) {
	if h != 0 {
		holding().add(item, h)
	}
}

// drop gives back c's handles and marks it gone; compactCache removes it.
func (c *cachedRoot) drop() {
	if c.gone {
		return
	}
	c.gone = true
	c.handles.releaseAll()
	bridge.Out().Release(c.root)
	if current == c {
		current = nil
	}
}

// compactCache removes the dropped entries.
func compactCache() {
	kept := cachedRoots[:0]
	for _, c := range cachedRoots {
		if !c.gone {
			kept = append(kept, c)
		}
	}
	clear(cachedRoots[len(kept):])
	cachedRoots = kept
}

// scanSelector matches what a scan of top returns below it: elements with
// s-bind or s-list that are neither inside an s-list container in top
// (top included: its content is its list's) nor inside a <template>
// element. querySelectorAll never enters a template's content.
// topSelector says whether top itself is bound.
const (
	scanSelector = `:is([s-bind],[s-list]):not(:scope [s-list] *, :scope[s-list] *, template *)`
	topSelector  = `:is([s-bind],[s-list]):not(template, template *)`
)

// browserDOM is the bindingDOM of the live page, over the bridge. The
// loader calls the DOM through the prototypes, never through a property
// of the node itself, so markup cannot shadow what the engine calls.
//
// Writes are commands, applied after the engine's work; a write that
// fails then is a warning, and the map it belongs to is dropped, so the
// next patch rescans and writes again. Text and attribute commands write
// nothing when the node shows the value already, so the engine needs no
// read to tell whether page code changed them: it writes again.
type browserDOM struct{}

func (browserDOM) scan(top bridge.Handle) []bindCandidate[bridge.Handle] {
	materialize(top, nil)
	var item bridge.Handle
	if holding().isItem(top) {
		item = top
	}
	topMatched, scanned := bridge.Scan(top, topSelector, scanSelector, "s-bind", "s-list", "s-template")
	found := make([]bindCandidate[bridge.Handle], len(scanned))
	for i, sc := range scanned {
		acquireFor(item, sc.Node)
		found[i] = bindCandidate[bridge.Handle]{
			el: sc.Node, tag: sc.Tag,
			bind: sc.Attrs[0].Value, hasBind: sc.Attrs[0].Has,
			list: sc.Attrs[1].Value, hasList: sc.Attrs[1].Has,
			template: sc.Attrs[2].Value,
		}
	}
	if topMatched && len(found) > 0 {
		found[0].top = true
	}
	return found
}

// scanLike takes the bound elements of a fresh clone from the template's
// first clone's scan: the clone is made by one command that hands the
// elements it holds to handles reserved here, so no read is needed. A
// clone that does not match fails that command (see materialize), and
// the map is dropped and rescanned.
func (browserDOM) scanLike(top bridge.Handle, like []bindCandidate[bridge.Handle]) ([]bindCandidate[bridge.Handle], bool) {
	if _, ok := pendingClones[top]; !ok {
		return nil, false
	}
	out := append([]bindCandidate[bridge.Handle](nil), like...)
	below := out
	if len(out) > 0 && out[0].top {
		out[0].el = top
		below = out[1:]
	}
	found := likeScratch[:0]
	for i := range below {
		h := bridge.Reserve()
		found = append(found, h)
		below[i].el = h
	}
	holding().add(top, found...)
	materialize(top, found)
	likeScratch = found[:0]
	return out, true
}

// likeScratch is scanLike's list of the handles it reserved, reused from
// item to item: materialize's command copies them.
var likeScratch []bridge.Handle

// failed registers the handler of the command written last: when it
// fails, the warning about what + detail, which are joined only then (a
// message writes many commands, and rarely does one fail), and the
// binding map being worked on is dropped.
func failed(what, detail string) {
	bridge.OnFailNote(commandFailed, bridge.Note{What: what, Detail: detail, Ctx: current})
}

// commandFailed is the handler failed registers.
func commandFailed(n bridge.Note, msg string) {
	warn(n.What + n.Detail + " failed: " + msg)
	if c, _ := n.Ctx.(*cachedRoot); c != nil {
		c.drop()
		compactCache()
	}
}

func (browserDOM) set(el bridge.Handle, a bindAction, _ any) (any, error) {
	materialize(el, nil)
	out := bridge.Out()
	switch a.op {
	case writeText:
		out.Text(el, a.value.(string))
	case writeProperty:
		switch v := a.value.(type) {
		case bool:
			out.PropBool(el, a.name, v)
		case float64:
			out.PropNumber(el, a.name, v)
		case string:
			out.PropString(el, a.name, v)
		default:
			// The browser converts what String(v) gives, as it would
			// convert v itself (selectedIndex = [2] selects 2).
			out.PropString(el, a.name, Text(v))
		}
	case writeAttribute:
		watchAttr(out, a.name)
		out.Attr(el, a.name, a.value.(string))
	case removeAttr:
		watchAttr(out, a.name)
		out.RemoveAttr(el, a.name)
	}
	failed("s-bind write of ", a.name)
	return nil, nil
}

// read is set's inverse: the action that would make el show what it shows
// now through b.
func (browserDOM) read(el bridge.Handle, b binding) (bindAction, error) {
	materialize(el, nil)
	what := bridge.ValueText
	switch b.kind {
	case attributeTarget:
		what = bridge.ValueAttr
	case propertyTarget:
		what = bridge.ValueProp
	}
	d := bridge.Read(func(e *bridge.Encoder) { e.Op(bridge.ReadValue).Handle(el).Byte(what).Str(b.name) })
	switch b.kind {
	case textTarget:
		return bindAction{op: writeText, value: d.Str()}, d.Err
	case attributeTarget:
		if v, ok := d.OptStr(); ok {
			return bindAction{op: writeAttribute, name: b.name, value: v}, d.Err
		}
		return bindAction{op: removeAttr, name: b.name}, d.Err
	}
	a := bindAction{op: writeProperty, name: b.name}
	kind := bridge.PropKind(d.Byte())
	switch {
	case kind == bridge.PropBool && boundProperties[b.name] == booleanProperty:
		a.value = d.Byte() == 1
	case kind == bridge.PropNumber && boundProperties[b.name] == numberProperty:
		a.value = d.F64()
	case kind == bridge.PropString && boundProperties[b.name] == stringProperty:
		a.value = d.Str()
	default:
		return a, errors.New("the element has no " + b.name + " property of the expected type")
	}
	return a, d.Err
}

// shows reads a property back; texts and attributes are written again
// instead (see browserDOM). The URL properties href and src read back
// resolved against the document ("/x" becomes "https://host/x") while
// their setter stores the string given as the attribute of the same name,
// so for a string property an attribute holding a's value also counts as
// showing it.
func (d browserDOM) shows(el bridge.Handle, b binding, a bindAction, _ any) bool {
	if b.kind != propertyTarget {
		return false
	}
	now, err := d.read(el, b)
	if err == nil && sameAction(now, a) {
		return true
	}
	want, ok := a.value.(string)
	if !ok {
		return false
	}
	attr, err := d.read(el, binding{kind: attributeTarget, name: b.name})
	return err == nil && attr.op == writeAttribute && attr.value == want
}

// watched holds the attribute names the loader's count of outside
// changes watches: those a binding wrote.
var watched = map[string]bool{}

// watchAttr has the count watch attributes called name from this command
// list on: a binding's attribute is watched from its first write, before
// which the engine never skips it.
func watchAttr(out *bridge.Encoder, name string) {
	if !watched[name] {
		watched[name] = true
		out.Watch(name)
	}
}

// outsideChanges is the loader's count of the document's changes made
// other than by command lists (bridge.OutsideChanges), with a swapped-in
// fragment counted.
func (browserDOM) outsideChanges() uint32 { return bridge.OutsideChanges() }

// showsAll leaves the texts to be written again: a text command writes
// nothing when the node shows its text.
func (browserDOM) showsAll([]*boundElement[bridge.Handle]) bool { return false }

// announce fires the event with detail {paths, applied}, frozen and
// shared by every event of that name and detail (see bridge.Shared): a
// stream of patches to the same bindings makes no new detail per event.
func (browserDOM) announce(root bridge.Handle, name string, paths, applied []string) {
	b := appendStrings(append(detailBuf[:0], `{"paths":`...), paths)
	b = appendStrings(append(b, `,"applied":`...), applied)
	b = append(b, '}')
	bridge.Out().Fire(root, name, b, bridge.Bubbles|bridge.Shared)
	detailBuf = b
}

// detailBuf is where announce writes an event's detail, which Fire
// copies into the command list: every patch announces one.
var detailBuf []byte

// appendStrings appends ss as a JSON array.
func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = frame.AppendString(b, s)
	}
	return append(b, ']')
}

func (browserDOM) cached(root bridge.Handle) (*bindingMap[bridge.Handle], bool) {
	// Every patch starts here. A clone still pending now belongs to an
	// update that was rejected: it is never made.
	clear(pendingClones)
	for _, c := range cachedRoots {
		if c.root == root {
			current = c
			return c.m, true
		}
	}
	current = nil
	return nil, false
}

func (browserDOM) cache(root bridge.Handle, m *bindingMap[bridge.Handle]) {
	dropCached(root, func(_ *cachedRoot, rel byte) bool { return rel&bridge.Connected == 0 })
	bridge.Out().Retain(root)
	c := &cachedRoot{root: root, m: m, handles: pending}
	pending = handleSet{}
	cachedRoots = append(cachedRoots, c)
	current = c
}

func (browserDOM) uncacheOverlapping(root bridge.Handle) {
	// A patch runs this every time; the common page has one root, and
	// then there is nothing to read.
	if len(cachedRoots) == 1 && cachedRoots[0].root == root {
		return
	}
	dropCached(root, func(c *cachedRoot, rel byte) bool {
		return c.root != root && rel&(bridge.RootContains|bridge.ContainsRoot) != 0
	})
}

func (browserDOM) uncache(root bridge.Handle) {
	for _, c := range cachedRoots {
		if c.root == root {
			c.drop()
		}
	}
	compactCache()
	// Handles read for a map that is dropped before it was cached go
	// back too.
	pending.releaseAll()
}
