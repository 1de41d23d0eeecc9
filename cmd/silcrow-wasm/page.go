//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"github.com/silcrow/silcrow/client/dom"
	"github.com/silcrow/silcrow/client/live"
	"github.com/silcrow/silcrow/internal/jsstring"
	"github.com/silcrow/silcrow/wire/frame"
)

// page is the live.Page of the browser: client/dom does the work.
type page struct{}

func (page) Query(selector string) (live.Root, error) {
	el, err := dom.Query(selector)
	if err != nil || el == nil {
		return nil, err
	}
	return &live.Element{Value: el.Underlying()}, nil
}

func (page) Apply(r live.Root, ev frame.Event) {
	el := dom.ElementOf(r.(*live.Element).Value)
	switch ev.Type {
	case frame.TypePatch:
		dom.Patch(el, ev.Data, dom.PatchOptions{})
	case frame.TypeHTML:
		if err := dom.Swap(el, ev.Markup, ev.Swap); err != nil {
			warn("html swap failed: " + err.Error())
		}
	case frame.TypeInvalidate:
		dom.Invalidate(el)
	}
}

func (page) Navigate(path string) { dom.Navigate(path) }

func (page) Dispatch(name string, detail map[string]any) {
	dispatch(name, detail)
}

func (page) Warn(msg string) { warn(msg) }

// dispatch fires a bubbling CustomEvent on document. The detail is written
// as JSON in Go and made a JavaScript object by one JSON.parse, rather than
// set member by member, a call into JavaScript each; live.JSON values go
// in as they are. The init dictionary is one object whose detail is
// replaced each time: the CustomEvent constructor has read it before any
// listener runs.
func dispatch(name string, detail map[string]any) {
	dispatchInit.Set("detail", jsonParse.Invoke(string(appendDetail(nil, detail))))
	dispatchOn.Invoke(document, customEventCtor.New(jsstring.Of(name), dispatchInit))
}

// appendDetail appends detail as a JSON object, members in map order, as
// they were set before. Its values are what client/live puts in event details: strings, ints,
// int64s, nil and live.JSON.
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
		case live.JSON:
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
	dispatchOn      = js.Global().Get("Function").Get("prototype").Get("call").Call("bind", js.Global().Get("EventTarget").Get("prototype").Get("dispatchEvent"))
	dispatchInit    = js.ValueOf(map[string]any{"bubbles": true})
)

// warn prints a debug warning when the page asks for them with
// <body s-debug>.
func warn(msg string) {
	body := js.Global().Get("document").Get("body")
	if body.Truthy() && body.Call("hasAttribute", "s-debug").Bool() {
		js.Global().Get("console").Call("warn", "[silcrow] "+msg)
	}
}
