package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// DefaultMaxSize is the largest frame [Decode] accepts: 1 MiB.
const DefaultMaxSize = 1 << 20

// The kinds of decode failure. A [*DecodeError] matches exactly one of them
// with errors.Is.
var (
	ErrTooLarge     = errors.New("frame over the size limit")
	ErrSyntax       = errors.New("malformed JSON")
	ErrNotObject    = errors.New("not a JSON object")
	ErrTrailingData = errors.New("trailing data after the JSON object")
	ErrMissingField = errors.New("missing required field")
	ErrWrongType    = errors.New("field has the wrong JSON type")
	ErrUnknownType  = errors.New("unknown event type")
	ErrBadValue     = errors.New("field has an invalid value")
)

// DecodeError says why a frame was rejected: Kind is one of the Err*
// values above, Field names the offending field when there is one.
type DecodeError struct {
	Kind   error
	Field  string
	Detail string
}

// Error names the kind of failure, the field and the detail.
func (e *DecodeError) Error() string {
	msg := "wire: " + e.Kind.Error()
	if e.Field != "" {
		msg += fmt.Sprintf(" %q", e.Field)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns Kind, so errors.Is(err, wire.ErrMissingField) works.
func (e *DecodeError) Unwrap() error { return e.Kind }

// Decode parses one frame with the [DefaultMaxSize] limit.
func Decode(b []byte) (Event, error) { return DecodeLimit(b, DefaultMaxSize) }

// DecodeLimit parses one frame, rejecting frames longer than max bytes
// (max <= 0 means no limit). It never panics.
func DecodeLimit(b []byte, max int) (Event, error) {
	if max > 0 && len(b) > max {
		return Event{}, &DecodeError{Kind: ErrTooLarge, Detail: fmt.Sprintf("%d bytes, limit %d", len(b), max)}
	}
	// encoding/json would quietly turn invalid UTF-8 into U+FFFD in strings
	// but keep it in data, which a browser then refuses in a text frame.
	if !utf8.Valid(b) {
		return Event{}, &DecodeError{Kind: ErrSyntax, Detail: "invalid UTF-8"}
	}
	// One pass decides a good frame; a bad one is read again to say why.
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil || fields == nil {
		return Event{}, whyNotObject(b, err)
	}
	// A name that appears twice is rejected rather than letting the last one
	// win, so that no other parser can read the frame as a different event.
	if countMembers(b) != len(fields) {
		return Event{}, duplicateField(b)
	}
	return fromFields(fields)
}

// whyNotObject says why b is not exactly one JSON object; err is what
// json.Unmarshal reported, nil when b is null.
func whyNotObject(b []byte, err error) *DecodeError {
	dec := json.NewDecoder(bytes.NewReader(b))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return &DecodeError{Kind: ErrSyntax, Detail: "empty frame"}
		}
		return &DecodeError{Kind: ErrSyntax, Detail: err.Error()}
	}
	if rest := bytes.TrimLeft(b[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return &DecodeError{Kind: ErrTrailingData, Detail: fmt.Sprintf("%d bytes", len(rest))}
	}
	if raw[0] != '{' {
		return &DecodeError{Kind: ErrNotObject, Detail: "got " + jsonKind(raw)}
	}
	return &DecodeError{Kind: ErrSyntax, Detail: fmt.Sprint(err)}
}

// countMembers counts the top-level members of the well-formed JSON object
// in b, duplicates included.
func countMembers(b []byte) int {
	n, depth, inString := 0, 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			switch c {
			case '\\':
				i++ // the escaped byte cannot end the string
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case ':':
			if depth == 1 {
				n++
			}
		}
	}
	return n
}

