package wire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// eventFields is the "event" object of a vector: the Event's fields under
// their wire names. Absent fields are the zero value.
type eventFields struct {
	Type   wire.Type       `json:"type"`
	Target string          `json:"target"`
	Data   json.RawMessage `json:"data"`
	Markup string          `json:"markup"`
	Swap   wire.Swap       `json:"swap"`
	Path   string          `json:"path"`
	Event  string          `json:"event"`
}

// vector is a row of testdata/vectors.json: JSON is exactly what Encode
// produces for Event, and Decode(JSON) gives Event back.
type vector struct {
	Name  string      `json:"name"`
	JSON  string      `json:"json"`
	Event eventFields `json:"event"`
}

// decodeOnlyVector is a row of testdata/decode_only.json: JSON decodes to
// Event, which Encode writes as Canonical.
type decodeOnlyVector struct {
	Name      string      `json:"name"`
	JSON      string      `json:"json"`
	Canonical string      `json:"canonical"`
	Event     eventFields `json:"event"`
}

// invalidVector is a row of testdata/invalid.json: Decode(JSON) fails with
// the error named by Kind, about Field when one applies.
type invalidVector struct {
	Name  string `json:"name"`
	JSON  string `json:"json"`
	Kind  string `json:"kind"`
	Field string `json:"field"`
}

// errKinds maps the kind names used in testdata/invalid.json to the errors.
var errKinds = map[string]error{
	"ErrTooLarge":     wire.ErrTooLarge,
	"ErrSyntax":       wire.ErrSyntax,
	"ErrNotObject":    wire.ErrNotObject,
	"ErrTrailingData": wire.ErrTrailingData,
	"ErrMissingField": wire.ErrMissingField,
	"ErrWrongType":    wire.ErrWrongType,
	"ErrUnknownType":  wire.ErrUnknownType,
	"ErrBadValue":     wire.ErrBadValue,
}

// readTestdata decodes testdata/name into v, refusing unknown keys so that a
// misspelt field in a vector cannot silently become a zero value.
func readTestdata(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
}

func readVectors(t testing.TB) []vector {
	var vs []vector
	readTestdata(t, "vectors.json", &vs)
	return vs
}

func readDecodeOnly(t testing.TB) []decodeOnlyVector {
	var vs []decodeOnlyVector
	readTestdata(t, "decode_only.json", &vs)
	return vs
}

func readInvalid(t testing.TB) []invalidVector {
	var vs []invalidVector
	readTestdata(t, "invalid.json", &vs)
	return vs
}

// build makes the event with the constructor a server would call.
func (f eventFields) build(t *testing.T) wire.Event {
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
		return wire.Custom(f.Event, f.Data)
	}
	t.Fatalf("vector has unknown type %q", f.Type)
	return wire.Event{}
}

// event is the Event that Decode must return for these fields.
func (f eventFields) event() wire.Event {
	return wire.Event{
		Type:   f.Type,
		Target: f.Target,
		Data:   f.Data,
		Markup: f.Markup,
		Swap:   f.Swap,
		Path:   f.Path,
		Name:   f.Event,
	}
}

// diffEvents describes how got differs from want, or returns "". Data is
// compared after compaction because Decode keeps the sender's spacing.
func diffEvents(got, want wire.Event) string {
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
	return strings.Join(d, "; ")
}

// compact returns raw without insignificant whitespace; invalid JSON is
// returned marked so that it never equals a valid value.
func compact(raw json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return "invalid JSON: " + string(raw)
	}
	return buf.String()
}

func TestEncodeVectors(t *testing.T) {
	for _, v := range readVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			ev := v.Event.build(t)
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
			if s := ev.String(); s != v.JSON {
				t.Errorf("String = %s, want the wire JSON", s)
			}
		})
	}
}

func TestDecodeVectors(t *testing.T) {
	for _, v := range readVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			got, err := wire.Decode([]byte(v.JSON))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if d := diffEvents(got, v.Event.event()); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestDecodeOnlyVectors(t *testing.T) {
	for _, v := range readDecodeOnly(t) {
		t.Run(v.Name, func(t *testing.T) {
			if v.JSON == v.Canonical {
				t.Fatal("input is canonical; it belongs in vectors.json")
			}
			got, err := wire.Decode([]byte(v.JSON))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if d := diffEvents(got, v.Event.event()); d != "" {
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
	for _, v := range readInvalid(t) {
		t.Run(v.Name, func(t *testing.T) {
			kind, ok := errKinds[v.Kind]
			if !ok {
				t.Fatalf("vector names unknown kind %q", v.Kind)
			}
			_, err := wire.Decode([]byte(v.JSON))
			checkDecodeError(t, err, kind, v.Field)
		})
	}
}

// checkDecodeError requires err to be a *wire.DecodeError of exactly kind,
// about field, whose message names both.
func checkDecodeError(t *testing.T, err, kind error, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", kind)
	}
	var de *wire.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %T %q is not a *wire.DecodeError", err, err)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %q is not %v", err, kind)
	}
	for name, other := range errKinds {
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

// The vectors are the spec's table; make sure it keeps covering every type,
// every swap mode and the fan-out form.
func TestVectorsCoverTheSpec(t *testing.T) {
	types := map[wire.Type]bool{}
	swaps := map[wire.Swap]bool{}
	fanOut := map[wire.Type]bool{}
	for _, v := range readVectors(t) {
		types[v.Event.Type] = true
		if v.Event.Type == wire.TypeHTML {
			swaps[v.Event.Swap] = true
		}
		if v.Event.Target == "" {
			fanOut[v.Event.Type] = true
		}
	}
	for _, typ := range []wire.Type{wire.TypePatch, wire.TypeHTML, wire.TypeInvalidate, wire.TypeNavigate, wire.TypeCustom} {
		if !types[typ] {
			t.Errorf("no vector of type %q", typ)
		}
	}
	for _, s := range []wire.Swap{"", wire.Inner, wire.Outer, wire.Append, wire.Prepend, wire.Before, wire.After, wire.Remove, wire.Morph} {
		if !swaps[s] {
			t.Errorf("no html vector with swap %q", s)
		}
	}
	for _, typ := range []wire.Type{wire.TypePatch, wire.TypeHTML, wire.TypeInvalidate} {
		if !fanOut[typ] {
			t.Errorf("no fan-out vector of type %q", typ)
		}
	}
	kinds := map[string]bool{}
	for _, v := range readInvalid(t) {
		kinds[v.Kind] = true
	}
	for name := range errKinds {
		if name != "ErrTooLarge" && !kinds[name] {
			t.Errorf("no invalid vector of kind %s", name)
		}
	}
}
