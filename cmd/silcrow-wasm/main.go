//go:build js && wasm

// Command silcrow-wasm is the Silcrow client runtime compiled to
// WebAssembly. The loader script served by the server package starts it;
// it waits for the document, installs the real window.Silcrow methods over
// the loader's queueing stub, connects every s-live element, replays the
// calls the page made before, and fires silcrow:ready on document.
package main

import (
	"syscall/js"

	"github.com/silcrow/silcrow/client/dom"
	"github.com/silcrow/silcrow/client/live"
)

func main() {
	doc := js.Global().Get("document")
	if doc.Get("readyState").String() == "loading" {
		ready := make(chan struct{})
		var onReady js.Func
		onReady = js.FuncOf(func(js.Value, []js.Value) any {
			onReady.Release()
			close(ready)
			return nil
		})
		doc.Call("addEventListener", "DOMContentLoaded", onReady, map[string]any{"once": true})
		<-ready
	}
	boot()
	select {}
}

func boot() {
	dom.SetWarn(warn)
	hub := live.NewHub(live.Config{
		Transports: map[live.Protocol]live.Transport{live.WebSocket: live.BrowserWebSocket{}},
		Page:       page{},
	})
	browser := live.NewBrowser(hub, warn)
	rt := &runtime{hub: hub, browser: browser}

	silcrow := js.Global().Get("Silcrow")
	if !silcrow.Truthy() {
		silcrow = js.Global().Get("Object").New()
		js.Global().Set("Silcrow", silcrow)
	}
	queue := silcrow.Get("__queue")
	rt.install(silcrow)

	doc := js.Global().Get("document")
	browser.Scan(doc)
	browser.Observe()
	rt.uninstallHistory = dom.InstallHistory()

	if queue.Truthy() {
		for i, n := 0, queue.Length(); i < n; i++ {
			call := queue.Index(i)
			fn := silcrow.Get(call.Get("name").String())
			if fn.Type() != js.TypeFunction {
				warn("dropped queued call to unknown Silcrow." + call.Get("name").String())
				continue
			}
			args := call.Get("args")
			vals := make([]any, args.Length())
			for j := range vals {
				vals[j] = args.Index(j)
			}
			fn.Invoke(vals...)
		}
	}
	silcrow.Delete("__queue")
	live.FireDocumentEvent("silcrow:ready", map[string]any{})
}