// duplicateField names the first repeated member of the well-formed JSON
// object in b.
func duplicateField(b []byte) *DecodeError {
	dec := json.NewDecoder(bytes.NewReader(b))
	seen := make(map[string]bool)
	_, err := dec.Token()
	for err == nil && dec.More() {
		var tok json.Token
		if tok, err = dec.Token(); err != nil {
			break
		}
		name, _ := tok.(string)
		if seen[name] {
			return &DecodeError{Kind: ErrSyntax, Field: name, Detail: "duplicate field"}
		}
		seen[name] = true
		var skip json.RawMessage
		err = dec.Decode(&skip)
	}
	return &DecodeError{Kind: ErrSyntax, Detail: "duplicate field"}
}

func fromFields(f map[string]json.RawMessage) (Event, error) {
	var e Event
	typ, present, err := stringField(f, "type")
	if err != nil {
		return Event{}, err
	}
	if !present {
		// The guide's Silcrow.send(el, {event, data}) carries no type.
		if _, hasEvent := f["event"]; !hasEvent {
			return Event{}, &DecodeError{Kind: ErrMissingField, Field: "type"}
		}
		typ = string(TypeCustom)
	}
	e.Type = Type(typ)
	switch e.Type {
	case TypePatch:
		if e.Target, _, err = stringField(f, "target"); err != nil {
			return Event{}, err
		}
		if e.Data, err = requiredRaw(f, "data"); err != nil {
			return Event{}, err
		}
	case TypeHTML:
		if e.Target, _, err = stringField(f, "target"); err != nil {
			return Event{}, err
		}
		if e.Markup, err = requiredString(f, "markup"); err != nil {
			return Event{}, err
		}
		swap, _, err := stringField(f, "swap")
		if err != nil {
			return Event{}, err
		}
		if e.Swap = Swap(swap); !e.Swap.Valid() {
			return Event{}, &DecodeError{Kind: ErrBadValue, Field: "swap", Detail: fmt.Sprintf("unknown swap mode %q", swap)}
		}
	case TypeInvalidate:
		if e.Target, _, err = stringField(f, "target"); err != nil {
			return Event{}, err
		}
	case TypeNavigate:
		if e.Path, err = requiredString(f, "path"); err != nil {
			return Event{}, err
		}
		if e.Path == "" {
			return Event{}, &DecodeError{Kind: ErrBadValue, Field: "path", Detail: "empty path"}
		}
	case TypeCustom:
		if e.Name, err = requiredString(f, "event"); err != nil {
			return Event{}, err
		}
		if e.Name == "" {
			return Event{}, &DecodeError{Kind: ErrBadValue, Field: "event", Detail: "empty event name"}
		}
		e.Data = f["data"]
		if len(e.Data) == 0 {
			e.Data = json.RawMessage("null")
		}
	default:
		return Event{}, &DecodeError{Kind: ErrUnknownType, Field: "type", Detail: fmt.Sprintf("%q", typ)}
	}
	return e, nil
}

// stringField reads an optional string field; null or another JSON type is
// ErrWrongType.
func stringField(f map[string]json.RawMessage, name string) (string, bool, error) {
	raw, ok := f[name]
	if !ok {
		return "", false, nil
	}
	if len(raw) == 0 || raw[0] != '"' {
		return "", true, &DecodeError{Kind: ErrWrongType, Field: name, Detail: "want string, got " + jsonKind(raw)}
	}
	// Most strings carry no escapes and, the frame being valid UTF-8 JSON,
	// are their own value; only escaped ones need unquoting.
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), true, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", true, &DecodeError{Kind: ErrSyntax, Field: name, Detail: err.Error()}
	}
	return s, true, nil
}

func requiredString(f map[string]json.RawMessage, name string) (string, error) {
	s, present, err := stringField(f, name)
	if err != nil {
		return "", err
	}
	if !present {
		return "", &DecodeError{Kind: ErrMissingField, Field: name}
	}
	return s, nil
}

func requiredRaw(f map[string]json.RawMessage, name string) (json.RawMessage, error) {
	raw, ok := f[name]
	if !ok {
		return nil, &DecodeError{Kind: ErrMissingField, Field: name}
	}
	return raw, nil
}

// jsonKind names the JSON type of a raw value for error messages.
func jsonKind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}
