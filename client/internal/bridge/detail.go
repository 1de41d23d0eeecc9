package bridge

import (
	"strconv"

	"github.com/silcrow/silcrow/wire/frame"
)

// JSONText is a value that is JSON text already, as live.JSON is. Its
// method is not MarshalJSON on purpose: a dynamic call of MarshalJSON in
// the wasm would keep the MarshalJSON of every type that reaches an
// interface (frame.Event's links the whole event encoder).
type JSONText interface{ RawJSON() []byte }

// AppendDetail appends detail, an event detail, as a JSON object, members
// in name order; OpFire makes it the event's detail with JSON.parse. Its
// values are strings, ints, int64s, nil and JSONText
// (empty JSON text is null); anything else is null.
func AppendDetail(b []byte, detail map[string]any) []byte {
	names := make([]string, 0, len(detail))
	for k := range detail {
		// An insertion sort: details have a handful of members, and the
		// slices package would cost silcrow.wasm more.
		i := len(names)
		names = append(names, k)
		for ; i > 0 && names[i-1] > k; i-- {
			names[i] = names[i-1]
		}
		names[i] = k
	}
	b = append(b, '{')
	for i, k := range names {
		if i > 0 {
			b = append(b, ',')
		}
		v := detail[k]
		b = frame.AppendString(b, k)
		b = append(b, ':')
		switch v := v.(type) {
		case string:
			b = frame.AppendString(b, v)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case JSONText:
			if raw := v.RawJSON(); len(raw) > 0 {
				b = append(b, raw...)
			} else {
				b = append(b, "null"...)
			}
		default:
			b = append(b, "null"...)
		}
	}
	return append(b, '}')
}
