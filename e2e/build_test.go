package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/silcrow/silcrow/e2e/internal/wasmbuild"
)

// goTool is the go command of the toolchain that runs `go env GOROOT`, so
// that the wasm and the wasm_exec.js beside it come from the same one: a
// mismatch breaks the boot.
func goTool() (goroot, goBin string, err error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", "", fmt.Errorf("go env GOROOT: %w", err)
	}
	goroot = strings.TrimSpace(string(out))
	return goroot, filepath.Join(goroot, "bin", "go"), nil
}

// goCommand runs the go command in the module root with extra environment
// and returns its combined output.
func goCommand(root string, env []string, args ...string) ([]byte, error) {
	_, goBin, err := goTool()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(goBin, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out.Bytes())
	}
	return out.Bytes(), nil
}

// wasmEnv is the environment of every build for the browser.
var wasmEnv = []string{"GOOS=js", "GOARCH=wasm"}

// buildWasm builds silcrow.wasm into dir exactly as `make wasm` does and
// copies wasm_exec.js of the same toolchain beside it.
func buildWasm(root, dir string) error {
	args := append(append([]string{"build"}, wasmbuild.Flags...), "-o", filepath.Join(dir, "silcrow.wasm"), "./cmd/silcrow-wasm")
	if _, err := goCommand(root, wasmEnv, args...); err != nil {
		return err
	}
	goroot, _, err := goTool()
	if err != nil {
		return err
	}
	execJS, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), execJS, 0o644)
}

// buildDemo builds cmd/silcrow-demo for this machine into bin.
func buildDemo(root, bin string) error {
	_, err := goCommand(root, nil, "build", "-o", bin, "./cmd/silcrow-demo")
	return err
}
