package bridge

import "math"

// Handle names a node in the loader's node table; 0 is null.
type Handle uint32

// Document is the handle of the page's document, held for good.
const Document Handle = 1

// Op is the opcode of one command or read.
type Op byte

// The commands of silcrow.apply. Operands are listed after each name.
const (
	// OpText h text: the node's text becomes text. When its only child
	// is a Text node, that node's data changes (a characterData
	// mutation, which keeps the node and its layout) instead of the
	// children being replaced; nothing is written when it shows text
	// already.
	OpText Op = iota + 1
	// OpAttr h name value: setAttribute, unless the value is there.
	OpAttr
	// OpRemoveAttr h name: removeAttribute.
	OpRemoveAttr
	// OpProp h name kind value: Reflect.set of a property; kind is a
	// PropKind. A set that returns false fails.
	OpProp
	// OpInsert parent node before: parent.insertBefore(node, before);
	// before 0 appends.
	OpInsert
	// OpRemove h: the node leaves its parent.
	OpRemove
	// OpClone dst tpl: dst, a reserved handle, becomes a deep copy of the
	// one element of template tpl's content, imported into the page's
	// document.
	OpClone
	// OpFire target name detail flags members: dispatch a CustomEvent
	// whose detail is JSON.parse(detail) (undefined for ""), with the
	// Members JSON cannot carry set on it; flags are Fire flags. The
	// members are a count, then per member its name, a kind byte (0 a
	// node, 1 an Error, 2 an array of nodes) and the node's handle, the
	// Error's message, or a count and that many handles.
	OpFire
	// OpRelease h: Go is done with one receipt of h.
	OpRelease
	// OpSocketOpen id kind url n p1…pn: open a WebSocket (kind 0) offering
	// the subprotocols p1…pn, or an EventSource (kind 1); its events come
	// back through silcrow_socket with id (see SocketEvent).
	OpSocketOpen
	// OpSocketSend id text: send a text frame.
	OpSocketSend
	// OpSocketClose id code reason: close it; nothing more is reported.
	OpSocketClose
	// OpWarn text: console.warn("[silcrow] " + text) when the body has
	// s-debug.
	OpWarn
	// OpRetain h: Go keeps one more receipt of h (see OpRelease).
	OpRetain
	// OpInsertFragment target fragment how: the fragment's nodes go to
	// target by an Insertion.
	OpInsertFragment
	// OpCloneInto dst tpl selector n h1…hn: OpClone, then the n elements
	// the clone's querySelectorAll(selector) finds become the reserved
	// handles h1…hn, in order. A clone where it finds another number of
	// elements fails.
	OpCloneInto
	// OpResult json n (i name k h1…hk)×n: the value the current
	// window.Silcrow call returns is JSON.parse(json), an array, whose
	// element i gets member name set to the array of nodes h1…hk, for each
	// of the n.
	OpResult
	// OpWatch name: from now on the count of outside changes
	// (silcrow.changes) counts changes to the attributes called name and
	// its ASCII lower case (what setAttribute makes of it on an HTML
	// element). Until an attribute is watched its changes do not count,
	// so that a page's animations (style, class) cost it nothing.
	OpWatch
)

// Insertion is where OpInsertFragment puts a fragment's nodes, by the
// Element method it calls on the target.
type Insertion byte

// The insertions.
const (
	// ReplaceChildren: the nodes become target's children.
	ReplaceChildren Insertion = iota
	// ReplaceWith: the nodes replace target.
	ReplaceWith
	Append
	Prepend
	Before
	After
)

// The reads of silcrow.read; each is one request, its result follows.
const (
	// ReadQuery selector → status byte (0 none, 1 found, 2 invalid
	// selector), then the handle, or the error text for 2.
	ReadQuery Op = iota + 64
	// ReadScan h top all n names… → a byte saying whether h itself
	// matches top, then a count and for h (when it matches) and every
	// element querySelectorAll(all) finds: handle, tagName, and for each
	// name a presence byte and the value.
	ReadScan
	// ReadChildren h n names… → a count, and for each element child:
	// handle, then a presence byte and value per name.
	ReadChildren
	// ReadTemplate container id → the handle of document's <template> with
	// that id, or for id "" of container's first <template> child; 0 for
	// none.
	ReadTemplate
	// ReadNextSibling h → the handle of the node after h, 0 at the end.
	ReadNextSibling
	// ReadValue h what name → what the node shows: for ValueText the
	// text; for ValueAttr a presence byte and the value; for ValueProp a
	// PropKind and the value.
	ReadValue
	// ReadRelations root n handles… → a byte per handle of Relation bits.
	ReadRelations
	// ReadReserve n → n fresh handles, each held once, for OpClone.
	ReadReserve
	// ReadClosest h selector → the handle of h.closest(selector), 0 for
	// none.
	ReadClosest
	// ReadParse markup → a byte, 0 when the browser refuses to parse it
	// (then the error text), else the handle of a fragment, the content
	// of an inert <template> the markup was parsed into, and its
	// description (see ReadDescribe).
	ReadParse
	// ReadDescribe h → a count, and for every node below h (in its
	// content, for a template) but text, in document order with each
	// node's subtree (a template's content included) right after it:
	// handle, node type, depth below h (0 for h's children); for an
	// element then its local name, a byte saying it is in the HTML
	// namespace, an attribute count, and per attribute its name,
	// namespace (a presence byte and the URI), value, and a byte saying
	// it is an id or name whose value names a built-in property of
	// documents.
	ReadDescribe
	// ReadParent h → the handle of h's parent element, 0 for none.
	ReadParent
	// ReadDispatch, with OpFire's operands, fires the event and returns a
	// byte: 1 when no listener cancelled it.
	ReadDispatch
)

