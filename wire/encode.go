package wire

import "github.com/silcrow/silcrow/wire/frame"

// Encode returns the wire JSON of e, fields in the order of the spec. It
// fails when a constructor could not encode the event's data, when the data
// is not valid JSON or not UTF-8, when the type is unknown, or when a field
// the type needs is missing. See [frame.Encode].
func Encode(e Event) ([]byte, error) { return frame.Encode(e) }
