package wire_test

import (
	"testing"

	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// The vectors are read here as well as by package frame's tests, through
// wire's constructors and forwarding functions, as server code calls them:
// data given as a json.RawMessage to the constructors for Go values.
func TestVectors(t *testing.T) {
	conformance.Run(t, "testdata", conformance.Codec{
		Build: func(f conformance.Fields) (wire.Event, bool) {
			switch f.Type {
			case wire.TypePatch:
				return wire.Patch(f.Data, f.Target), true
			case wire.TypeHTML:
				return wire.HTML(f.Markup, f.Target).WithSwap(f.Swap), true
			case wire.TypeInvalidate:
				return wire.Invalidate(f.Target), true
			case wire.TypeNavigate:
				return wire.Navigate(f.Path), true
			case wire.TypeCustom:
				return wire.Custom(f.Name, f.Data), true
			}
			return wire.Event{}, false
		},
		Encode: wire.Encode,
		Decode: wire.Decode,
	})
}
