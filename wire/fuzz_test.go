package wire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// FuzzDecode checks, for any input, that Decode does not panic, that its
// errors are *wire.DecodeError of exactly one kind, and that whatever it
// accepts survives Encode and a second Decode unchanged. The seed corpus is
// every vector in testdata, so plain `go test` runs it.
func FuzzDecode(f *testing.F) {
	for _, v := range readVectors(f) {
		f.Add([]byte(v.JSON))
	}
	for _, v := range readDecodeOnly(f) {
		f.Add([]byte(v.JSON))
	}
	for _, v := range readInvalid(f) {
		f.Add([]byte(v.JSON))
	}
	f.Add([]byte("{\"type\":\"html\",\"target\":\"#a\",\"markup\":\"\xff\"}"))
	f.Add([]byte(`{"type":"patch","target":"#a","data":[[[[[[[[[[]]]]]]]]]]}`))

	f.Fuzz(func(t *testing.T, frame []byte) {
		ev, err := wire.Decode(frame)
		if err != nil {
			var de *wire.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %T %q is not a *wire.DecodeError", err, err)
			}
			matches := 0
			for _, kind := range errKinds {
				if errors.Is(err, kind) {
					matches++
				}
			}
			if matches != 1 {
				t.Fatalf("error %q matches %d kinds, want 1", err, matches)
			}
			return
		}
		checkAgainstUnmarshal(t, frame, ev)
		out, err := wire.Encode(ev)
		if err != nil {
			t.Fatalf("Decode(%q) = %+v, which Encode rejects: %v", frame, ev, err)
		}
		again, err := wire.Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(ev)) of %q: %v", out, err)
		}
		if d := diffEvents(again, ev); d != "" {
			t.Fatalf("round trip of %q through %q: %s", frame, out, d)
		}
		// Encoding is canonical: a decoded canonical frame encodes to itself.
		if out2, err := wire.Encode(again); err != nil || !bytes.Equal(out2, out) {
			t.Fatalf("Encode is not stable: %q then %q (%v)", out, out2, err)
		}
	})
}

// checkAgainstUnmarshal compares the string fields Decode read for ev's type
// with what encoding/json reads from the same frame.
func checkAgainstUnmarshal(t *testing.T, frame []byte, ev wire.Event) {
	t.Helper()
	// Raw values, because data may hold numbers no float64 can (1e700).
	var m map[string]json.RawMessage
	if err := json.Unmarshal(frame, &m); err != nil {
		t.Fatalf("Decode accepted %q, which json.Unmarshal rejects: %v", frame, err)
	}
	used := map[wire.Type]map[string]string{
		wire.TypePatch:      {"target": ev.Target},
		wire.TypeHTML:       {"target": ev.Target, "markup": ev.Markup, "swap": string(ev.Swap)},
		wire.TypeInvalidate: {"target": ev.Target},
		wire.TypeNavigate:   {"path": ev.Path},
		wire.TypeCustom:     {"event": ev.Name},
	}
	for field, got := range used[ev.Type] {
		var want string
		if raw, ok := m[field]; ok {
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("Decode accepted %s = %s, which json.Unmarshal rejects: %v", field, raw, err)
			}
		}
		if got != want {
			t.Fatalf("Decode(%q) read %s = %q, json.Unmarshal reads %q", frame, field, got, want)
		}
	}
}
