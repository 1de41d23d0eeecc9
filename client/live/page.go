package live

import "github.com/silcrow/silcrow/wire"

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
	Apply(el Root, ev wire.Event)
	// Navigate performs a client-side navigation to path.
	Navigate(path string)
	// Dispatch fires a CustomEvent named name on document. Values of type
	// json.RawMessage in detail are JSON to be parsed into JS values.
	Dispatch(name string, detail map[string]any)
	// Warn reports a debug warning; the adapter prints it under s-debug.
	Warn(msg string)
}
