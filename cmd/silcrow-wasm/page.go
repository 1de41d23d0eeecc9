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
	live.FireDocumentEvent(name, detail)
}

func (page) Warn(msg string) { warn(msg) }

// warn prints a debug warning when the page asks for them with
// <body s-debug>.
func warn(msg string) {
	body := js.Global().Get("document").Get("body")
	if body.Truthy() && body.Call("hasAttribute", "s-debug").Bool() {
		js.Global().Get("console").Call("warn", "[silcrow] "+msg)
	}
}
