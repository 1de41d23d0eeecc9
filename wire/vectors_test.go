package wire_test

import (
	"testing"

	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// The vectors are read here as well as by package frame's tests, through
// wire's constructors and forwarding functions, as server code calls them.
const testdata = "testdata"

// build makes the event with the constructor a server would call, data
// given as a json.RawMessage.
func build(t *testing.T, f conformance.Fields) wire.Event {
	t.Helper()
	switch f.Type {
	case wire.TypePatch:
		return wire.Patch(f.Data, f.Target)
	case wire.TypeHTML:
		return wire.HTML(f.Markup, f.Target).WithSwap(f.Swap)
	case wire.TypeInvalidate:
		return wire.Invalidate(f.Target)
	case wire.TypeNavigate:
		return wire.Navigate(f.Path)
	case wire.TypeCustom:
		return wire.Custom(f.Name, f.Data)
	}
	t.Fatalf("vector has unknown type %q", f.Type)
	return wire.Event{}
}

func TestEncodeVectors(t *testing.T) {
	for _, v := range conformance.Vectors(t, testdata) {
		t.Run(v.Name, func(t *testing.T) {
			ev := build(t, v.Event)
			if err := ev.Err(); err != nil {
				t.Fatalf("constructor: %v", err)
			}
			got, err := wire.Encode(ev)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if string(got) != v.JSON {
				t.Errorf("Encode =\n%s\nwant\n%s", got, v.JSON)
			}
		})
	}
}

func TestDecodeVectors(t *testing.T) {
	for _, v := range conformance.Vectors(t, testdata) {
		t.Run(v.Name, func(t *testing.T) {
			got, err := wire.Decode([]byte(v.JSON))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if d := conformance.Diff(got, v.Event.Event()); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestDecodeOnlyVectors(t *testing.T) {
	for _, v := range conformance.DecodeOnlyVectors(t, testdata) {
		t.Run(v.Name, func(t *testing.T) {
			got, err := wire.Decode([]byte(v.JSON))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if d := conformance.Diff(got, v.Event.Event()); d != "" {
				t.Error(d)
			}
			out, err := wire.Encode(got)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if string(out) != v.Canonical {
				t.Errorf("Encode =\n%s\nwant\n%s", out, v.Canonical)
			}
		})
	}
}

func TestDecodeInvalidVectors(t *testing.T) {
	for _, v := range conformance.InvalidVectors(t, testdata) {
		t.Run(v.Name, func(t *testing.T) {
			kind, ok := conformance.Kinds[v.Kind]
			if !ok {
				t.Fatalf("vector names unknown kind %q", v.Kind)
			}
			_, err := wire.Decode([]byte(v.JSON))
			conformance.CheckDecodeError(t, err, kind, v.Field)
		})
	}
}
