package frame

import "unicode/utf8"

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string, escaped exactly as encoding/json
// escapes it with HTML escaping off, so that Encode's output does not
// depend on which of the two wrote it. The client also uses it to write
// event details as JSON without encoding/json.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			// Valid JSON, but they end a line in JavaScript source, so
			// a frame pasted into a script must not hold them raw.
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Quote returns s as a JSON string, as AppendString writes it: how error
// messages and warnings quote a name or a value. It stands in for
// strconv.Quote, whose printability tables and escaping are 5.6 KB of
// gzipped silcrow.wasm.
func Quote(s string) string { return string(AppendString(nil, s)) }

// quoteRune returns r in single quotes, as Go writes a rune literal: an
// ASCII control character or a quote escaped, anything else as it is.
func quoteRune(r rune) string {
	switch r {
	case '\'', '\\':
		return `'\` + string(r) + `'`
	case '\a':
		return `'\a'`
	case '\b':
		return `'\b'`
	case '\f':
		return `'\f'`
	case '\n':
		return `'\n'`
	case '\r':
		return `'\r'`
	case '\t':
		return `'\t'`
	case '\v':
		return `'\v'`
	}
	if r < 0x20 || r == 0x7f {
		return `'\x` + string(hexDigits[r>>4]) + string(hexDigits[r&0xF]) + `'`
	}
	return "'" + string(r) + "'"
}
