package bridge

// SocketEvent is what happened on a socket, as silcrow_socket reports it
// with a code and a text.
type SocketEvent uint32

// The socket events.
const (
	// SocketOpened: the text is the subprotocol the server picked ("" for
	// none, and for an EventSource).
	SocketOpened SocketEvent = iota
	// SocketMessage: a text frame.
	SocketMessage
	// SocketBinary: a binary frame, whose bytes are not passed on.
	SocketBinary
	// SocketClosed: the close code and reason.
	SocketClosed
	// SocketSSE: an EventSource event, as three lines: its type
	// ("message" for an unnamed one), its lastEventId, and its data (which
	// may hold more lines).
	SocketSSE
)

// ArgKind is the type of one argument of a window.Silcrow call, as the
// loader encodes it.
type ArgKind byte

// The argument kinds. An ArgString, an ArgJSON and an ArgError carry a
// string, an ArgNode and an ArgValue a handle.
const (
	// ArgUndefined is undefined, or a missing argument.
	ArgUndefined ArgKind = iota
	// ArgString is a string.
	ArgString
	// ArgNode is an Element, transient to the call.
	ArgNode
	// ArgJSON is any other value, as JSON.stringify wrote it (null
	// included).
	ArgJSON
	// ArgOther is a value JSON.stringify cannot write (a symbol, a
	// cyclic object); the string says why.
	ArgOther
	// ArgValue is a JavaScript value the runtime reads itself, by handle
	// (NodeOf), transient to the call: a function (the handler of
	// onRoute, onError, onToast), or the options of Silcrow.go, whose
	// target and body may be an element and FormData.
	ArgValue
)

// Arg is one decoded argument of a window.Silcrow call.
type Arg struct {
	Kind ArgKind
	Str  string // the string, the JSON text, or why it has none
	Node Handle
}

// Args decodes the arguments that follow a call's method number.
func Args(d *Decoder) []Arg {
	var args []Arg
	for d.More() {
		a := Arg{Kind: ArgKind(d.Byte())}
		switch a.Kind {
		case ArgNode, ArgValue:
			a.Node = d.Handle()
		case ArgString, ArgJSON, ArgOther:
			a.Str = d.Str()
		}
		args = append(args, a)
	}
	return args
}

// Mutations is one MutationObserver batch of document.body, as the loader
// reports it: whether any node was removed, and every element with or
// without s-live that the batch concerns.
type Mutations struct {
	Removed bool
	// Live lists, in document order per record, the elements with s-live
	// in added subtrees that are in the document, and the elements whose
	// s-live attribute changed, with the attribute's value if it has one.
	Live []LiveChange
}

// LiveChange is one element of a Mutations batch; its handle is
// transient to the batch.
type LiveChange struct {
	Node Handle
	Attr string
	Has  bool
}

// DecodeMutations reads a batch: a removed byte, then per element its
// handle, a presence byte and the attribute.
func DecodeMutations(d *Decoder) Mutations {
	m := Mutations{Removed: d.Byte() != 0}
	for d.More() {
		c := LiveChange{Node: d.Handle()}
		c.Attr, c.Has = d.OptStr()
		m.Live = append(m.Live, c)
	}
	return m
}

// Scanned is one element a ReadScan found: its handle (a receipt the
// caller gives back), its tagName, and the attributes the scan named, in
// their order.
type Scanned struct {
	Node  Handle
	Tag   string
	Attrs []Attribute
}

// Attribute is the value of an attribute, and whether the element has it.
type Attribute struct {
	Value string
	Has   bool
}

// DecodeScan reads a ReadScan result for a scan of n attribute names:
// whether the scanned node itself matched, and what was found, that node
// first when it matched.
func DecodeScan(d *Decoder, n int) (top bool, found []Scanned) {
	top = d.Byte() == 1
	found = make([]Scanned, min(int(d.U32()), len(d.B)))
	for i := range found {
		s := &found[i]
		s.Node, s.Tag = d.Handle(), d.Str()
		if n > 0 {
			s.Attrs = make([]Attribute, n)
			for j := range s.Attrs {
				s.Attrs[j].Value, s.Attrs[j].Has = d.OptStr()
			}
		}
	}
	return top, found
}
