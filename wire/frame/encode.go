package frame

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Encode returns the wire JSON of e, fields in the order of the spec,
// followed by "room", "epoch" and "offset" when e.Pos is not zero. It
// fails when a constructor met a fault in the event's data, when the data
// is not valid JSON or not UTF-8, when the type is unknown, or when a field
// the type needs is missing.
//
// The output is what encoding/json writes for the same fields with HTML
// escaping off: strings escape '"', '\\', control characters, U+2028 and
// U+2029, and turn invalid UTF-8 into U+FFFD; data loses its insignificant
// whitespace and is otherwise kept as written.
func Encode(e Event) ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	size := 64 + len(e.Target) + len(e.Markup) + len(e.Path) + len(e.Name) + len(e.Data)
	if !e.Pos.IsZero() {
		// ,"room":"","epoch":"","offset": and 16 digits.
		size += 48 + len(e.Room) + len(e.Pos.Epoch)
	}
	b := make([]byte, 0, size)
	switch e.Type {
	case TypePatch:
		b = append(b, `{"type":"patch","target":`...)
		b = AppendString(b, e.Target)
		b = append(b, `,"data":`...)
		var err error
		if b, err = appendData(b, e); err != nil {
			return nil, err
		}
	case TypeHTML:
		if !e.Swap.Valid() {
			return nil, errors.New("wire: html event has unknown swap mode " + Quote(string(e.Swap)))
		}
		b = append(b, `{"type":"html","target":`...)
		b = AppendString(b, e.Target)
		b = append(b, `,"markup":`...)
		b = AppendString(b, e.Markup)
		if e.Swap != "" {
			b = append(b, `,"swap":`...)
			b = AppendString(b, string(e.Swap))
		}
	case TypeInvalidate:
		b = append(b, `{"type":"invalidate","target":`...)
		b = AppendString(b, e.Target)
	case TypeNavigate:
		if e.Path == "" {
			return nil, errors.New("wire: navigate event has an empty path")
		}
		b = append(b, `{"type":"navigate","path":`...)
		b = AppendString(b, e.Path)
	case TypeCustom:
		if e.Name == "" {
			return nil, errors.New("wire: custom event has an empty name")
		}
		b = append(b, `{"type":"custom","event":`...)
		b = AppendString(b, e.Name)
		b = append(b, `,"data":`...)
		var err error
		if b, err = appendData(b, e); err != nil {
			return nil, err
		}
	default:
		return nil, errors.New("wire: cannot encode unknown event type " + Quote(string(e.Type)))
	}
	if !e.Pos.IsZero() {
		if e.Pos.Offset > maxOffset {
			return nil, errors.New("wire: event offset " + strconv.FormatUint(e.Pos.Offset, 10) + " is over 2^53")
		}
		b = append(b, `,"room":`...)
		b = AppendString(b, e.Room)
		b = append(b, `,"epoch":`...)
		b = AppendString(b, e.Pos.Epoch)
		b = append(b, `,"offset":`...)
		b = strconv.AppendUint(b, e.Pos.Offset, 10)
	}
	return append(b, '}'), nil
}

// maxOffset is the largest offset on the wire: 2^53, beyond which a
// JavaScript number no longer holds every integer.
const maxOffset = 1 << 53

// MarshalJSON implements json.Marshaler with [Encode].
func (e Event) MarshalJSON() ([]byte, error) { return Encode(e) }

// appendData appends the data of a patch or custom event, compacted, or
// null when it has none.
func appendData(b []byte, e Event) ([]byte, error) {
	if len(e.Data) == 0 {
		return append(b, "null"...), nil
	}
	if err := checkData(e.Type, e.Data); err != nil {
		return nil, err
	}
	return appendCompact(b, e.Data), nil
}

// checkData reports whether data is one JSON value, surrounding whitespace
// allowed, and UTF-8: a browser fails the whole connection on a text frame
// that is not.
func checkData(t Type, data []byte) error {
	if !utf8.Valid(data) {
		return errors.New("wire: " + string(t) + " event data is not valid UTF-8")
	}
	p := parser{data: data}
	if err := p.skipValue(); err != nil {
		return errors.New("wire: " + string(t) + " event data is not valid JSON: " + err.Detail)
	}
	p.skipSpace()
	if p.pos < len(data) {
		return errors.New("wire: " + string(t) + " event data is not valid JSON: " + p.syntaxError("the end after the value").Detail)
	}
	return nil
}
