package frame

import (
	"strconv"
	"sync"
	"unicode/utf8"
)

// ParseValue parses b, one JSON value with optional whitespace around it,
// into the Go values JavaScript's JSON.parse makes: an [*Object] for an
// object, []any for an array, float64 for a number, string, bool, and nil
// for null. A number too large for a float64 is ±Inf, as in JavaScript,
// rather than an error. Strings follow the decoder's rules: invalid UTF-8
// and escaped lone surrogates read as U+FFFD.
//
// The syntax is as strict as [Decode]'s; a failure is a [*DecodeError] of
// kind [ErrSyntax].
//
// ParseValue is the client's per-message hot path (a list patch is one
// object per item), so it allocates once per object, array, string and
// number: members and elements collect on shared stacks and are copied out
// at the exact size, and member names, which repeat from item to item and
// from message to message, are made into strings once (see names).
func ParseValue(b []byte) (any, error) {
	namesMu.Lock()
	defer namesMu.Unlock()
	p := valueParser{parser: parser{data: b}, validUTF8: utf8.Valid(b), names: names,
		members: stacks.members, elems: stacks.elems}
	defer p.keepStacks()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(b) {
		return nil, p.syntaxError("the end after the value")
	}
	return v, nil
}

// valueParser is the parser with the state ParseValue reuses across values.
type valueParser struct {
	parser
	validUTF8 bool              // all of data is UTF-8, so unescaped text needs no check
	members   []Member          // members of the objects being read, innermost last
	elems     []any             // elements of the arrays being read, innermost last
	names     map[string]string // member names made so far (see names)
}

// value reads one value, after optional whitespace, and returns it.
func (p *valueParser) value() (any, *DecodeError) {
	p.skipSpace()
	switch c := p.peek(); {
	case c == '{':
		base := len(p.members)
		err := p.object(func(name []byte, escaped bool) *DecodeError {
			m := Member{Name: p.name(name, escaped)}
			v, err := p.value()
			m.Value = v
			p.members = append(p.members, m)
			return err
		})
		if err != nil {
			return nil, err
		}
		o := newObject(p.members[base:])
		clear(p.members[base:])
		p.members = p.members[:base]
		return o, nil
	case c == '[':
		base := len(p.elems)
		err := p.array(func() *DecodeError {
			v, err := p.value()
			p.elems = append(p.elems, v)
			return err
		})
		if err != nil {
			return nil, err
		}
		a := append(make([]any, 0, len(p.elems)-base), p.elems[base:]...)
		clear(p.elems[base:])
		p.elems = p.elems[:base]
		return a, nil
	case c == '"':
		s, escaped, err := p.str()
		if err != nil {
			return nil, err
		}
		return p.text(s, escaped), nil
	case c == '-' || isDigit(c):
		start := p.pos
		if err := p.number(); err != nil {
			return nil, err
		}
		// The grammar is checked, so the only error left is ErrRange,
		// which comes with the ±Inf (or the zero) JavaScript gives.
		f, _ := strconv.ParseFloat(string(p.data[start:p.pos]), 64)
		if i := int(f); float64(i) == f && i >= 0 && i < len(smallNumbers) && (i != 0 || p.data[start] != '-') {
			return smallNumbers[i], nil
		}
		return f, nil
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.syntaxError("a value")
}

// stacks are the member and element stacks of the last ParseValue, kept
// for the next under namesMu: growing them afresh for every message cost
// the client a tenth of its time per patch in allocations.
var stacks struct {
	members []Member
	elems   []any
}

// maxStack is the largest stack kept from call to call; a larger one, from
// an unusual message, is left to the collector.
const maxStack = 1024

// keepStacks hands p's stacks, emptied, to the next call.
func (p *valueParser) keepStacks() {
	// A failed parse leaves values on them; a finished one none.
	clear(p.members)
	clear(p.elems)
	stacks.members, stacks.elems = nil, nil
	if cap(p.members) <= maxStack {
		stacks.members = p.members[:0]
	}
	if cap(p.elems) <= maxStack {
		stacks.elems = p.elems[:0]
	}
}

// names keeps member names from call to call: they repeat from message
// to message as well as from item to item (a stream of patches to the
// same bindings), so each is made into a string once, not once per call.
// It is emptied when it reaches maxNames. Calls share it under namesMu:
// the client parses on one thread, and a sync.Pool of caches would cost
// silcrow.wasm 5 KB of gzip.
var (
	namesMu sync.Mutex
	names   = map[string]string{}
)

const maxNames = 512

// smallNumbers are the numbers 0 to 255 already in interfaces: counts and
// indexes are most of the numbers a page receives, and putting a float64
// into an interface allocates.
var smallNumbers = func() (t [256]any) {
	for i := range t {
		t[i] = float64(i)
	}
	return t
}()

// text is unquote, with the UTF-8 check already done for the whole input.
func (p *valueParser) text(s []byte, escaped bool) string {
	if !escaped && p.validUTF8 {
		return string(s)
	}
	return unquote(s, escaped)
}

// name is text for a member name, made once per distinct name.
func (p *valueParser) name(s []byte, escaped bool) string {
	if escaped || !p.validUTF8 {
		return unquote(s, escaped)
	}
	if n, ok := p.names[string(s)]; ok {
		return n
	}
	if len(p.names) >= maxNames {
		clear(p.names)
	}
	n := string(s)
	p.names[n] = n
	return n
}
