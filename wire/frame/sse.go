package frame

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EncodeSSE returns the Server-Sent Events form of e, the one both ends
// share: the event's name, which is its type, and its data, which
// [AppendSSE] frames:
//
//	patch       {"target":"#stats","data":{"count":42}}
//	html        {"target":"#content","html":"<p>Hello</p>"}, "swap" too when set
//	invalidate  #form
//	navigate    /dashboard
//	custom      {"event":"ping","data":{"ts":12345}}
//
// A patch always has the {target, data} envelope, target "" included: root
// data that has a "target" member of its own would otherwise be read as an
// envelope. An invalidate's data is its selector as plain text, and empty
// when it has no target, because that is what Silcrow.js reads; a selector
// that would read differently as text (blank, starting with "{", with white
// space around it or a line break in it) is sent as {"target":"..."}. A
// navigate's data is the path as plain text, which the client trims; a CR
// in it arrives as LF, a difference the browser's URL parser, which drops
// both, does not see. Text forms, like JSON strings, carry each byte of
// invalid UTF-8 as U+FFFD.
//
// Room and Pos are not part of the form: over SSE, where a client left
// off travels in the message's id line, which the browser sends back when
// it reconnects.
//
// EncodeSSE fails where [Encode] fails on the event's own fields, with
// the same errors, and for a navigate path that is only white space, which
// would reach the client empty.
func EncodeSSE(e Event) (name string, data []byte, err error) {
	if e.err != nil {
		return "", nil, e.err
	}
	switch e.Type {
	case TypePatch:
		b := make([]byte, 0, 22+len(e.Target)+len(e.Data))
		b = append(b, `{"target":`...)
		b = AppendString(b, e.Target)
		b = append(b, `,"data":`...)
		if b, err = appendData(b, e); err != nil {
			return "", nil, err
		}
		return string(TypePatch), append(b, '}'), nil
	case TypeHTML:
		if !e.Swap.Valid() {
			return "", nil, errors.New("wire: html event has unknown swap mode " + Quote(string(e.Swap)))
		}
		b := make([]byte, 0, 40+len(e.Target)+len(e.Markup))
		b = append(b, `{"target":`...)
		b = AppendString(b, e.Target)
		b = append(b, `,"html":`...)
		b = AppendString(b, e.Markup)
		if e.Swap != "" {
			b = append(b, `,"swap":`...)
			b = AppendString(b, string(e.Swap))
		}
		return string(TypeHTML), append(b, '}'), nil
	case TypeInvalidate:
		if e.Target == "" {
			return string(TypeInvalidate), []byte{}, nil
		}
		if selectorAsText(e.Target) {
			return string(TypeInvalidate), appendText(nil, e.Target), nil
		}
		b := append(make([]byte, 0, 13+len(e.Target)), `{"target":`...)
		return string(TypeInvalidate), append(AppendString(b, e.Target), '}'), nil
	case TypeNavigate:
		if strings.TrimSpace(e.Path) == "" {
			return "", nil, errors.New("wire: navigate event has an empty path")
		}
		return string(TypeNavigate), appendText(nil, e.Path), nil
	case TypeCustom:
		if e.Name == "" {
			return "", nil, errors.New("wire: custom event has an empty name")
		}
		b := make([]byte, 0, 21+len(e.Name)+len(e.Data))
		b = append(b, `{"event":`...)
		b = AppendString(b, e.Name)
		b = append(b, `,"data":`...)
		if b, err = appendData(b, e); err != nil {
			return "", nil, err
		}
		return string(TypeCustom), append(b, '}'), nil
	}
	return "", nil, errors.New("wire: cannot encode unknown event type " + Quote(string(e.Type)))
}

// selectorAsText reports whether DecodeSSE reads the invalidate data
// target, written as text, as target again.
func selectorAsText(target string) bool {
	return target[0] != '{' && strings.TrimSpace(target) == target && !strings.ContainsAny(target, "\r\n")
}

