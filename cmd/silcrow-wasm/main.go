//go:build js && wasm

// Command silcrow-wasm is the Silcrow client runtime compiled to
// WebAssembly. The loader script served by the server package starts it;
// it waits for the document, connects every s-live element, lets the
// loader replay the calls the page made before, and fires silcrow:ready on
// document (package client/api). Everything after boot reaches it through
// the loader's bridge (client/internal/bridge).
package main

import "github.com/silcrow/silcrow/client/api"

func main() {
	api.Mark("silcrow:main")
	api.Start()
	select {}
}
