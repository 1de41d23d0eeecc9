//go:build !(js && wasm)

package frame

// Event.String is left out of silcrow.wasm, which never prints an event:
// an Event reaches an interface there (through client/live's Page), and a
// type in an interface keeps every method an interface call could reach,
// here the whole event encoder, 5 KB of gzipped wasm.

// String returns the event's wire JSON, or a description of why it has none.
func (e Event) String() string {
	b, err := Encode(e)
	if err != nil {
		return "wire.Event(" + string(e.Type) + ": " + err.Error() + ")"
	}
	return string(b)
}
