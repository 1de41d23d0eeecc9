package frame

import (
	"bytes"
	"errors"
	"math"
	"strconv"
)

// Subprotocol is the WebSocket subprotocol a Silcrow client offers. A
// server that picks it speaks the control frames below on that socket, on
// top of the five events; a server that does not sees plain events only,
// and the client then sends no control frame either.
const Subprotocol = "silcrow.v1"

// ControlType is the "type" of a control frame.
type ControlType string

// The control frames of Subprotocol. They never reach a handler or a page
// as events:
//
//	{"type":"ping"}                              client → server, a heartbeat
//	{"type":"pong"}                              server → client, its answer
//	{"type":"hello","since":{ROOM:POS,…}}        client → server, first frame
//	                                             after every open: the last
//	                                             position seen per room
//	{"type":"gap","room":R,"since":POS,          server → client: events of R
//	 "epoch":E,"first":N,"last":M}               after since are lost; the
//	                                             history now holds first..last
//	                                             of epoch E (0..0 when empty)
//	{"type":"at","room":R,"since":POS}           server → client, on joining
//	                                             R without a position: R stands
//	                                             at POS, and the events after
//	                                             it follow; so a client that
//	                                             sees no event before a drop
//	                                             still has a position to offer
//
// where POS is {"epoch":E,"offset":N}. Control frames are written as
// AppendControl writes them, "type" first, which is how ParseControl tells
// them from events without parsing every event twice.
const (
	ControlPing  ControlType = "ping"
	ControlPong  ControlType = "pong"
	ControlHello ControlType = "hello"
	ControlGap   ControlType = "gap"
	ControlAt    ControlType = "at"
)

// Position is where an event stands in its room's history: the history's
// epoch (a new one each time the history starts afresh, so that offsets
// of a lost history are never mistaken for current ones) and the event's
// offset in it, counted from 1. Offsets stay below 2^53, the integers a
// JavaScript number holds exactly.
type Position struct {
	Epoch  string
	Offset uint64
}

// IsZero reports whether p is no position at all.
func (p Position) IsZero() bool { return p == Position{} }

// Control is one control frame; which fields mean something depends on
// Type (see the table above).
type Control struct {
	Type ControlType
	// Since is, in a hello, the last position seen per room.
	Since map[string]Position
	// Room, Have, Epoch, First and Last describe a gap: the client had
	// seen room up to Have; the room's history is now First..Last of
	// Epoch. Room and Have are also an at: where room stands.
	Room        string
	Have        Position
	Epoch       string
	First, Last uint64
}

// ErrNotControl is returned by ParseControl for a frame that is an event.
var ErrNotControl = errors.New("not a control frame")

// controlPrefix starts every control frame.
const controlPrefix = `{"type":"`

// The frames of a heartbeat, as AppendControl writes them.
const (
	PingFrame = `{"type":"ping"}`
	PongFrame = `{"type":"pong"}`
)

// AppendControl appends c's frame to dst. Rooms of a hello are written in
// sorted order, so that the same hello is the same text.
func AppendControl(dst []byte, c Control) []byte {
	if c.Type == ControlHello {
		return AppendHello(dst, c.Since)
	}
	dst = append(dst, controlPrefix...)
	dst = append(dst, c.Type...)
	dst = append(dst, '"')
	switch c.Type {
	case ControlGap:
		dst = append(dst, `,"room":`...)
		dst = AppendString(dst, c.Room)
		dst = append(dst, `,"since":`...)
		dst = appendPosition(dst, c.Have)
		dst = append(dst, `,"epoch":`...)
		dst = AppendString(dst, c.Epoch)
		dst = append(dst, `,"first":`...)
		dst = strconv.AppendUint(dst, c.First, 10)
		dst = append(dst, `,"last":`...)
		dst = strconv.AppendUint(dst, c.Last, 10)
	case ControlAt:
		dst = append(dst, `,"room":`...)
		dst = AppendString(dst, c.Room)
		dst = append(dst, `,"since":`...)
		dst = appendPosition(dst, c.Have)
	}
	return append(dst, '}')
}

// AppendHello appends the hello control frame offering since, as
// AppendControl does; a client needs no other control frame written.
func AppendHello(dst []byte, since map[string]Position) []byte {
	dst = append(dst, `{"type":"hello","since":{`...)
	rooms := make([]string, 0, len(since))
	for r := range since {
		// An insertion sort: a hello names a handful of rooms, and
		// package slices would cost silcrow.wasm 20 KB.
		i := len(rooms)
		rooms = append(rooms, r)
		for ; i > 0 && rooms[i-1] > r; i-- {
			rooms[i] = rooms[i-1]
		}
		rooms[i] = r
	}
	for i, r := range rooms {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, r)
		dst = append(dst, ':')
		dst = appendPosition(dst, since[r])
	}
	return append(dst, "}}"...)
}

