package frame_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/silcrow/silcrow/wire/frame"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// addFrameSeeds adds every frame in the conformance vectors, and a few
// more, to a fuzz corpus, so that plain `go test` runs them all.
func addFrameSeeds(f *testing.F) {
	for _, v := range conformance.Vectors(f, testdata) {
		f.Add([]byte(v.JSON))
	}
	for _, v := range conformance.DecodeOnlyVectors(f, testdata) {
		f.Add([]byte(v.JSON))
	}
	for _, v := range conformance.InvalidVectors(f, testdata) {
		f.Add([]byte(v.JSON))
	}
	f.Add([]byte("{\"type\":\"html\",\"target\":\"#a\",\"markup\":\"\xff\"}"))
	f.Add([]byte(`{"type":"patch","target":"#a","data":[[[[[[[[[[]]]]]]]]]]}`))
	f.Add([]byte(`{"type":"custom","event":"\ud800\udc00\udc00","data":{"\u0000":-0.0e-0}}`))
}

// FuzzDecode holds Decode to the decoder it replaced, which was built on
// encoding/json (referenceDecode): for any input, the same verdict, the
// same kind of error about the same field, and the same event. It also
// checks that Decode does not panic, that its errors are one kind each, and
// that what it accepts survives Encode and a second Decode unchanged.
func FuzzDecode(f *testing.F) {
	addFrameSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := frame.Decode(b)
		want, wantKind, wantField := referenceDecode(t, b)
		if err != nil {
			checkOneKind(t, err)
			var de *frame.DecodeError
			errors.As(err, &de)
			if wantKind == nil {
				t.Fatalf("Decode(%q): %v; encoding/json reads %v", b, err, want)
			}
			if de.Kind != wantKind || de.Field != wantField {
				t.Fatalf("Decode(%q): %v; want %v about %q", b, err, wantKind, wantField)
			}
			return
		}
		if wantKind != nil {
			t.Fatalf("Decode(%q) = %v; want %v about %q", b, ev, wantKind, wantField)
		}
		if d := conformance.Diff(ev, want); d != "" {
			t.Fatalf("Decode(%q): %s", b, d)
		}
		out, err := frame.Encode(ev)
		if err != nil {
			t.Fatalf("Decode(%q) = %+v, which Encode rejects: %v", b, ev, err)
		}
		again, err := frame.Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(ev)) of %q: %v", out, err)
		}
		if d := conformance.Diff(again, ev); d != "" {
			t.Fatalf("round trip of %q through %q: %s", b, out, d)
		}
		// Encoding is canonical: a decoded canonical frame encodes to itself.
		if out2, err := frame.Encode(again); err != nil || !bytes.Equal(out2, out) {
			t.Fatalf("Encode is not stable: %q then %q (%v)", out, out2, err)
		}
	})
}

// checkOneKind requires err to be a *frame.DecodeError matching exactly
// one kind.
func checkOneKind(t *testing.T, err error) {
	t.Helper()
	var de *frame.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %T %q is not a *frame.DecodeError", err, err)
	}
	matches := 0
	for _, kind := range conformance.Kinds {
		if errors.Is(err, kind) {
			matches++
		}
	}
	if matches != 1 {
		t.Fatalf("error %q matches %d kinds, want 1", err, matches)
	}
}

