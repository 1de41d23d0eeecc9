package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/silcrow/silcrow/e2e/internal/wasmbuild"
)

// buildWasm builds silcrow.wasm into dir exactly as `make wasm` does, with
// the go command of the toolchain whose wasm_exec.js it copies beside it:
// the two must match or the runtime does not boot.
func buildWasm(root, dir string) error {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	goroot := strings.TrimSpace(string(out))
	args := append(append([]string{"build"}, wasmbuild.Flags...), "-o", filepath.Join(dir, "silcrow.wasm"), "./cmd/silcrow-wasm")
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
