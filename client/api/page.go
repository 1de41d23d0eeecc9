//go:build js && wasm

package api

import (
	"github.com/silcrow/silcrow/client/dom"
	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/live"
	"github.com/silcrow/silcrow/wire/frame"
)

// page is the live.Page of the browser: client/dom does the work.
type page struct{}

func (page) Query(selector string) (live.Root, error) {
	el, err := bridge.Query(selector)
	if err != nil || el == 0 {
		return nil, err
	}
	return &live.Element{H: el}, nil
}

func (page) Apply(r live.Root, ev frame.Event) {
	el := r.(*live.Element).H
	switch ev.Type {
	case frame.TypePatch:
		dom.PatchNode(el, ev.Data, dom.PatchOptions{})
	case frame.TypeHTML:
		if err := dom.SwapNode(el, ev.Markup, ev.Swap); err != nil {
			warn("html swap failed: " + err.Error())
		}
	case frame.TypeInvalidate:
		dom.InvalidateNode(el)
	}
}

func (page) Navigate(path string) { dom.Navigate(path) }

func (page) Dispatch(name string, detail map[string]any) {
	live.FireDocumentEvent(name, detail)
}

func (page) Warn(msg string) { warn(msg) }

func (page) State(roots []live.Root, state string) { live.ShowState(roots, state) }

// warn prints a debug warning when the page asks for them with
// <body s-debug>; the loader checks.
func warn(msg string) { bridge.Warn(msg) }
