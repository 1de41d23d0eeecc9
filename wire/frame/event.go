package frame

// Type is the "type" tag of an event.
type Type string

// The five event types.
const (
	TypePatch      Type = "patch"
	TypeHTML       Type = "html"
	TypeInvalidate Type = "invalidate"
	TypeNavigate   Type = "navigate"
	TypeCustom     Type = "custom"
)

// Swap says how an html event's markup replaces or joins its target.
type Swap string

// The swap modes of an html event. The empty Swap means Inner.
const (
	Inner   Swap = "inner"   // replace the target's children (the default)
	Outer   Swap = "outer"   // replace the target itself
	Append  Swap = "append"  // add after the target's last child
	Prepend Swap = "prepend" // add before the target's first child
	Before  Swap = "before"  // add before the target, as siblings
	After   Swap = "after"   // add after the target, as siblings
	Remove  Swap = "remove"  // remove the target; markup is ignored
	Morph   Swap = "morph"   // update the target in place, keeping identity
)

// Valid reports whether s is one of the swap modes, or empty.
func (s Swap) Valid() bool {
	switch s {
	case "", Inner, Outer, Append, Prepend, Before, After, Remove, Morph:
		return true
	}
	return false
}

// Event is one wire message. Which fields mean something depends on Type:
//
//	patch:      Target, Data
//	html:       Target, Markup, Swap
//	invalidate: Target
//	navigate:   Path
//	custom:     Name, Data
//
// Build events with the constructors; they record a fault in their data,
// which [Encode] then reports.
//
// Room and Pos say where a broadcast event stands in its room's history
// (see [Event.WithPosition]); they are not the event's own members but are
// carried beside them, so that a client that reconnects can tell the
// server the last event it saw.
type Event struct {
	Type   Type
	Target string
	// Data is the JSON text of a patch or custom event's data; empty
	// encodes as null. It is a plain []byte so that a json.RawMessage
	// assigns to it, and it to one, without a conversion.
	Data   []byte
	Markup string
	Swap   Swap
	Path   string
	// Name is a custom event's name, the "event" field on the wire.
	Name string
	// Room is the room the event was broadcast to, and Pos its position
	// in that room's history. They go on the wire, as "room", "epoch" and
	// "offset" after the event's own members, only when Pos is not zero.
	Room string
	Pos  Position

	err error
}

// Patch returns a patch event that asks the client to bind data, JSON text,
// into the element matching target (every subscriber when target is empty).
// Nil data is null; data that is not one JSON value is the event's error.
func Patch(data []byte, target string) Event {
	return Event{Type: TypePatch, Target: target, Data: data, err: checkRawData(TypePatch, data)}
}

// HTML returns an html event that swaps markup into the element matching
// target; the client sanitizes it first.
func HTML(markup, target string) Event {
	return Event{Type: TypeHTML, Target: target, Markup: markup}
}

// Invalidate returns an event that drops the client's cached binding map of
// target, so that the next patch rescans it.
func Invalidate(target string) Event {
	return Event{Type: TypeInvalidate, Target: target}
}

// Navigate returns an event that makes the client navigate to path.
func Navigate(path string) Event {
	return Event{Type: TypeNavigate, Path: path}
}

// Custom returns an application-defined event with data as JSON text; the
// client fires it on document as "silcrow:ws:"+name with detail {url, data}.
// Nil data is null; data that is not one JSON value is the event's error.
func Custom(name string, data []byte) Event {
	return Event{Type: TypeCustom, Name: name, Data: data, err: checkRawData(TypeCustom, data)}
}

// WithSwap returns a copy of an html event with its swap mode set:
//
//	frame.HTML("<li>hi</li>", "#messages").WithSwap(frame.Append)
func (e Event) WithSwap(s Swap) Event {
	e.Swap = s
	return e
}

// WithPosition returns a copy of e stamped with its room and its position
// in that room's history:
//
//	{"type":"invalidate","target":"#a","room":"chat","epoch":"k3","offset":7}
//
// Clients that do not know the members ignore them, as they ignore every
// unknown member.
func (e Event) WithPosition(room string, p Position) Event {
	e.Room, e.Pos = room, p
	return e
}

// Err returns the error a constructor met in the event's data.
func (e Event) Err() error { return e.err }

// WithErr returns a copy of e that carries err, which [Event.Err] returns
// and [Encode] reports instead of encoding e. It is how package wire's
// constructors record that encoding/json could not encode their data, so
// that the event never goes out with null in its place.
func (e Event) WithErr(err error) Event {
	e.err = err
	return e
}

// checkRawData reports what is wrong with data given to a constructor as
// JSON text; nil is null and fine.
func checkRawData(t Type, data []byte) error {
	if data == nil {
		return nil
	}
	return checkData(t, data)
}
