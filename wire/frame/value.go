package frame

import "strconv"

// ParseValue parses b, one JSON value with optional whitespace around it,
// into the Go values JavaScript's JSON.parse makes: map[string]any for an
// object (a name given twice keeps its last value), []any for an array,
// float64 for a number, string, bool, and nil for null. A number too large
// for a float64 is ±Inf, as in JavaScript, rather than an error. Strings
// follow the decoder's rules: invalid UTF-8 and escaped lone surrogates
// read as U+FFFD.
//
// The syntax is as strict as [Decode]'s; a failure is a [*DecodeError] of
// kind [ErrSyntax].
func ParseValue(b []byte) (any, error) {
	p := parser{data: b}
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

// value reads one value, after optional whitespace, and returns it.
func (p *parser) value() (any, *DecodeError) {
	p.skipSpace()
	switch c := p.peek(); {
	case c == '{':
		m := make(map[string]any)
		err := p.object(func(name []byte, escaped bool) *DecodeError {
			v, err := p.value()
			m[unquote(name, escaped)] = v
			return err
		})
		if err != nil {
			return nil, err
		}
		return m, nil
	case c == '[':
		a := make([]any, 0)
		err := p.array(func() *DecodeError {
			v, err := p.value()
			a = append(a, v)
			return err
		})
		if err != nil {
			return nil, err
		}
		return a, nil
	case c == '"':
		s, escaped, err := p.str()
		if err != nil {
			return nil, err
		}
		return unquote(s, escaped), nil
	case c == '-' || isDigit(c):
		start := p.pos
		if err := p.number(); err != nil {
			return nil, err
		}
		// The grammar is checked, so the only error left is ErrRange,
		// which comes with the ±Inf (or the zero) JavaScript gives.
		f, _ := strconv.ParseFloat(string(p.data[start:p.pos]), 64)
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