// referenceDecode decodes b the way wire.Decode did before package frame
// had a JSON reader of its own: with encoding/json, rejecting invalid
// UTF-8 and repeated names first. It returns the event, or the kind and
// field of the error.
func referenceDecode(t *testing.T, b []byte) (frame.Event, error, string) {
	if len(b) > frame.DefaultMaxSize {
		return frame.Event{}, frame.ErrTooLarge, ""
	}
	if !utf8.Valid(b) {
		return frame.Event{}, frame.ErrSyntax, ""
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var first json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return frame.Event{}, frame.ErrSyntax, ""
	}
	if rest := bytes.TrimLeft(b[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return frame.Event{}, frame.ErrTrailingData, ""
	}
	if first[0] != '{' {
		return frame.Event{}, frame.ErrNotObject, ""
	}
	if name, ok := firstRepeatedName(t, b); ok {
		return frame.Event{}, frame.ErrSyntax, name
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("encoding/json reads %q once but not twice: %v", b, err)
	}
	// str reads an optional string member: its value, whether it is there,
	// and the error kind when it is not a string.
	str := func(name string) (string, bool, error) {
		raw, ok := m[name]
		if !ok {
			return "", false, nil
		}
		var s string
		if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return "", true, frame.ErrWrongType
		}
		return s, true, nil
	}
	required := func(name string) (string, error) {
		s, ok, err := str(name)
		if err == nil && !ok {
			err = frame.ErrMissingField
		}
		return s, err
	}
	_, hasEvent := m["event"]
	typ, ok, err := str("type")
	switch {
	case err != nil:
		return frame.Event{}, err, "type"
	case !ok && !hasEvent:
		return frame.Event{}, frame.ErrMissingField, "type"
	case !ok:
		typ = "custom"
	}
	ev := frame.Event{Type: frame.Type(typ)}
	switch ev.Type {
	case frame.TypePatch, frame.TypeHTML, frame.TypeInvalidate:
		if ev.Target, _, err = str("target"); err != nil {
			return frame.Event{}, err, "target"
		}
	}
	switch ev.Type {
	case frame.TypePatch:
		data, ok := m["data"]
		if !ok {
			return frame.Event{}, frame.ErrMissingField, "data"
		}
		ev.Data = data
	case frame.TypeHTML:
		if ev.Markup, err = required("markup"); err != nil {
			return frame.Event{}, err, "markup"
		}
		swap, _, err := str("swap")
		if err != nil {
			return frame.Event{}, err, "swap"
		}
		if ev.Swap = frame.Swap(swap); !ev.Swap.Valid() {
			return frame.Event{}, frame.ErrBadValue, "swap"
		}
	case frame.TypeInvalidate:
	case frame.TypeNavigate:
		if ev.Path, err = required("path"); err != nil {
			return frame.Event{}, err, "path"
		}
		if ev.Path == "" {
			return frame.Event{}, frame.ErrBadValue, "path"
		}
	case frame.TypeCustom:
		if ev.Name, err = required("event"); err != nil {
			return frame.Event{}, err, "event"
		}
		if ev.Name == "" {
			return frame.Event{}, frame.ErrBadValue, "event"
		}
		ev.Data = []byte("null")
		if data, ok := m["data"]; ok {
			ev.Data = data
		}
	default:
		return frame.Event{}, frame.ErrUnknownType, "type"
	}
	if ev.Room, _, err = str("room"); err != nil {
		return frame.Event{}, err, "room"
	}
	if ev.Pos.Epoch, _, err = str("epoch"); err != nil {
		return frame.Event{}, err, "epoch"
	}
	if raw, ok := m["offset"]; ok {
		if ev.Pos.Offset, err = referenceOffset(raw); err != nil {
			return frame.Event{}, err, "offset"
		}
	}
	if ev.Pos.IsZero() {
		ev.Room = ""
	}
	return ev, nil, ""
}

// referenceOffset reads an offset with encoding/json: a number, whole,
// from 0 to 2^53, exact when written in digits.
func referenceOffset(raw json.RawMessage) (uint64, error) {
	var n json.Number
	if raw[0] == '"' || raw[0] == 'n' || json.Unmarshal(raw, &n) != nil {
		return 0, frame.ErrWrongType
	}
	if u, err := strconv.ParseUint(n.String(), 10, 64); err == nil {
		if u > 1<<53 {
			return 0, frame.ErrBadValue
		}
		return u, nil
	}
	f, err := n.Float64()
	if err != nil || f < 0 || f > 1<<53 || f != math.Trunc(f) {
		return 0, frame.ErrBadValue
	}
	return uint64(f), nil
}

