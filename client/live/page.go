package live

import "github.com/silcrow/silcrow/wire/frame"

// Root is one element as the page adapter sees it. The adapter must hand out
// the same comparable value (a pointer) for the same element every time, so
// that the Hub can key subscriptions by it.
type Root interface {
	// IsConnected reports whether the element is in the document, as
	// Node.isConnected does.
	IsConnected() bool
}

// Page is what the Hub needs from the document. The Hub never calls it
// while holding its lock, so Page methods may call back into the Hub (a
// listener of silcrow:ws:* that calls Silcrow.send, say).
type Page interface {
	// Query returns the element document.querySelector(selector) returns,
	// nil when none matches, and an error when selector is not valid CSS.
	Query(selector string) (Root, error)
	// Apply applies a patch, html or invalidate event to one element.
	Apply(el Root, ev frame.Event)
	// Navigate performs a client-side navigation to path.
	Navigate(path string)
	// Dispatch fires a CustomEvent named name on document. Values of type
	// JSON in detail are to be parsed into JS values.
	Dispatch(name string, detail map[string]any)
	// Warn reports a debug warning; the adapter prints it under s-debug.
	Warn(msg string)
	// State shows the state of the subscribers' connection (StateConnecting,
	// StateOpen or StateClosed) on each of them, as the s-live-state
	// attribute, for style sheets.
	State(roots []Root, state string)
}

// Elements is an event detail member holding elements, such as the
// subscribers of a socket; the page adapter hands it to the page as an
// array of those elements.
type Elements []Root

// JSON is raw JSON text in an event detail; the page adapter turns it into
// a JS value with JSON.parse.
type JSON []byte

// RawJSON returns j itself (null when empty), so that a detail map
// encodes to the JSON the page sees (see bridge.AppendDetail).
func (j JSON) RawJSON() []byte {
	if len(j) == 0 {
		return []byte("null")
	}
	return j
}
