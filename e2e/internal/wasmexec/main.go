// Command wasmexec runs a js/wasm test binary in headless Chromium, loaded
// through Silcrow's own loader exactly as a page loads silcrow.wasm, so the
// tests see everything the loader adds to go.importObject. It is a
// `go test -exec` program:
//
//	go build -o bin/wasmexec ./e2e/internal/wasmexec
//	GOOS=js GOARCH=wasm go test -exec $PWD/bin/wasmexec ./client/...
//
// go test runs it as `wasmexec /path/to/pkg.test [test flags...]`. It serves
// the test binary as silcrow.wasm, with the wasm_exec.js of the toolchain,
// through [server.Assets] on 127.0.0.1, and opens a page whose <head> holds a
// hook script and then the loader's two tags (page.go). The hook gives the Go
// instance the loader creates the test flags as its arguments and reports
// how the program ended (hook.js); it also gives the program an in-memory
// file system, which Examples and t.TempDir need (memfs.js). The page's
// console goes to stdout, line by line and in order, which is where
// wasm_exec.js writes the test binary's output (session.go); wasmexec exits
// with the test binary's exit code.
//
// It exits 1, with the browser's last log entries, when the page cannot run
// the test binary (silcrow:error, a script of the assets that did not load),
// when the page throws an uncaught exception or crashes before the test
// binary exits, and when the binary runs longer than its -test.timeout (10m
// when absent) plus a margin. SILCROW_CHROME selects the browser (default
// /usr/bin/chromium); GOTRACEBACK, GODEBUG, GOGC and GOMEMLIMIT reach the
// test binary when set. SILCROW_WASMEXEC_PROFILE=file records the run with
// the DevTools CPU profiler into file (session.go).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/silcrow/silcrow/e2e/internal/chrome"
)

// defaultTimeout is go test's own default for -test.timeout.
const defaultTimeout = 10 * time.Minute

// timeoutMargin is how long past its -test.timeout the test binary may run
// before wasmexec gives up: the binary's own timeout panic comes first, and
// the margin also covers starting the browser and compiling the wasm. It is
// below the minute go test waits before killing wasmexec itself.
const timeoutMargin = 30 * time.Second

// passedEnv are the variables of wasmexec's environment that reach the test
// binary when set. The page carries nothing else: wasm_exec.js limits the
// arguments and environment together to a few kilobytes.
var passedEnv = []string{"GOTRACEBACK", "GODEBUG", "GOGC", "GOMEMLIMIT"}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the test binary args[0] with the test flags args[1:] and returns
// the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: wasmexec /path/to/pkg.test [test flags...] (a `go test -exec` program)")
		return 2
	}
	code, err := runTest(args[0], args[1:], stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "wasmexec: %s: %v\n", filepath.Base(args[0]), err)
	}
	return code
}

func runTest(binary string, flags []string, stdout, stderr io.Writer) (int, error) {
	wasm, err := os.ReadFile(binary)
	if err != nil {
		return 1, err
	}
	execJS, err := readWasmExec()
	if err != nil {
		return 1, err
	}
	site, err := newSite(wasm, execJS, pageConfig{
		Title: filepath.Base(binary),
		Argv:  append([]string{"js"}, flags...),
		Env:   testEnv(os.Getenv),
	})
	if err != nil {
		return 1, err
	}
	url, closeServer, err := serve(site)
	if err != nil {
		return 1, err
	}
	defer closeServer()

	interrupted, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	browser, stopBrowser, err := chrome.Start("wasmexec")
	if err != nil {
		return 1, err
	}
	defer stopBrowser()

	var limit time.Duration
	if t := testTimeout(flags); t > 0 {
		limit = t + timeoutMargin
	}
	return runInTab(browser, interrupted, url, limit, stdout, stderr)
}

// readWasmExec reads lib/wasm/wasm_exec.js of the toolchain: $GOROOT, else
// what `go env GOROOT` says, else the GOROOT wasmexec was built with.
func readWasmExec() ([]byte, error) {
	root := os.Getenv("GOROOT")
	if root == "" {
		if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
			root = strings.TrimSpace(string(out))
		}
	}
	if root == "" {
		root = runtime.GOROOT()
	}
	b, err := os.ReadFile(filepath.Join(root, "lib", "wasm", "wasm_exec.js"))
	if errors.Is(err, os.ErrNotExist) {
		err = fmt.Errorf("%w (set GOROOT to the toolchain that built the test)", err)
	}
	return b, err
}

// testEnv returns the environment of the test binary (see passedEnv).
func testEnv(getenv func(string) string) map[string]string {
	env := map[string]string{}
	for _, name := range passedEnv {
		if v := getenv(name); v != "" {
			env[name] = v
		}
	}
	return env
}

// testTimeout returns the value of -test.timeout among the test flags (the
// last one wins, as with package flag), defaultTimeout when there is none
// or it does not parse, and 0 (no limit) for a value that is not positive.
// Flags end at "--".
func testTimeout(flags []string) time.Duration {
	timeout := defaultTimeout
	for i := 0; i < len(flags); i++ {
		arg := flags[i]
		if arg == "--" {
			break
		}
		name, ok := strings.CutPrefix(arg, "-")
		if !ok {
			continue
		}
		name = strings.TrimPrefix(name, "-")
		name, value, hasValue := strings.Cut(name, "=")
		if name != "test.timeout" {
			continue
		}
		if !hasValue {
			if i+1 == len(flags) {
				break
			}
			i++
			value = flags[i]
		}
		if d, err := time.ParseDuration(value); err == nil {
			timeout = max(d, 0)
		}
	}
	return timeout
}