// Member is a member of an event detail that JSON cannot carry: an array
// of nodes when Nodes is not nil (empty included), else a node when Node
// is not 0, else an Error with the message Error.
type Member struct {
	Name  string
	Node  Handle
	Nodes []Handle
	Error string
}

// PropKind is the JavaScript type of a property value.
type PropKind byte

// The property value kinds.
const (
	PropString PropKind = iota
	PropBool
	PropNumber
	// PropOther is a read value of any other type.
	PropOther
)

// What ReadValue reads.
const (
	ValueText byte = iota
	ValueAttr
	ValueProp
)

// Fire flags.
const (
	Bubbles byte = 1 << iota
	Cancelable
	// Shared makes the event's detail frozen, deeply, and the same object
	// for every event of that name and detail text: a stream of patches
	// then makes no new detail per event.
	Shared
)

// Relation bits of ReadRelations, for one handle h against root.
const (
	// RootContains: root.contains(h).
	RootContains byte = 1 << iota
	// ContainsRoot: h.contains(root).
	ContainsRoot
	// Connected: h.isConnected.
	Connected
)

// Encoder appends commands or a read request to a byte slice. It writes
// the bytes itself: encoding/binary would link reflect into the wasm. Its
// primitives are not inlined: every command method would otherwise carry
// its own copies of append's slice growth, which cost silcrow.wasm more
// than the calls cost time.
type Encoder struct {
	B []byte
	// count is the number of commands written, the ordinal of the next.
	count int
}

// Len returns the number of commands written since the last Reset.
func (e *Encoder) Len() int { return e.count }

// Reset empties e, keeping its memory.
func (e *Encoder) Reset() { e.B, e.count = e.B[:0], 0 }

// Op starts a command or a read.
//
//go:noinline
func (e *Encoder) Op(op Op) *Encoder {
	e.B = append(e.B, byte(op))
	e.count++
	return e
}

// Handle appends a handle.
func (e *Encoder) Handle(h Handle) *Encoder { return e.U32(uint32(h)) }

