// Package conformance reads the wire conformance vectors in wire/testdata
// (see its README) for the tests of package wire and package frame, and
// holds the checks both run on them, so that the two ends of the wire are
// held to one table.
//
// It imports encoding/json and testing, and only tests import it.
package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

// Fields is the "event" object of a vector: the Event's fields under their
// wire names ("event" for Name, "epoch" and "offset" for Pos). Absent
// fields are the zero value.
type Fields struct {
	Type   frame.Type      `json:"type"`
	Target string          `json:"target"`
	Data   json.RawMessage `json:"data"`
	Markup string          `json:"markup"`
	Swap   frame.Swap      `json:"swap"`
	Path   string          `json:"path"`
	Name   string          `json:"event"`
	Room   string          `json:"room"`
	Epoch  string          `json:"epoch"`
	Offset uint64          `json:"offset"`
}

// Pos is the position the fields describe.
func (f Fields) Pos() frame.Position { return frame.Position{Epoch: f.Epoch, Offset: f.Offset} }

// Stamp gives ev the room and position of f, when f has a position.
func (f Fields) Stamp(ev frame.Event) frame.Event {
	if f.Pos().IsZero() {
		return ev
	}
	return ev.WithPosition(f.Room, f.Pos())
}

// Event is the Event that Decode must return for these fields.
func (f Fields) Event() frame.Event {
	return frame.Event{
		Type:   f.Type,
		Target: f.Target,
		Data:   f.Data,
		Markup: f.Markup,
		Swap:   f.Swap,
		Path:   f.Path,
		Name:   f.Name,
		Room:   f.Room,
		Pos:    f.Pos(),
	}
}

// Vector is a row of vectors.json: JSON is exactly what Encode produces for
// Event, and Decode(JSON) gives Event back.
type Vector struct {
	Name  string `json:"name"`
	JSON  string `json:"json"`
	Event Fields `json:"event"`
}

// DecodeOnly is a row of decode_only.json: JSON decodes to Event, which
// Encode writes as Canonical.
type DecodeOnly struct {
	Name      string `json:"name"`
	JSON      string `json:"json"`
	Canonical string `json:"canonical"`
	Event     Fields `json:"event"`
}

// Invalid is a row of invalid.json: Decode(JSON) fails with the error named
// by Kind, about Field when one applies.
type Invalid struct {
	Name  string `json:"name"`
	JSON  string `json:"json"`
	Kind  string `json:"kind"`
	Field string `json:"field"`
}

// Kinds maps the kind names used in invalid.json to the errors.
var Kinds = map[string]error{
	"ErrTooLarge":     frame.ErrTooLarge,
	"ErrSyntax":       frame.ErrSyntax,
	"ErrNotObject":    frame.ErrNotObject,
	"ErrTrailingData": frame.ErrTrailingData,
	"ErrMissingField": frame.ErrMissingField,
	"ErrWrongType":    frame.ErrWrongType,
	"ErrUnknownType":  frame.ErrUnknownType,
	"ErrBadValue":     frame.ErrBadValue,
}