// firstRepeatedName returns the first name that appears a second time
// among the members of the JSON object b, read with encoding/json.
func firstRepeatedName(t *testing.T, b []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		name := tok.(string)
		if seen[name] {
			return name, true
		}
		seen[name] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return "", false
}

// FuzzParseValue holds ParseValue to encoding/json: the same inputs
// accepted, and the same values read, numbers too large for a float64
// being ±Inf rather than an error.
func FuzzParseValue(f *testing.F) {
	addFrameSeeds(f)
	for _, s := range []string{
		`-0`, `1e21`, `5e-324`, `1e700`, `-1e-400`, `0.1e+1`, `01`, `1.`, `-`, `[1,]`,
		`"\ud83d\ude80\udc00\ud800x"`, "\"\xed\xa0\x80\\u00\"", `{"a":{"b":[true,false,null]}}`,
		" \t\n\r[ ]\r\n", `"\/\b\f\n\r\t\"\\"`, `tru`, `nulll`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := frame.ParseValue(b)
		if valid := json.Valid(b); (err == nil) != valid {
			t.Fatalf("ParseValue(%q) error = %v; encoding/json says valid: %v", b, err, valid)
		}
		if err != nil {
			var de *frame.DecodeError
			if !errors.As(err, &de) || de.Kind != frame.ErrSyntax {
				t.Fatalf("ParseValue(%q) error %T %q, want a *DecodeError of kind ErrSyntax", b, err, err)
			}
			return
		}
		if want := referenceValue(t, b); !sameValue(got, want) {
			t.Fatalf("ParseValue(%q) = %#v; encoding/json reads %#v", b, got, want)
		}
	})
}

// referenceValue is encoding/json's reading of the valid JSON b, numbers
// made float64 as JSON.parse makes them.
func referenceValue(t *testing.T, b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("encoding/json validates %q but cannot read it: %v", b, err)
	}
	return withFloats(v)
}

func withFloats(v any) any {
	switch v := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			panic(err)
		}
		return f
	case []any:
		for i := range v {
			v[i] = withFloats(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = withFloats(v[k])
		}
	}
	return v
}

// FuzzEncode holds Encode to encoding/json: strings escaped byte for byte
// alike, data compacted alike, and data refused exactly when it is not one
// JSON value or not UTF-8.
func FuzzEncode(f *testing.F) {
	for _, s := range trickyStrings() {
		f.Add(s, []byte(`{"a": [1, "`+s+`"]}`))
	}
	f.Add("", []byte(" \"\\u2028\" "))
	f.Fuzz(func(t *testing.T, s string, data []byte) {
		got, err := frame.Encode(frame.HTML(s, s))
		if err != nil {
			t.Fatalf("Encode of markup %q: %v", s, err)
		}
		if want := encodeWithJSON(t, htmlFields{"html", s, s}); string(got) != want {
			t.Fatalf("Encode of markup %q =\n%s\nencoding/json writes\n%s", s, got, want)
		}

		ev := frame.Custom("c", data)
		wantOK := data == nil || utf8.Valid(data) && json.Valid(data)
		if (ev.Err() == nil) != wantOK {
			t.Fatalf("Custom(%q) error = %v, want error: %v", data, ev.Err(), !wantOK)
		}
		got, err = frame.Encode(ev)
		if !wantOK {
			if err == nil || !strings.HasPrefix(err.Error(), "wire: ") {
				t.Fatalf("Encode of bad data %q = %q, %v", data, got, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Encode of data %q: %v", data, err)
		}
		if want := encodeWithJSON(t, customFields{"custom", "c", data}); string(got) != want {
			t.Fatalf("Encode of data %q =\n%s\nencoding/json writes\n%s", data, got, want)
		}
	})
}