// appendText appends s with each byte that is not part of valid UTF-8
// replaced by U+FFFD, as AppendString does in JSON strings.
func appendText(dst []byte, s string) []byte {
	if utf8.ValidString(s) {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// AppendSSE appends one Server-Sent Events message to dst: an "id:" line
// when id is not empty, an "event:" line when name is not empty, a "data:"
// line for each line of data, and the blank line that ends the message.
// Data is split at every CR, LF and CRLF, which a browser puts back
// together with LF; empty data still gets its one data line, without which
// a browser drops the message.
//
// id and name must not contain CR or LF, which would end their line early
// and corrupt the stream, nor may id contain NUL, which makes a browser
// ignore it; AppendSSE does not check. The names [EncodeSSE] returns are
// safe.
func AppendSSE(dst []byte, id, name string, data []byte) []byte {
	if id != "" {
		dst = append(dst, "id: "...)
		dst = append(dst, id...)
		dst = append(dst, '\n')
	}
	if name != "" {
		dst = append(dst, "event: "...)
		dst = append(dst, name...)
		dst = append(dst, '\n')
	}
	for {
		end := lineEnd(data)
		line := data
		if end >= 0 {
			line = data[:end]
		}
		dst = append(dst, "data:"...)
		if len(line) > 0 {
			dst = append(dst, ' ')
			dst = append(dst, line...)
		}
		dst = append(dst, '\n')
		if end < 0 {
			break
		}
		if data[end] == '\r' && end+1 < len(data) && data[end+1] == '\n' {
			end++
		}
		data = data[end+1:]
	}
	return append(dst, '\n')
}

// lineEnd returns the index of the first CR or LF in b, or -1.
func lineEnd(b []byte) int {
	// Two IndexByte scans beat one IndexAny, which is not vectorized, on
	// the long single lines JSON data makes.
	lf := bytes.IndexByte(b, '\n')
	before := b
	if lf >= 0 {
		before = b[:lf]
	}
	if cr := bytes.IndexByte(before, '\r'); cr >= 0 {
		return cr
	}
	return lf
}

// DecodeSSE reads one Server-Sent Event as an EventSource delivers it: its
// name ("message" or "" for an unnamed message) and its data. It reads
// what [EncodeSSE] writes and what Silcrow.js servers send:
//
//   - an unnamed message, and patch: JSON. An object with a "target" member
//     is the {target, data} envelope, which must have "data"; any other
//     value is data for the root (target "").
//   - html: an object with a string "html" and optional "target" and "swap".
//   - invalidate: the selector as text, trimmed, where empty data means no
//     target; or, when it starts with "{", an object with optional "target".
//   - navigate: the path as text, trimmed; it must not be empty.
//   - custom: an object with a non-empty string "event" and optional
//     "data", null when absent.
//
// As in [Decode], members a form does not use are ignored, one it uses
// given twice is [ErrSyntax], and so is data that is not UTF-8; data longer
// than [DefaultMaxSize] is [ErrTooLarge], and any other name is
// [ErrUnknownType]. The errors are [*DecodeError]s. DecodeSSE never panics,
// and the event shares no memory with data.
func DecodeSSE(name string, data []byte) (Event, error) {
	if len(data) > DefaultMaxSize {
		return Event{}, &DecodeError{Kind: ErrTooLarge, Detail: strconv.Itoa(len(data)) + " bytes, limit " + strconv.Itoa(DefaultMaxSize)}
	}
	if !utf8.Valid(data) {
		return Event{}, &DecodeError{Kind: ErrSyntax, Detail: "invalid UTF-8"}
	}
	switch name {
	case "", "message", string(TypePatch):
		return decodeSSEPatch(data)
	case string(TypeHTML):
		return decodeSSEHTML(data)
	case string(TypeInvalidate):
		return decodeSSEInvalidate(data)
	case string(TypeNavigate):
		path := string(bytes.TrimSpace(data))
		if path == "" {
			return Event{}, &DecodeError{Kind: ErrBadValue, Field: "path", Detail: "empty navigate path"}
		}
		return Event{Type: TypeNavigate, Path: path}, nil
	case string(TypeCustom):
		return decodeSSECustom(data)
	}
	return Event{}, &DecodeError{Kind: ErrUnknownType, Detail: "SSE event " + Quote(name)}
}

func decodeSSEPatch(data []byte) (Event, error) {
	v, err := readSSEJSON(string(TypePatch), data, "target", "data", "")
	if err != nil {
		return Event{}, err
	}
	if !v.object || v.members[0] == nil {
		return Event{Type: TypePatch, Data: append([]byte(nil), v.value...)}, nil
	}
	if err := v.checkRepeats(); err != nil {
		return Event{}, err
	}
	e := Event{Type: TypePatch}
	if e.Target, _, err = v.str(0); err != nil {
		return Event{}, err
	}
	if v.members[1] == nil {
		return Event{}, &DecodeError{Kind: ErrMissingField, Field: "data", Detail: "a patch with a target needs data"}
	}
	e.Data = append([]byte(nil), v.members[1]...)
	return e, nil
}

func decodeSSEHTML(data []byte) (Event, error) {
	v, err := readSSEObject(string(TypeHTML), data, "target", "html", "swap")
	if err != nil {
		return Event{}, err
	}
	e := Event{Type: TypeHTML}
	if e.Target, _, err = v.str(0); err != nil {
		return Event{}, err
	}
	markup, present, err := v.str(1)
	if err != nil {
		return Event{}, err
	}
	if !present {
		return Event{}, &DecodeError{Kind: ErrMissingField, Field: "html"}
	}
	e.Markup = markup
	swap, _, err := v.str(2)
	if err != nil {
		return Event{}, err
	}
	if e.Swap = Swap(swap); !e.Swap.Valid() {
		return Event{}, &DecodeError{Kind: ErrBadValue, Field: "swap", Detail: "unknown swap mode " + Quote(swap)}
	}
	return e, nil
}

func decodeSSEInvalidate(data []byte) (Event, error) {
	text := bytes.TrimSpace(data)
	if len(text) == 0 || text[0] != '{' {
		return Event{Type: TypeInvalidate, Target: string(text)}, nil
	}
	v, err := readSSEObject(string(TypeInvalidate), data, "target", "", "")
	if err != nil {
		return Event{}, err
	}
	target, _, err := v.str(0)
	if err != nil {
		return Event{}, err
	}
	return Event{Type: TypeInvalidate, Target: target}, nil
}

func decodeSSECustom(data []byte) (Event, error) {
	v, err := readSSEObject(string(TypeCustom), data, "event", "data", "")
	if err != nil {
		return Event{}, err
	}
	name, present, err := v.str(0)
	if err != nil {
		return Event{}, err
	}
	if !present {
		return Event{}, &DecodeError{Kind: ErrMissingField, Field: "event"}
	}
	if name == "" {
		return Event{}, &DecodeError{Kind: ErrBadValue, Field: "event", Detail: "empty event name"}
	}
	raw := v.members[1]
	if raw == nil {
		raw = []byte("null")
	}
	return Event{Type: TypeCustom, Name: name, Data: append([]byte(nil), raw...)}, nil
}

// sseValue is the JSON data of an SSE event as readSSEJSON found it.
type sseValue struct {
	// value is the whole value, without the white space around it.
	value []byte
	// object says whether value is an object.
	object bool
	// names are the members the event's form reads ("" for none), and
	// members their values as written, nil when absent.
	names   [3]string
	members [3][]byte
	// repeated is the first of names given twice, if any.
	repeated string
}

// readSSEJSON reads data, one JSON value with optional white space
// around it, keeping the members called a, b and c when it is an object.
// Its errors come in the order Decode reports them: malformed JSON, then
// trailing data.
func readSSEJSON(form string, data []byte, a, b, c string) (sseValue, error) {
	v := sseValue{names: [3]string{a, b, c}}
	p := parser{data: data}
	p.skipSpace()
	if p.pos == len(data) {
		return v, &DecodeError{Kind: ErrSyntax, Detail: form + " event has no data"}
	}
	start := p.pos
	v.object = data[start] == '{'
	var err *DecodeError
	if v.object {
		err = p.object(func(name []byte, escaped bool) *DecodeError {
			p.skipSpace()
			at := p.pos
			if err := p.skipValue(); err != nil {
				return err
			}
			v.keep(name, escaped, data[at:p.pos])
			return nil
		})
	} else {
		err = p.skipValue()
	}
	if err != nil {
		return v, err
	}
	v.value = data[start:p.pos]
	p.skipSpace()
	if rest := len(data) - p.pos; rest > 0 {
		return v, &DecodeError{Kind: ErrTrailingData, Detail: strconv.Itoa(rest) + " bytes"}
	}
	return v, nil
}

// readSSEObject is readSSEJSON for the forms whose data must be an object
// naming each of its members once.
func readSSEObject(form string, data []byte, a, b, c string) (sseValue, error) {
	v, err := readSSEJSON(form, data, a, b, c)
	if err != nil {
		return v, err
	}
	if !v.object {
		return v, &DecodeError{Kind: ErrNotObject, Detail: form + " event data is " + jsonKind(v.value[0])}
	}
	return v, v.checkRepeats()
}

// keep records value when name is one of v's names.
func (v *sseValue) keep(name []byte, escaped bool, value []byte) {
	i := v.index(name, escaped)
	if i < 0 {
		return
	}
	if v.members[i] != nil && v.repeated == "" {
		v.repeated = v.names[i]
	}
	v.members[i] = value
}

// index returns the index of the member called name in v's names, or -1.
func (v *sseValue) index(name []byte, escaped bool) int {
	if escaped {
		key := unquote(name, true)
		for i, n := range v.names {
			if n != "" && n == key {
				return i
			}
		}
		return -1
	}
	for i, n := range v.names {
		if n != "" && n == string(name) {
			return i
		}
	}
	return -1
}

// checkRepeats reports a member the form reads given twice: other
// parsers keep the first or the last, and an event must not mean two
// things.
func (v *sseValue) checkRepeats() error {
	if v.repeated != "" {
		return &DecodeError{Kind: ErrSyntax, Field: v.repeated, Detail: "duplicate field"}
	}
	return nil
}

// str reads the optional string member i; null or another JSON type is
// ErrWrongType.
func (v *sseValue) str(i int) (string, bool, error) {
	raw := v.members[i]
	if raw == nil {
		return "", false, nil
	}
	if raw[0] != '"' {
		return "", true, &DecodeError{Kind: ErrWrongType, Field: v.names[i], Detail: "want string, got " + jsonKind(raw[0])}
	}
	inside := raw[1 : len(raw)-1]
	return unquote(inside, bytes.IndexByte(inside, '\\') >= 0), true, nil
}
