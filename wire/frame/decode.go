package frame

import (
	"bytes"
	"errors"
	"math"
	"strconv"
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

// DecodeError says why a frame, or a value given to [ParseValue], was
// rejected: Kind is one of the Err* values above, Field names the
// offending field when there is one.
type DecodeError struct {
	Kind   error
	Field  string
	Detail string
}

// Error names the kind of failure, the field and the detail.
func (e *DecodeError) Error() string {
	msg := "wire: " + e.Kind.Error()
	if e.Field != "" {
		msg += " " + Quote(e.Field)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns Kind, so errors.Is(err, frame.ErrMissingField) works.
func (e *DecodeError) Unwrap() error { return e.Kind }

// Decode parses one frame with the [DefaultMaxSize] limit.
func Decode(b []byte) (Event, error) { return DecodeLimit(b, DefaultMaxSize) }

// DecodeLimit parses one frame, rejecting frames longer than max bytes
// (max <= 0 means no limit). It never panics, and the event it returns
// shares no memory with b, so a socket reader may reuse its buffer.
//
// When a frame is wrong in several ways, the first of these is reported:
// too large, not UTF-8, malformed JSON, trailing data, not an object, a
// field named twice, the event's own fields in the order the type reads
// them, then "room", "epoch" and "offset".
//
// The position members are optional and checked one by one when present:
// "room" and "epoch" must be strings and "offset" a whole number from 0 to
// 2^53. They fill Room and Pos when they make a position that is not zero;
// a room alone is dropped, as Encode would drop it.
func DecodeLimit(b []byte, max int) (Event, error) {
	if max > 0 && len(b) > max {
		return Event{}, &DecodeError{Kind: ErrTooLarge, Detail: strconv.Itoa(len(b)) + " bytes, limit " + strconv.Itoa(max)}
	}
	// Checked once here, so that strings without escapes are their own
	// value and data never carries bytes a browser refuses in a text frame.
	if !utf8.Valid(b) {
		return Event{}, &DecodeError{Kind: ErrSyntax, Detail: "invalid UTF-8"}
	}
	p := parser{data: b}
	p.skipSpace()
	if p.pos == len(b) {
		return Event{}, &DecodeError{Kind: ErrSyntax, Detail: "empty frame"}
	}
	first := b[p.pos]
	var f fields
	var err *DecodeError
	if first == '{' {
		err = p.object(func(name []byte, escaped bool) *DecodeError { return f.read(&p, name, escaped) })
	} else {
		err = p.skipValue()
	}
	if err != nil {
		return Event{}, err
	}
	p.skipSpace()
	if rest := len(b) - p.pos; rest > 0 {
		return Event{}, &DecodeError{Kind: ErrTrailingData, Detail: strconv.Itoa(rest) + " bytes"}
	}
	if first != '{' {
		return Event{}, &DecodeError{Kind: ErrNotObject, Detail: "got " + jsonKind(first)}
	}
	if f.repeated {
		// Rejected rather than letting the last one win, so that no other
		// parser can read the frame as a different event.
		return Event{}, &DecodeError{Kind: ErrSyntax, Field: f.duplicate, Detail: "duplicate field"}
	}
	return f.event()
}

// UnmarshalJSON implements json.Unmarshaler with [Decode] and no size limit.
func (e *Event) UnmarshalJSON(b []byte) error {
	ev, err := DecodeLimit(b, 0)
	if err != nil {
		return err
	}
	*e = ev
	return nil
}

// The members some event type reads, and the members of a position, as
// indexes of fields.raw.
const (
	fieldType = iota
	fieldTarget
	fieldData
	fieldMarkup
	fieldSwap
	fieldPath
	fieldEvent
	fieldRoom
	fieldEpoch
	fieldOffset
	fieldCount
)

var fieldNames = [fieldCount]string{"type", "target", "data", "markup", "swap", "path", "event", "room", "epoch", "offset"}

// fieldIndex returns the index of the member called name, or -1 for a
// member no type reads.
func fieldIndex(name string) int {
	for i, n := range fieldNames {
		if n == name {
			return i
		}
	}
	return -1
}

// fields collects the members of a frame's object while the parser reads it.
type fields struct {
	// raw holds each member some type reads as its JSON text, nil when absent.
	raw [fieldCount][]byte
	// others holds the names no type reads, made on the first one, so
	// that a repeat among them is noticed too.
	others map[string]bool
	// repeated says that duplicate, maybe "", is the first name seen twice.
	repeated  bool
	duplicate string
}

// read reads the value of the member called name (its text as written,
// escaped when it holds escapes).
func (f *fields) read(p *parser, name []byte, escaped bool) *DecodeError {
	p.skipSpace()
	start := p.pos
	if err := p.skipValue(); err != nil {
		return err
	}
	value := p.data[start:p.pos]
	i := -1
	var key string
	if escaped {
		key = unquote(name, true)
		i = fieldIndex(key)
	} else {
		i = fieldIndex(string(name))
	}
	seen := false
	if i >= 0 {
		seen = f.raw[i] != nil
		f.raw[i] = value
	} else {
		if !escaped {
			key = string(name)
		}
		if f.others == nil {
			f.others = make(map[string]bool)
		}
		seen = f.others[key]
		f.others[key] = true
	}
	if seen && !f.repeated {
		f.repeated, f.duplicate = true, key
		if i >= 0 {
			f.duplicate = fieldNames[i]
		}
	}
	return nil
}

// event makes the event the collected members describe.
func (f *fields) event() (Event, error) {
	typ, present, err := f.str(fieldType)
	if err != nil {
		return Event{}, err
	}
	if !present {
		// The guide's Silcrow.send(el, {event, data}) carries no type.
		if f.raw[fieldEvent] == nil {
			return Event{}, &DecodeError{Kind: ErrMissingField, Field: "type"}
		}
		typ = string(TypeCustom)
	}
	e := Event{Type: Type(typ)}
	switch e.Type {
	case TypePatch:
		if e.Target, _, err = f.str(fieldTarget); err != nil {
			return Event{}, err
		}
		if f.raw[fieldData] == nil {
			return Event{}, &DecodeError{Kind: ErrMissingField, Field: "data"}
		}
		e.Data = append([]byte(nil), f.raw[fieldData]...)
	case TypeHTML:
		if e.Target, _, err = f.str(fieldTarget); err != nil {
			return Event{}, err
		}
		if e.Markup, err = f.requiredStr(fieldMarkup); err != nil {
			return Event{}, err
		}
		swap, _, err := f.str(fieldSwap)
		if err != nil {
			return Event{}, err
		}
		if e.Swap = Swap(swap); !e.Swap.Valid() {
			return Event{}, &DecodeError{Kind: ErrBadValue, Field: "swap", Detail: "unknown swap mode " + Quote(swap)}
		}
	case TypeInvalidate:
		if e.Target, _, err = f.str(fieldTarget); err != nil {
			return Event{}, err
		}
	case TypeNavigate:
		if e.Path, err = f.requiredStr(fieldPath); err != nil {
			return Event{}, err
		}
		if e.Path == "" {
			return Event{}, &DecodeError{Kind: ErrBadValue, Field: "path", Detail: "empty path"}
		}
	case TypeCustom:
		if e.Name, err = f.requiredStr(fieldEvent); err != nil {
			return Event{}, err
		}
		if e.Name == "" {
			return Event{}, &DecodeError{Kind: ErrBadValue, Field: "event", Detail: "empty event name"}
		}
		e.Data = []byte("null")
		if raw := f.raw[fieldData]; raw != nil {
			e.Data = append([]byte(nil), raw...)
		}
	default:
		return Event{}, &DecodeError{Kind: ErrUnknownType, Field: "type", Detail: Quote(typ)}
	}
	if f.raw[fieldRoom] == nil && f.raw[fieldEpoch] == nil && f.raw[fieldOffset] == nil {
		return e, nil
	}
	if e.Room, _, err = f.str(fieldRoom); err != nil {
		return Event{}, err
	}
	if e.Pos.Epoch, _, err = f.str(fieldEpoch); err != nil {
		return Event{}, err
	}
	if raw := f.raw[fieldOffset]; raw != nil {
		if e.Pos.Offset, err = wholeNumber(raw, "offset"); err != nil {
			return Event{}, err
		}
	}
	if e.Pos.IsZero() {
		// A room without a position is not written by Encode; dropped
		// here too, so that a decoded event encodes to what it was read
		// as.
		e.Room = ""
	}
	return e, nil
}

// wholeNumber reads the JSON number raw as a whole number from 0 to 2^53,
// the integers a JavaScript number holds exactly. Written in digits it is
// read exactly, so that 2^53+1 is refused rather than rounded; 7.0 and 7e0
// are seven, as they are to JSON.parse.
func wholeNumber(raw []byte, field string) (uint64, error) {
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		return 0, &DecodeError{Kind: ErrWrongType, Field: field, Detail: "want number, got " + jsonKind(c)}
	}
	var n uint64
	digits := len(raw) <= 16
	for _, c := range raw {
		if !digits {
			break
		}
		if c < '0' || c > '9' {
			digits = false
			break
		}
		n = n*10 + uint64(c-'0')
	}
	if digits && n <= maxOffset {
		return n, nil
	}
	if !digits {
		// The parser has checked the syntax; only the value can be wrong.
		v, err := strconv.ParseFloat(string(raw), 64)
		if err == nil && v >= 0 && v <= maxOffset && v == math.Trunc(v) {
			return uint64(v), nil
		}
	}
	return 0, &DecodeError{Kind: ErrBadValue, Field: field, Detail: "want a whole number from 0 to 2^53, got " + string(raw)}
}

// str reads an optional string member; null or another JSON type is
// ErrWrongType.
func (f *fields) str(i int) (string, bool, error) {
	raw := f.raw[i]
	if raw == nil {
		return "", false, nil
	}
	if raw[0] != '"' {
		return "", true, &DecodeError{Kind: ErrWrongType, Field: fieldNames[i], Detail: "want string, got " + jsonKind(raw[0])}
	}
	inside := raw[1 : len(raw)-1]
	return unquote(inside, bytes.IndexByte(inside, '\\') >= 0), true, nil
}

func (f *fields) requiredStr(i int) (string, error) {
	s, present, err := f.str(i)
	if err != nil {
		return "", err
	}
	if !present {
		return "", &DecodeError{Kind: ErrMissingField, Field: fieldNames[i]}
	}
	return s, nil
}

// jsonKind names the JSON type of a value from its first byte, for error
// messages.
func jsonKind(first byte) string {
	switch first {
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
	}
	return "number"
}
