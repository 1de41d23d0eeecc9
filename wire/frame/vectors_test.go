package frame_test

import (
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// The conformance vectors are package wire's testdata: one table for both
// packages and both ends of the wire.
const testdata = "../testdata"

// build makes the event for f with frame's constructors, data as JSON
// text, the way the wasm client does, stamped with f's position.
func build(f conformance.Fields) (frame.Event, bool) {
	ev, ok := construct(f)
	return f.Stamp(ev), ok
}

func construct(f conformance.Fields) (frame.Event, bool) {
	switch f.Type {
	case frame.TypePatch:
		return frame.Patch(f.Data, f.Target), true
	case frame.TypeHTML:
		return frame.HTML(f.Markup, f.Target).WithSwap(f.Swap), true
	case frame.TypeInvalidate:
		return frame.Invalidate(f.Target), true
	case frame.TypeNavigate:
		return frame.Navigate(f.Path), true
	case frame.TypeCustom:
		return frame.Custom(f.Name, f.Data), true
	}
	return frame.Event{}, false
}

func TestVectors(t *testing.T) {
	conformance.Run(t, testdata, conformance.Codec{Build: build, Encode: frame.Encode, Decode: frame.Decode})
}

// The vectors are the spec's table; make sure it keeps covering every type,
// every swap mode, the fan-out form and every kind of error.
func TestVectorsCoverTheSpec(t *testing.T) {
	conformance.CheckCoverage(t, testdata)
}
