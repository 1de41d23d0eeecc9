package e2e

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// maxWasmGzip is the budget of silcrow.wasm as served gzipped, in bytes
// (900 KB, decimal). It was 1.2 MB until the client stopped linking
// encoding/json, fmt, reflect and dom/v2's element wrappers (ISSUE-4); keep
// it at what we ship so that growth is a decision, not an accident.
const maxWasmGzip = 900_000

// The wasm, built with -trimpath -ldflags='-s -w' by TestMain exactly as
// `make wasm` builds it, stays within the gzip budget.
func TestWasmSize(t *testing.T) {
	needSuite(t)
	raw, err := os.ReadFile(filepath.Join(suite.dir, "silcrow.wasm"))
	if err != nil {
		t.Fatal(err)
	}

	// The budget is in `gzip -9` bytes, as the issue states it; Go's own
	// BestCompression (what the server's asset handler sends) is logged
	// beside it and runs about 1% larger.
	gzipCmd := exec.Command("gzip", "-9", "-c")
	gzipCmd.Stdin = bytes.NewReader(raw)
	gz, err := gzipCmd.Output()
	if err != nil {
		t.Fatalf("gzip -9: %v (gzip is part of every Debian system)", err)
	}
	var goGz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&goGz, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}

	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, 11)
	if _, err := bw.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}

	t.Logf("silcrow.wasm: raw %d bytes, gzip -9 %d bytes (Go BestCompression %d), brotli q11 %d bytes (budget: gzip -9 <= %d bytes)",
		len(raw), len(gz), goGz.Len(), br.Len(), maxWasmGzip)
	if len(gz) > maxWasmGzip {
		t.Errorf("silcrow.wasm is %d bytes under gzip -9, over the budget of %d bytes", len(gz), maxWasmGzip)
	}
}

// The runtime talks through the browser's own WebSocket and fetch: linking
// net/http or crypto/tls into the wasm would cost megabytes for nothing.
// encoding/json, fmt, reflect and net/url are kept out too: wire/frame
// parses JSON and the browser's URL parser resolves URLs, and together they
// were a quarter of the gzipped wasm.
func TestWasmLinksNoNetHTTP(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	out, err := goCommand(root, wasmEnv, "list", "-deps", "./cmd/silcrow-wasm")
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "syscall/js") {
		t.Fatalf("go list -deps did not list syscall/js; is this the wasm build? output:\n%s", out)
	}
	for _, banned := range []string{"net/http", "crypto/tls", "encoding/json", "fmt", "reflect", "net/url"} {
		if slices.Contains(deps, banned) {
			t.Errorf("GOOS=js GOARCH=wasm ./cmd/silcrow-wasm depends on %s", banned)
		}
	}
}