// read decodes dir/name into v, refusing unknown keys so that a misspelt
// field in a vector cannot silently become a zero value.
func read(t testing.TB, dir, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// Vectors reads dir/vectors.json.
func Vectors(t testing.TB, dir string) []Vector {
	var vs []Vector
	read(t, dir, "vectors.json", &vs)
	return vs
}

// DecodeOnlyVectors reads dir/decode_only.json.
func DecodeOnlyVectors(t testing.TB, dir string) []DecodeOnly {
	var vs []DecodeOnly
	read(t, dir, "decode_only.json", &vs)
	return vs
}

// InvalidVectors reads dir/invalid.json.
func InvalidVectors(t testing.TB, dir string) []Invalid {
	var vs []Invalid
	read(t, dir, "invalid.json", &vs)
	return vs
}

// Diff describes how got differs from want, or returns "". Data is
// compared after compaction because Decode keeps the sender's spacing.
func Diff(got, want frame.Event) string {
	var d []string
	field := func(name, g, w string) {
		if g != w {
			d = append(d, fmt.Sprintf("%s = %q, want %q", name, g, w))
		}
	}
	field("Type", string(got.Type), string(want.Type))
	field("Target", got.Target, want.Target)
	field("Data", compact(got.Data), compact(want.Data))
	field("Markup", got.Markup, want.Markup)
	field("Swap", string(got.Swap), string(want.Swap))
	field("Path", got.Path, want.Path)
	field("Name", got.Name, want.Name)
	field("Room", got.Room, want.Room)
	field("Pos.Epoch", got.Pos.Epoch, want.Pos.Epoch)
	if got.Pos.Offset != want.Pos.Offset {
		d = append(d, fmt.Sprintf("Pos.Offset = %d, want %d", got.Pos.Offset, want.Pos.Offset))
	}
	return strings.Join(d, "; ")
}

// compact returns raw without insignificant whitespace; invalid JSON is
// returned marked so that it never equals a valid value.
func compact(raw []byte) string {
	if raw == nil {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return "invalid JSON: " + string(raw)
	}
	return buf.String()
}

// CheckDecodeError requires err to be a *frame.DecodeError of exactly
// kind, about field, whose message names both.
func CheckDecodeError(t testing.TB, err, kind error, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", kind)
	}
	var de *frame.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %T %q is not a *DecodeError", err, err)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %q is not %v", err, kind)
	}
	for name, other := range Kinds {
		if other != kind && errors.Is(err, other) {
			t.Errorf("error %q also matches %s", err, name)
		}
	}
	if de.Field != field {
		t.Errorf("Field = %q, want %q", de.Field, field)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "wire: "+kind.Error()) {
		t.Errorf("message %q does not start with the kind", msg)
	}
	if field != "" && !strings.Contains(msg, fmt.Sprintf("%q", field)) {
		t.Errorf("message %q does not name field %q", msg, field)
	}
}

// CheckCoverage requires the vectors in dir to cover every type, every
// swap mode, the fan-out form of each type that has a target, a position
// on each type, every kind of decode error that does not depend on a size
// limit, and a wrong value of each position member.
func CheckCoverage(t *testing.T, dir string) {
	t.Helper()
	types := map[frame.Type]bool{}
	swaps := map[frame.Swap]bool{}
	fanOut := map[frame.Type]bool{}
	positioned := map[frame.Type]bool{}
	for _, v := range Vectors(t, dir) {
		types[v.Event.Type] = true
		if !v.Event.Pos().IsZero() {
			positioned[v.Event.Type] = true
		}
		if v.Event.Type == frame.TypeHTML {
			swaps[v.Event.Swap] = true
		}
		if v.Event.Target == "" {
			fanOut[v.Event.Type] = true
		}
	}
	for _, typ := range []frame.Type{frame.TypePatch, frame.TypeHTML, frame.TypeInvalidate, frame.TypeNavigate, frame.TypeCustom} {
		if !types[typ] {
			t.Errorf("no vector of type %q", typ)
		}
		if !positioned[typ] {
			t.Errorf("no vector of type %q with a position", typ)
		}
	}
	for _, s := range []frame.Swap{"", frame.Inner, frame.Outer, frame.Append, frame.Prepend, frame.Before, frame.After, frame.Remove, frame.Morph} {
		if !swaps[s] {
			t.Errorf("no html vector with swap %q", s)
		}
	}
	for _, typ := range []frame.Type{frame.TypePatch, frame.TypeHTML, frame.TypeInvalidate} {
		if !fanOut[typ] {
			t.Errorf("no fan-out vector of type %q", typ)
		}
	}
	kinds := map[string]bool{}
	fields := map[string]bool{}
	for _, v := range InvalidVectors(t, dir) {
		kinds[v.Kind] = true
		fields[v.Field] = true
	}
	for _, name := range []string{"room", "epoch", "offset"} {
		if !fields[name] {
			t.Errorf("no invalid vector about %q", name)
		}
	}
	for name := range Kinds {
		if name != "ErrTooLarge" && !kinds[name] {
			t.Errorf("no invalid vector of kind %s", name)
		}
	}
}

