package frame_test

import (
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// The conformance vectors are package wire's testdata: one table for both
// packages and both ends of the wire.
const testdata = "../testdata"

// build makes the event with frame's constructors, data as JSON text, the
// way the wasm client does.
func build(t *testing.T, f conformance.Fields) frame.Event {
	t.Helper()
	switch f.Type {
	case frame.TypePatch:
		return frame.Patch(f.Data, f.Target)
	case frame.TypeHTML:
		return frame.HTML(f.Markup, f.Target).WithSwap(f.Swap)
	case frame.TypeInvalidate:
		return frame.Invalidate(f.Target)
	case frame.TypeNavigate:
		return frame.Navigate(f.Path)
	case frame.TypeCustom:
		return frame.Custom(f.Name, f.Data)
	}
	t.Fatalf("vector has unknown type %q", f.Type)
	return frame.Event{}
}

func TestEncodeVectors(t *testing.T) {
	for _, v := range conformance.Vectors(t, testdata) {
		t.Run(v.Name, func(t *testing.T) {
			ev := build(t, v.Event)
			if err := ev.Err(); err != nil {
				t.Fatalf("constructor: %v", err)
			}
			got, err := frame.Encode(ev)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if string(got) != v.JSON {
				t.Errorf("Encode =\n%s\nwant\n%s", got, v.JSON)
			}
			if s := ev.String(); s != v.JSON {
				t.Errorf("String = %s, want the wire JSON", s)
			}
		})
	}
}

func TestDecodeVectors(t *testing.T) {
	for _, v := range conformance.Vectors(t, testdata) {
		t.Run(v.Name, func(t *testing.T) {
			got, err := frame.Decode([]byte(v.JSON))
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
			if v.JSON == v.Canonical {
				t.Fatal("input is canonical; it belongs in vectors.json")
			}
			got, err := frame.Decode([]byte(v.JSON))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if d := conformance.Diff(got, v.Event.Event()); d != "" {
				t.Error(d)
			}
			out, err := frame.Encode(got)
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
			_, err := frame.Decode([]byte(v.JSON))
			conformance.CheckDecodeError(t, err, kind, v.Field)
		})
	}
}

// The vectors are the spec's table; make sure it keeps covering every type,
// every swap mode, the fan-out form and every kind of error.
func TestVectorsCoverTheSpec(t *testing.T) {
	conformance.CheckCoverage(t, testdata)
}
