// Package wasmbuild holds the flags silcrow.wasm is built with, so that
// the browser tests and benchmarks build it exactly as `make wasm` does
// (the Makefile's WASMFLAGS are the same flags).
package wasmbuild

// Flags are the go build flags of silcrow.wasm:
//
//   - -trimpath and -ldflags=-s -w: no file paths, no symbol table or
//     DWARF (the runtime's own function tables stay).
//   - -gcflags=github.com/silcrow/silcrow/...=-l: our packages are not
//     inlined. Inlining copies a function's body into every caller, which
//     in Go's WebAssembly costs more than the call it saves: without it
//     silcrow.wasm is 24 KB smaller under gzip and 80 KB smaller raw, and
//     the browser benchmarks (S1-S5, 3-5 runs each, same session) did not
//     move beyond their noise. The Go runtime and standard library keep
//     their inlining, which their hot paths rely on.
var Flags = []string{"-trimpath", "-ldflags=-s -w", "-gcflags=github.com/silcrow/silcrow/...=-l"}
