//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/silcrow/silcrow/client/dom"
	"github.com/silcrow/silcrow/client/live"
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

// dispatch fires a bubbling CustomEvent on document; live.JSON values
// of detail become JS values through JSON.parse. The init dictionary is
// one object whose detail is replaced each time: the CustomEvent
// constructor has read it before any listener runs.
func dispatch(name string, detail map[string]any) {
	obj := objectCtor.New()
	for k, v := range detail {
		if raw, ok := v.(live.JSON); ok {
			obj.Set(k, parseJSON(raw))
			continue
		}
		obj.Set(k, v)
	}
	dispatchInit.Set("detail", obj)
	dispatchOn.Invoke(document, customEventCtor.New(name, dispatchInit))
}

var (
	objectCtor      = js.Global().Get("Object")
	customEventCtor = js.Global().Get("CustomEvent")
	document        = js.Global().Get("document")
	dispatchOn      = js.Global().Get("Function").Get("prototype").Get("call").Call("bind", js.Global().Get("EventTarget").Get("prototype").Get("dispatchEvent"))
	dispatchInit    = js.ValueOf(map[string]any{"bubbles": true})
)

func parseJSON(raw []byte) js.Value {
	if len(raw) == 0 {
		return js.Null()
	}
	return js.Global().Get("JSON").Call("parse", string(raw))
}

// warn prints a debug warning when the page asks for them with
// <body s-debug>.
func warn(msg string) {
	body := js.Global().Get("document").Get("body")
	if body.Truthy() && body.Call("hasAttribute", "s-debug").Bool() {
		js.Global().Get("console").Call("warn", "[silcrow] "+msg)
	}
}
