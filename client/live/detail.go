package live

import (
	"strconv"

	"github.com/silcrow/silcrow/wire/frame"
)

// appendDetail appends detail as a JSON object, members in map order. Its
// values are what the Hub puts in event details: strings, ints, int64s,
// nil and JSON.
func appendDetail(b []byte, detail map[string]any) []byte {
	b = append(b, '{')
	first := true
	for k, v := range detail {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = frame.AppendString(b, k)
		b = append(b, ':')
		switch v := v.(type) {
		case string:
			b = frame.AppendString(b, v)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case JSON:
			if len(v) == 0 {
				b = append(b, "null"...)
			} else {
				b = append(b, v...)
			}
		default:
			b = append(b, "null"...)
		}
	}
	return append(b, '}')
}