// Codec is one package's way of building, encoding and decoding events:
// package wire's (constructors for Go values, as a server calls them) or
// package frame's (raw JSON, as the wasm client does).
type Codec struct {
	// Build makes the event for f with the package's constructors; ok is
	// false for a type it has no constructor for.
	Build  func(f Fields) (ev frame.Event, ok bool)
	Encode func(frame.Event) ([]byte, error)
	Decode func([]byte) (frame.Event, error)
}

// Run holds c to every table in dir: each vector encodes byte for byte and
// decodes field for field, each decode-only frame decodes and re-encodes to
// its canonical form, and each invalid frame fails with its kind and field.
func Run(t *testing.T, dir string, c Codec) {
	t.Run("encode", func(t *testing.T) {
		for _, v := range Vectors(t, dir) {
			t.Run(v.Name, func(t *testing.T) {
				ev, ok := c.Build(v.Event)
				if !ok {
					t.Fatalf("vector has unknown type %q", v.Event.Type)
				}
				ev = v.Event.Stamp(ev)
				if err := ev.Err(); err != nil {
					t.Fatalf("constructor: %v", err)
				}
				got, err := c.Encode(ev)
				if err != nil {
					t.Fatalf("Encode: %v", err)
				}
				if string(got) != v.JSON {
					t.Errorf("Encode =\n%s\nwant\n%s", got, v.JSON)
				}
				// String exists where events are printed, everywhere but
				// in silcrow.wasm.
				if st, ok := any(ev).(interface{ String() string }); ok && st.String() != v.JSON {
					t.Errorf("String = %s, want the wire JSON", st.String())
				}
			})
		}
	})
	t.Run("decode", func(t *testing.T) {
		for _, v := range Vectors(t, dir) {
			t.Run(v.Name, func(t *testing.T) {
				got, err := c.Decode([]byte(v.JSON))
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if d := Diff(got, v.Event.Event()); d != "" {
					t.Error(d)
				}
			})
		}
	})
	t.Run("decode-only", func(t *testing.T) {
		for _, v := range DecodeOnlyVectors(t, dir) {
			t.Run(v.Name, func(t *testing.T) {
				got, err := c.Decode([]byte(v.JSON))
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if d := Diff(got, v.Event.Event()); d != "" {
					t.Error(d)
				}
				out, err := c.Encode(got)
				if err != nil {
					t.Fatalf("Encode: %v", err)
				}
				if string(out) != v.Canonical {
					t.Errorf("Encode =\n%s\nwant\n%s", out, v.Canonical)
				}
			})
		}
	})
	t.Run("invalid", func(t *testing.T) {
		for _, v := range InvalidVectors(t, dir) {
			t.Run(v.Name, func(t *testing.T) {
				kind, ok := Kinds[v.Kind]
				if !ok {
					t.Fatalf("vector names unknown kind %q", v.Kind)
				}
				_, err := c.Decode([]byte(v.JSON))
				CheckDecodeError(t, err, kind, v.Field)
			})
		}
	})
}

// FrameOfSize returns a valid custom frame exactly n bytes long, for the
// size-limit tests of both packages.
func FrameOfSize(t testing.TB, n int) []byte {
	t.Helper()
	const prefix, suffix = `{"type":"custom","event":"pad","data":"`, `"}`
	pad := n - len(prefix) - len(suffix)
	if pad < 0 {
		t.Fatalf("no frame of %d bytes", n)
	}
	return []byte(prefix + strings.Repeat("x", pad) + suffix)
}