func appendPosition(dst []byte, p Position) []byte {
	dst = append(dst, `{"epoch":`...)
	dst = AppendString(dst, p.Epoch)
	dst = append(dst, `,"offset":`...)
	dst = strconv.AppendUint(dst, p.Offset, 10)
	return append(dst, '}')
}

// IsControl reports whether b is written as a control frame: it costs a
// comparison of a few bytes, so a reader can ask it of every frame.
func IsControl(b []byte) bool {
	if !bytes.HasPrefix(b, []byte(controlPrefix)) {
		return false
	}
	rest := b[len(controlPrefix):]
	for _, t := range []ControlType{ControlPing, ControlPong, ControlHello, ControlGap, ControlAt} {
		if len(rest) > len(t) && string(rest[:len(t)]) == string(t) && rest[len(t)] == '"' {
			return true
		}
	}
	return false
}

// ParseControl reads a control frame. A frame IsControl does not accept is
// ErrNotControl (it is an event); a control frame with missing or
// mistyped members is a *DecodeError.
func ParseControl(b []byte) (Control, error) {
	if !IsControl(b) {
		return Control{}, ErrNotControl
	}
	v, err := ParseValue(b)
	if err != nil {
		return Control{}, err
	}
	o, ok := v.(*Object)
	if !ok {
		return Control{}, &DecodeError{Kind: ErrNotObject}
	}
	t, _ := o.Get("type")
	c := Control{Type: ControlType(t.(string))}
	switch c.Type {
	case ControlHello:
		since, ok := o.Get("since")
		if !ok {
			return Control{}, &DecodeError{Kind: ErrMissingField, Field: "since"}
		}
		so, ok := since.(*Object)
		if !ok {
			return Control{}, &DecodeError{Kind: ErrWrongType, Field: "since", Detail: "want an object"}
		}
		c.Since = make(map[string]Position, len(so.Members()))
		for _, m := range so.Members() {
			p, err := position(m.Value, "since")
			if err != nil {
				return Control{}, err
			}
			c.Since[m.Name] = p
		}
	case ControlAt:
		var err error
		if c.Room, err = stringMember(o, "room"); err != nil {
			return Control{}, err
		}
		have, _ := o.Get("since")
		if c.Have, err = position(have, "since"); err != nil {
			return Control{}, err
		}
	case ControlGap:
		var err error
		if c.Room, err = stringMember(o, "room"); err != nil {
			return Control{}, err
		}
		if c.Epoch, err = stringMember(o, "epoch"); err != nil {
			return Control{}, err
		}
		have, _ := o.Get("since")
		if c.Have, err = position(have, "since"); err != nil {
			return Control{}, err
		}
		first, _ := o.Get("first")
		if c.First, err = offset(first, "first"); err != nil {
			return Control{}, err
		}
		last, _ := o.Get("last")
		if c.Last, err = offset(last, "last"); err != nil {
			return Control{}, err
		}
	}
	return c, nil
}

func stringMember(o *Object, name string) (string, error) {
	v, ok := o.Get(name)
	if !ok {
		return "", &DecodeError{Kind: ErrMissingField, Field: name}
	}
	s, ok := v.(string)
	if !ok {
		return "", &DecodeError{Kind: ErrWrongType, Field: name, Detail: "want a string"}
	}
	return s, nil
}

// position reads {"epoch":E,"offset":N}.
func position(v any, field string) (Position, error) {
	o, ok := v.(*Object)
	if !ok {
		return Position{}, &DecodeError{Kind: ErrWrongType, Field: field, Detail: "want a position object"}
	}
	epoch, err := stringMember(o, "epoch")
	if err != nil {
		return Position{}, err
	}
	n, _ := o.Get("offset")
	off, err := offset(n, "offset")
	if err != nil {
		return Position{}, err
	}
	return Position{Epoch: epoch, Offset: off}, nil
}

// offset reads a whole number from 0 to 2^53.
func offset(v any, field string) (uint64, error) {
	f, ok := v.(float64)
	if !ok {
		return 0, &DecodeError{Kind: ErrWrongType, Field: field, Detail: "want a number"}
	}
	if f < 0 || f > 1<<53 || f != math.Trunc(f) {
		return 0, &DecodeError{Kind: ErrBadValue, Field: field, Detail: "want a whole number from 0 to 2^53"}
	}
	return uint64(f), nil
}
