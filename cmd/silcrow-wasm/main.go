//go:build js && wasm

// Command silcrow-wasm is the Silcrow client runtime compiled to
// WebAssembly. The loader script served by the server package starts it;
// it waits for the document, connects every s-live element, lets the
// loader replay the calls the page made before, and fires silcrow:ready on
// document (package client/api). Everything after boot reaches it through
// the loader's bridge (client/internal/bridge).
package main

import (
	"syscall/js"

	"github.com/silcrow/silcrow/client/api"
)

func main() {
	api.Mark("silcrow:main")
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
	api.Boot()
	select {}
}
