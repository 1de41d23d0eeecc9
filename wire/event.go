package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
)

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
// Build events with the constructors; they record an encoding failure of
// their data, which [Encode] then reports.
type Event struct {
	Type   Type
	Target string
	// Data is the JSON of a patch or custom event. Nil encodes as null.
	Data   json.RawMessage
	Markup string
	Swap   Swap
	Path   string
	// Name is a custom event's name, the "event" field on the wire.
	Name string

	err error
}

// Patch returns a patch event that asks the client to bind data into the
// element matching target (every subscriber when target is empty).
func Patch(data any, target string) Event {
	raw, err := marshalData(data)
	return Event{Type: TypePatch, Target: target, Data: raw, err: err}
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

// Custom returns an application-defined event; the client fires it on
// document as "silcrow:ws:"+name with detail {url, data}.
func Custom(name string, data any) Event {
	raw, err := marshalData(data)
	return Event{Type: TypeCustom, Name: name, Data: raw, err: err}
}

// WithSwap returns a copy of an html event with its swap mode set:
//
//	wire.HTML("<li>hi</li>", "#messages").WithSwap(wire.Append)
func (e Event) WithSwap(s Swap) Event {
	e.Swap = s
	return e
}

// Err returns the error a constructor met while encoding the event's data.
func (e Event) Err() error { return e.err }

// DecodeData unmarshals the event's Data into v.
func (e Event) DecodeData(v any) error {
	if len(e.Data) == 0 {
		return json.Unmarshal([]byte("null"), v)
	}
	return json.Unmarshal(e.Data, v)
}

// String returns the event's wire JSON, or a description of why it has none.
func (e Event) String() string {
	b, err := Encode(e)
	if err != nil {
		return fmt.Sprintf("wire.Event(%s: %v)", e.Type, err)
	}
	return string(b)
}

func marshalData(data any) (json.RawMessage, error) {
	if raw, ok := data.(json.RawMessage); ok {
		if raw == nil {
			return nil, nil
		}
		if !json.Valid(raw) {
			return nil, fmt.Errorf("wire: data is not valid JSON")
		}
		return raw, nil
	}
	// Like Markup, data goes out as written: "<b>" rather than "\u003cb\u003e",
	// which is also what a Silcrow.js server sends.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(data); err != nil {
		return nil, fmt.Errorf("wire: encoding data: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
