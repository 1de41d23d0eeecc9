// Command silcrow-demo is the guide's chat, the first thing a user runs
// (make run): a page with <div id="chat" s-live="/ws/chat">, a WebSocket
// handler that greets each client and broadcasts every chat message to all
// of them, a second page (/about) that the chat reaches by an s-action link
// and by a navigate event the server pushes, and the silcrow.wasm assets.
//
//	silcrow-demo -addr 127.0.0.1:8080 -assets . -web web
//
// Several instances share the chat through NATS JetStream (make
// run-cluster): one may run an embedded NATS server, the others connect to
// it, and a tab on any instance sees every message; a restarted instance's
// tabs recover what they missed from the stream.
//
//	silcrow-demo -addr 127.0.0.1:8080 -nats-listen 127.0.0.1:4222
//	silcrow-demo -addr 127.0.0.1:8081 -nats nats://127.0.0.1:4222
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/silcrow/silcrow/server"
)

func main() {
	addr := flag.String("addr", envOr("SILCROW_ADDR", "127.0.0.1:8080"), "listen address (env SILCROW_ADDR)")
	assetsDir := flag.String("assets", ".", "directory holding silcrow.wasm and wasm_exec.js (make wasm)")
	webDir := flag.String("web", "web", "directory holding index.html")
	natsURL := flag.String("nats", os.Getenv("SILCROW_NATS"), "NATS server to share rooms through, e.g. nats://127.0.0.1:4222 (env SILCROW_NATS); none: this instance is alone")
	natsListen := flag.String("nats-listen", "", "run an embedded NATS server with JetStream on this address, e.g. 127.0.0.1:4222, and share rooms through it")
	natsStore := flag.String("nats-store", filepath.Join(os.TempDir(), "silcrow-demo-nats"), "where the embedded NATS server keeps its stream")
	flag.Parse()

	startCtx, cancelStart := context.WithTimeout(context.Background(), 30*time.Second)
	cl, err := joinCluster(startCtx, *natsURL, *natsListen, *natsStore)
	cancelStart()
	if err != nil {
		log.Fatalf("silcrow-demo: %v", err)
	}
	defer cl.stop()

	assets, err := server.NewAssets(os.DirFS(*assetsDir))
	if err != nil {
		log.Fatalf("silcrow-demo: %v (run `make wasm` first)", err)
	}
	app, err := newChat(context.Background(), filepath.Join(*webDir, "index.html"), assets, cl)
	if err != nil {
		log.Fatalf("silcrow-demo: %v", err)
	}
	go func() {
		sizes := assets.WasmSizes()
		log.Printf("silcrow.wasm: %d bytes, %d gzip, %d brotli", sizes.Raw, sizes.Gzip, sizes.Brotli)
	}()
	fmt.Printf("Silcrow chat demo on http://%s/ — open it in two tabs\n", *addr)
	srv := &http.Server{Addr: *addr, Handler: app.routes()}
	// On SIGINT or SIGTERM every live socket is closed with 1001, so the
	// open tabs reconnect to the next instance (or this one, restarted)
	// at once instead of waiting for a dead connection to time out.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := server.Shutdown(ctx, srv); err != nil {
			log.Printf("silcrow-demo: shutdown: %v", err)
		}
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	// ListenAndServe returns as soon as Shutdown starts; give the live
	// sockets their close.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := server.CloseAll(ctx); err != nil {
		log.Printf("silcrow-demo: closing live sockets: %v", err)
	}
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
