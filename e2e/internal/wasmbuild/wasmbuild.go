// Package wasmbuild builds silcrow.wasm for the browser tests and
// benchmarks exactly as `make wasm` does (the Makefile's WASMFLAGS are
// Flags), with the wasm_exec.js of the same toolchain beside it.
package wasmbuild

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

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

// Build builds silcrow.wasm from the module at root into dir, and copies
// wasm_exec.js beside it. Both come from the toolchain that `go env
// GOROOT` names: a wasm and a wasm_exec.js of different Go versions do not
// boot.
func Build(root, dir string) error {
	goroot, err := GOROOT()
	if err != nil {
		return err
	}
	args := append(append([]string{"build"}, Flags...), "-o", filepath.Join(dir, "silcrow.wasm"), "./cmd/silcrow-wasm")
	cmd := exec.Command(filepath.Join(goroot, "bin", "go"), args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building silcrow.wasm: %w\n%s", err, out)
	}
	execJS, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), execJS, 0o644)
}

// GOROOT is the root of the toolchain that `go env GOROOT` names; Build
// uses its go command and wasm_exec.js.
func GOROOT() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
