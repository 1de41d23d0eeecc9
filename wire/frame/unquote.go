package frame

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// unquote returns the text that s, the inside of a string the parser has
// read, stands for. escaped says whether s holds escapes. Like
// encoding/json, and like a browser decoding a text frame, it reads an
// escaped lone surrogate and every byte of invalid UTF-8 as U+FFFD.
func unquote(s []byte, escaped bool) string {
	if !escaped && utf8.Valid(s) {
		return string(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && s[i+1] == 'u':
			r := hex4(s[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				// A high surrogate escaped right before a low one is one
				// character; any other surrogate stands alone.
				pair := utf8.RuneError
				if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
					pair = utf16.DecodeRune(r, hex4(s[i+2:]))
				}
				if r = pair; r != utf8.RuneError {
					i += 6
				}
			}
			b.WriteRune(r)
		case c == '\\':
			b.WriteByte(unescape(s[i+1]))
			i += 2
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			b.WriteRune(r)
			i += size
		}
	}
	return b.String()
}

// unescape returns the byte a one-character escape such as \n stands for.
func unescape(c byte) byte {
	switch c {
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return c // '"', '\\' and '/' stand for themselves
}

// hex4 returns the value of the four hex digits that start s.
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
