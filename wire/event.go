package wire

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/silcrow/silcrow/wire/frame"
)

// Type is the "type" tag of an event.
type Type = frame.Type

// The five event types.
const (
	TypePatch      = frame.TypePatch
	TypeHTML       = frame.TypeHTML
	TypeInvalidate = frame.TypeInvalidate
	TypeNavigate   = frame.TypeNavigate
	TypeCustom     = frame.TypeCustom
)

// Swap says how an html event's markup replaces or joins its target.
type Swap = frame.Swap

// The swap modes of an html event. The empty Swap means Inner.
const (
	Inner   = frame.Inner   // replace the target's children (the default)
	Outer   = frame.Outer   // replace the target itself
	Append  = frame.Append  // add after the target's last child
	Prepend = frame.Prepend // add before the target's first child
	Before  = frame.Before  // add before the target, as siblings
	After   = frame.After   // add after the target, as siblings
	Remove  = frame.Remove  // remove the target; markup is ignored
	Morph   = frame.Morph   // update the target in place, keeping identity
)

// Event is one wire message; see [frame.Event]. Its Data is JSON text: a
// json.RawMessage, read with json.Unmarshal(ev.Data, &v). An event a
// server's Hub broadcast to a room carries its Room and its Pos in that
// room's history (see [frame.Event.WithPosition]), which a client offers
// back in its hello when it reconnects.
type Event = frame.Event

// Patch returns a patch event that asks the client to bind data, any
// JSON-encodable Go value, into the element matching target (every
// subscriber when target is empty). A json.RawMessage goes out as written
// but for whitespace; data encoding/json cannot encode, or a RawMessage
// that is not JSON, is the event's error.
func Patch(data any, target string) Event {
	raw, err := marshalData(data)
	if err != nil {
		return frame.Patch(nil, target).WithErr(err)
	}
	return frame.Patch(raw, target)
}

// HTML returns an html event that swaps markup into the element matching
// target; the client sanitizes it first.
func HTML(markup, target string) Event { return frame.HTML(markup, target) }

// Invalidate returns an event that drops the client's cached binding map of
// target, so that the next patch rescans it.
func Invalidate(target string) Event { return frame.Invalidate(target) }

// Navigate returns an event that makes the client navigate to path.
func Navigate(path string) Event { return frame.Navigate(path) }

// Custom returns an application-defined event carrying data, any
// JSON-encodable Go value, treated as [Patch] treats it; the client fires
// it on document as "silcrow:ws:"+name with detail {url, data}.
func Custom(name string, data any) Event {
	raw, err := marshalData(data)
	if err != nil {
		return frame.Custom(name, nil).WithErr(err)
	}
	return frame.Custom(name, raw)
}

// marshalData returns the JSON of data; a json.RawMessage is its own JSON,
// which the frame constructors check.
func marshalData(data any) ([]byte, error) {
	if raw, ok := data.(json.RawMessage); ok {
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
