package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Encode returns the wire JSON of e, fields in the order of the spec. It
// fails when a constructor could not encode the event's data, when the data
// is not valid JSON or not UTF-8, when the type is unknown, or when a field
// the type needs is missing.
func Encode(e Event) ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	var v any
	switch e.Type {
	case TypePatch:
		data, err := dataOrNull(e)
		if err != nil {
			return nil, err
		}
		v = struct {
			Type   Type            `json:"type"`
			Target string          `json:"target"`
			Data   json.RawMessage `json:"data"`
		}{e.Type, e.Target, data}
	case TypeHTML:
		if !e.Swap.Valid() {
			return nil, fmt.Errorf("wire: html event has unknown swap mode %q", e.Swap)
		}
		v = struct {
			Type   Type   `json:"type"`
			Target string `json:"target"`
			Markup string `json:"markup"`
			Swap   Swap   `json:"swap,omitempty"`
		}{e.Type, e.Target, e.Markup, e.Swap}
	case TypeInvalidate:
		v = struct {
			Type   Type   `json:"type"`
			Target string `json:"target"`
		}{e.Type, e.Target}
	case TypeNavigate:
		if e.Path == "" {
			return nil, fmt.Errorf("wire: navigate event has an empty path")
		}
		v = struct {
			Type Type   `json:"type"`
			Path string `json:"path"`
		}{e.Type, e.Path}
	case TypeCustom:
		if e.Name == "" {
			return nil, fmt.Errorf("wire: custom event has an empty name")
		}
		data, err := dataOrNull(e)
		if err != nil {
			return nil, err
		}
		v = struct {
			Type Type            `json:"type"`
			Name string          `json:"event"`
			Data json.RawMessage `json:"data"`
		}{e.Type, e.Name, data}
	default:
		return nil, fmt.Errorf("wire: cannot encode unknown event type %q", e.Type)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Markup is sent as written: "<p>" rather than "\u003cp\u003e".
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("wire: encoding %s event: %w", e.Type, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// MarshalJSON implements json.Marshaler with [Encode].
func (e Event) MarshalJSON() ([]byte, error) { return Encode(e) }

// UnmarshalJSON implements json.Unmarshaler with [Decode] and no size limit.
func (e *Event) UnmarshalJSON(b []byte) error {
	ev, err := DecodeLimit(b, 0)
	if err != nil {
		return err
	}
	*e = ev
	return nil
}

// dataOrNull returns the data of a patch or custom event, null when it has
// none.
func dataOrNull(e Event) (json.RawMessage, error) {
	if len(e.Data) == 0 {
		return json.RawMessage("null"), nil
	}
	// encoding/json copies raw data byte for byte, and a browser fails the
	// whole connection on a text frame that is not UTF-8.
	if !utf8.Valid(e.Data) {
		return nil, fmt.Errorf("wire: %s event data is not valid UTF-8", e.Type)
	}
	return e.Data, nil
}
