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

// maxWasmGzip is the budget of what the runtime ships under gzip -9, in
// bytes (decimal): silcrow.wasm and the loader, whose bridge applies the
// wasm's command lists. It is the project's target, 900 KB, which the two
// meet with about 9 KB of room: growth past it is a decision, not an
// accident.
const maxWasmGzip = 900_000

// maxLoaderGzip is the loader's own budget, as served: a small
// interpreter, not a second runtime.
const maxLoaderGzip = 8_000

// gzip9 is the size of b under `gzip -9`.
func gzip9(t *testing.T, b []byte) int {
	t.Helper()
	cmd := exec.Command("gzip", "-9", "-c")
	cmd.Stdin = bytes.NewReader(b)
	gz, err := cmd.Output()
	if err != nil {
		t.Fatalf("gzip -9: %v (gzip is part of every Debian system)", err)
	}
	return len(gz)
}

// The wasm, built with wasmbuild.Flags by TestMain exactly as
// `make wasm` builds it, and the loader stay within the gzip budget.
func TestWasmSize(t *testing.T) {
	needSuite(t)
	raw, err := os.ReadFile(filepath.Join(suite.dir, "silcrow.wasm"))
	if err != nil {
		t.Fatal(err)
	}

	// The budget is in `gzip -9` bytes, as the issue states it; Go's own
	// BestCompression (what the server's asset handler sends) is logged
	// beside it and runs about 1% larger.
	gz := gzip9(t, raw)
	// The loader as pages get it (without its comment lines), under Go's
	// best gzip, as the server sends it.
	loader := suite.assets.LoaderSizes()
	loaderGz := loader.Gzip
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

	t.Logf("silcrow.wasm: raw %d bytes, gzip -9 %d bytes (Go BestCompression %d), brotli q11 %d bytes; loader: raw %d, gzip -9 %d bytes (budget: both under gzip -9 <= %d bytes)",
		len(raw), gz, goGz.Len(), br.Len(), loader.Raw, loaderGz, maxWasmGzip)
	if gz+loaderGz > maxWasmGzip {
		t.Errorf("silcrow.wasm and the loader are %d + %d bytes under gzip -9, over the budget of %d bytes", gz, loaderGz, maxWasmGzip)
	}
	if loaderGz > maxLoaderGzip {
		t.Errorf("the loader is %d bytes under gzip -9, over its budget of %d bytes", loaderGz, maxLoaderGzip)
	}
}

// The runtime talks through the browser's own WebSocket and fetch: linking
// net/http or crypto/tls into the wasm would cost megabytes for nothing.
// encoding/json, fmt, reflect and net/url are kept out too: wire/frame
// parses JSON and the browser's URL parser resolves URLs, and together they
// were a quarter of the gzipped wasm. So is time, and with it
// honnef.co/go/js/dom/v2, which imports it: time's initialization links
// Go's GODEBUG settings and runtime metrics, 52 KB of gzip; the runtime's
// clock and timers are the page's (client/internal/clock).
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
	for _, banned := range []string{"net/http", "crypto/tls", "encoding/json", "fmt", "reflect", "net/url", "time", "honnef.co/go/js/dom/v2"} {
		if slices.Contains(deps, banned) {
			t.Errorf("GOOS=js GOARCH=wasm ./cmd/silcrow-wasm depends on %s", banned)
		}
	}
}
