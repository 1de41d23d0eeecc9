// Command silcrow-demo is the guide's chat, the first thing a user runs
// (make run): a page with <div id="chat" s-live="/ws/chat">, a WebSocket
// handler that greets each client and broadcasts every chat message to all
// of them, a second page (/about) that the chat reaches by an s-action link
// and by a navigate event the server pushes, and the silcrow.wasm assets.
//
//	silcrow-demo -addr 127.0.0.1:8080 -assets . -web web
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"

	"github.com/silcrow/silcrow/server"
)

func main() {
	addr := flag.String("addr", envOr("SILCROW_ADDR", "127.0.0.1:8080"), "listen address (env SILCROW_ADDR)")
	assetsDir := flag.String("assets", ".", "directory holding silcrow.wasm and wasm_exec.js (make wasm)")
	webDir := flag.String("web", "web", "directory holding index.html")
	flag.Parse()

	assets, err := server.NewAssets(os.DirFS(*assetsDir))
	if err != nil {
		log.Fatalf("silcrow-demo: %v (run `make wasm` first)", err)
	}
	app, err := newChat(filepath.Join(*webDir, "index.html"), assets)
	if err != nil {
		log.Fatalf("silcrow-demo: %v", err)
	}
	go func() {
		sizes := assets.WasmSizes()
		log.Printf("silcrow.wasm: %d bytes, %d gzip, %d brotli", sizes.Raw, sizes.Gzip, sizes.Brotli)
	}()
	fmt.Printf("Silcrow chat demo on http://%s/ — open it in two tabs\n", *addr)
	log.Fatal(http.ListenAndServe(*addr, app.routes()))
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