// U32 appends an integer.
//
//go:noinline
func (e *Encoder) U32(v uint32) *Encoder {
	e.B = append(e.B, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	return e
}

// Byte appends a byte.
//
//go:noinline
func (e *Encoder) Byte(v byte) *Encoder {
	e.B = append(e.B, v)
	return e
}

// F64 appends a float.
//
//go:noinline
func (e *Encoder) F64(v float64) *Encoder {
	b := math.Float64bits(v)
	e.U32(uint32(b))
	return e.U32(uint32(b >> 32))
}

// Str appends a string.
//
//go:noinline
func (e *Encoder) Str(s string) *Encoder {
	e.U32(uint32(len(s)))
	e.B = append(e.B, s...)
	return e
}

// Bytes appends a byte string, as Str does.
//
//go:noinline
func (e *Encoder) Bytes(s []byte) *Encoder {
	e.U32(uint32(len(s)))
	e.B = append(e.B, s...)
	return e
}

// Text writes OpText.
func (e *Encoder) Text(h Handle, text string) { e.Op(OpText).Handle(h).Str(text) }

// Attr writes OpAttr.
func (e *Encoder) Attr(h Handle, name, value string) { e.Op(OpAttr).Handle(h).Str(name).Str(value) }

// RemoveAttr writes OpRemoveAttr.
func (e *Encoder) RemoveAttr(h Handle, name string) { e.Op(OpRemoveAttr).Handle(h).Str(name) }

// PropString writes OpProp with a string.
func (e *Encoder) PropString(h Handle, name, v string) {
	e.Op(OpProp).Handle(h).Str(name).Byte(byte(PropString)).Str(v)
}

// PropBool writes OpProp with a boolean.
func (e *Encoder) PropBool(h Handle, name string, v bool) {
	b := byte(0)
	if v {
		b = 1
	}
	e.Op(OpProp).Handle(h).Str(name).Byte(byte(PropBool)).Byte(b)
}

// PropNumber writes OpProp with a number.
func (e *Encoder) PropNumber(h Handle, name string, v float64) {
	e.Op(OpProp).Handle(h).Str(name).Byte(byte(PropNumber)).F64(v)
}

// Insert writes OpInsert.
func (e *Encoder) Insert(parent, node, before Handle) {
	e.Op(OpInsert).Handle(parent).Handle(node).Handle(before)
}

// Remove writes OpRemove.
func (e *Encoder) Remove(h Handle) { e.Op(OpRemove).Handle(h) }

// Clone writes OpClone.
func (e *Encoder) Clone(dst, tpl Handle) { e.Op(OpClone).Handle(dst).Handle(tpl) }

// CloneInto writes OpCloneInto.
func (e *Encoder) CloneInto(dst, tpl Handle, selector string, found []Handle) {
	e.Op(OpCloneInto).Handle(dst).Handle(tpl).Str(selector).U32(uint32(len(found)))
	for _, h := range found {
		e.Handle(h)
	}
}

// Fire writes OpFire; detail is JSON text, or empty for no detail. A
// Shared event has no members.
func (e *Encoder) Fire(target Handle, name string, detail []byte, flags byte, members ...Member) {
	e.Op(OpFire).event(target, name, detail, flags, members)
}

// event writes the operands of OpFire and ReadDispatch.
func (e *Encoder) event(target Handle, name string, detail []byte, flags byte, members []Member) {
	e.Handle(target).Str(name).Bytes(detail).Byte(flags).U32(uint32(len(members)))
	for _, m := range members {
		e.Str(m.Name)
		if m.Nodes != nil {
			e.Byte(2).U32(uint32(len(m.Nodes)))
			for _, h := range m.Nodes {
				e.Handle(h)
			}
		} else if m.Node != 0 {
			e.Byte(0).Handle(m.Node)
		} else {
			e.Byte(1).Str(m.Error)
		}
	}
}

// Dispatch writes a ReadDispatch request.
func (e *Encoder) Dispatch(target Handle, name string, detail []byte, flags byte, members ...Member) {
	e.Op(ReadDispatch).event(target, name, detail, flags, members)
}

// Release writes OpRelease.
func (e *Encoder) Release(h Handle) { e.Op(OpRelease).Handle(h) }

// The kinds of socket OpSocketOpen opens.
const (
	KindWebSocket   byte = 0
	KindEventSource byte = 1
)

// SocketOpen writes OpSocketOpen.
func (e *Encoder) SocketOpen(id uint32, kind byte, url string, protocols []string) {
	e.Op(OpSocketOpen).U32(id).Byte(kind).Str(url).U32(uint32(len(protocols)))
	for _, p := range protocols {
		e.Str(p)
	}
}

// SocketSend writes OpSocketSend.
func (e *Encoder) SocketSend(id uint32, text string) { e.Op(OpSocketSend).U32(id).Str(text) }

// SocketClose writes OpSocketClose.
func (e *Encoder) SocketClose(id uint32, code int, reason string) {
	e.Op(OpSocketClose).U32(id).U32(uint32(code)).Str(reason)
}

// InsertFragment writes OpInsertFragment.
func (e *Encoder) InsertFragment(target, fragment Handle, how Insertion) {
	e.Op(OpInsertFragment).Handle(target).Handle(fragment).Byte(byte(how))
}

// Retain writes OpRetain.
func (e *Encoder) Retain(h Handle) { e.Op(OpRetain).Handle(h) }

// NodesAt is an array of nodes OpResult puts into member Name of element
// Index of its array.
type NodesAt struct {
	Index int
	Name  string
	Nodes []Handle
}

// Result writes OpResult.
func (e *Encoder) Result(json []byte, nodes []NodesAt) {
	e.Op(OpResult).Bytes(json).U32(uint32(len(nodes)))
	for _, n := range nodes {
		e.U32(uint32(n.Index)).Str(n.Name).U32(uint32(len(n.Nodes)))
		for _, h := range n.Nodes {
			e.Handle(h)
		}
	}
}

// Watch writes OpWatch.
func (e *Encoder) Watch(name string) { e.Op(OpWatch).Str(name) }

// Warn writes OpWarn.
func (e *Encoder) Warn(text string) { e.Op(OpWarn).Str(text) }
