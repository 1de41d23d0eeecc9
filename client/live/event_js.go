//go:build js && wasm

package live

import (
	"strconv"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/jsstring"
	"github.com/silcrow/silcrow/wire/frame"
)

// FireDocumentEvent fires a bubbling CustomEvent called name on document,
// with detail as its detail: the browser side of Page.Dispatch. The detail
// is written as JSON in Go and made a JavaScript object by one JSON.parse,
// rather than set member by member, a call into JavaScript each; JSON
// values go in as they are. The init dictionary is one object whose
// detail is replaced each time: the CustomEvent constructor has read it
// before any listener runs.
func FireDocumentEvent(name string, detail map[string]any) {
	dispatchInit.Set("detail", jsonParse.Invoke(string(appendDetail(nil, detail))))
	dispatchOn.Invoke(document, customEventCtor.New(jsstring.Of(name), dispatchInit))
}

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

var (
	customEventCtor = js.Global().Get("CustomEvent")
	document        = js.Global().Get("document")
	jsonParse       = js.Global().Get("JSON").Get("parse")
	dispatchOn      = caller(js.Global().Get("EventTarget").Get("prototype").Get("dispatchEvent"))
	dispatchInit    = js.ValueOf(map[string]any{"bubbles": true})
)
