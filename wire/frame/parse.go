package frame

import (
	"strconv"
	"unicode/utf8"
)

// maxDepth is how deep arrays and objects may nest, the outermost one
// included. It is encoding/json's limit, so that a frame this package
// accepts is one any Go reader accepts.
const maxDepth = 10000

// parser reads JSON text strictly per RFC 8259: no comments, no trailing
// commas, no leading zeros, no bare control characters in strings, no
// escapes but the eight JSON ones and \uXXXX. skipValue and value skip the
// whitespace before a value; object, array, str, number and literal start
// at its first byte. All leave pos just past the value's last byte. The
// errors are *DecodeError of kind ErrSyntax saying where and what.
//
// Bytes at or above 0x80 are allowed only inside strings, and are not
// checked there: callers that need UTF-8 check it first, and unquote turns
// what is not into U+FFFD.
type parser struct {
	data  []byte
	pos   int
	depth int
}

// peek returns the byte at pos, or 0, which no rule accepts, at the end.
func (p *parser) peek() byte {
	if p.pos < len(p.data) {
		return p.data[p.pos]
	}
	return 0
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// syntaxError says that the byte at pos is not what the grammar wants.
func (p *parser) syntaxError(want string) *DecodeError {
	if p.pos >= len(p.data) {
		return &DecodeError{Kind: ErrSyntax, Detail: "unexpected end of input, want " + want}
	}
	got := "byte 0x" + strconv.FormatUint(uint64(p.data[p.pos]), 16)
	if r, size := utf8.DecodeRune(p.data[p.pos:]); r != utf8.RuneError || size != 1 {
		got = quoteRune(r)
	}
	return &DecodeError{Kind: ErrSyntax, Detail: "offset " + strconv.Itoa(p.pos) + ": unexpected " + got + ", want " + want}
}

// skipValue reads one value, after optional whitespace, only to check it.
func (p *parser) skipValue() *DecodeError {
	p.skipSpace()
	switch c := p.peek(); {
	case c == '{':
		return p.object(func([]byte, bool) *DecodeError { return p.skipValue() })
	case c == '[':
		return p.array(p.skipValue)
	case c == '"':
		_, _, err := p.str()
		return err
	case c == '-' || isDigit(c):
		return p.number()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	}
	return p.syntaxError("a value")
}

// enter counts one more level of nesting, refusing one too many.
func (p *parser) enter() *DecodeError {
	if p.depth++; p.depth > maxDepth {
		return &DecodeError{Kind: ErrSyntax, Detail: "offset " + strconv.Itoa(p.pos) + ": nested deeper than " + strconv.Itoa(maxDepth) + " levels"}
	}
	return nil
}

// object reads an object. For each member it calls member with the name
// as written between its quotes, and whether that holds escapes, with pos
// after the colon; member must read the value.
func (p *parser) object(member func(name []byte, escaped bool) *DecodeError) *DecodeError {
	if err := p.enter(); err != nil {
		return err
	}
	p.pos++ // '{'
	p.skipSpace()
	if p.peek() == '}' {
		p.pos++
		p.depth--
		return nil
	}
	for {
		if p.peek() != '"' {
			return p.syntaxError("'\"' starting a member name")
		}
		name, escaped, err := p.str()
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.peek() != ':' {
			return p.syntaxError("':' after a member name")
		}
		p.pos++
		if err := member(name, escaped); err != nil {
			return err
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
			p.skipSpace()
		case '}':
			p.pos++
			p.depth--
			return nil
		default:
			return p.syntaxError("',' or '}' after a member")
		}
	}
}

// array reads an array, calling element to read each element.
func (p *parser) array(element func() *DecodeError) *DecodeError {
	if err := p.enter(); err != nil {
		return err
	}
	p.pos++ // '['
	p.skipSpace()
	if p.peek() == ']' {
		p.pos++
		p.depth--
		return nil
	}
	for {
		if err := element(); err != nil {
			return err
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.depth--
			return nil
		default:
			return p.syntaxError("',' or ']' after an element")
		}
	}
}

// str reads a string and returns what is between its quotes, as written,
// and whether that holds escapes.
func (p *parser) str() ([]byte, bool, *DecodeError) {
	p.pos++ // '"'
	start, escaped := p.pos, false
	for p.pos < len(p.data) {
		switch c := p.data[p.pos]; {
		case c == '"':
			s := p.data[start:p.pos]
			p.pos++
			return s, escaped, nil
		case c == '\\':
			escaped = true
			if err := p.escape(); err != nil {
				return nil, false, err
			}
		case c < 0x20:
			return nil, false, p.syntaxError("an escape in place of a control character")
		default:
			p.pos++
		}
	}
	return nil, false, p.syntaxError("'\"' ending a string")
}

// escape reads one escape sequence inside a string.
func (p *parser) escape() *DecodeError {
	p.pos++ // '\\'
	switch p.peek() {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		p.pos++
		return nil
	case 'u':
		p.pos++
		for range 4 {
			if !isHex(p.peek()) {
				return p.syntaxError("a hex digit of a \\u escape")
			}
			p.pos++
		}
		return nil
	}
	return p.syntaxError("an escape character")
}

// number reads a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() *DecodeError {
	if p.peek() == '-' {
		p.pos++
	}
	switch c := p.peek(); {
	case c == '0':
		p.pos++
	case '1' <= c && c <= '9':
		p.digits()
	default:
		return p.syntaxError("a digit")
	}
	if p.peek() == '.' {
		p.pos++
		if !isDigit(p.peek()) {
			return p.syntaxError("a digit after the decimal point")
		}
		p.digits()
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.pos++
		if c := p.peek(); c == '+' || c == '-' {
			p.pos++
		}
		if !isDigit(p.peek()) {
			return p.syntaxError("a digit of the exponent")
		}
		p.digits()
	}
	return nil
}

func (p *parser) digits() {
	for isDigit(p.peek()) {
		p.pos++
	}
}

// literal reads word: true, false or null.
func (p *parser) literal(word string) *DecodeError {
	for i := range len(word) {
		if p.peek() != word[i] {
			return p.syntaxError("the literal " + word)
		}
		p.pos++
	}
	return nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
