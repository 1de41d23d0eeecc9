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

// goTool is the go command of the toolchain wasmbuild.Build uses.
func goTool() (string, error) {
	goroot, err := wasmbuild.GOROOT()
	return filepath.Join(goroot, "bin", "go"), err
}

// goCommand runs the go command in the module root with extra environment
// and returns its combined output.
func goCommand(root string, env []string, args ...string) ([]byte, error) {
	goBin, err := goTool()
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

// buildDemo builds cmd/silcrow-demo for this machine into bin.
func buildDemo(root, bin string) error {
	_, err := goCommand(root, nil, "build", "-o", bin, "./cmd/silcrow-demo")
	return err
}
