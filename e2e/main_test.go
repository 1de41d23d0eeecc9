package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/silcrow/silcrow/e2e/internal/chrome"
	"github.com/silcrow/silcrow/e2e/internal/wasmbuild"
	"github.com/silcrow/silcrow/server"
)

// suite is what TestMain prepares once for every test of the run.
var suite struct {
	// root is the module root, dir the temporary directory holding
	// silcrow.wasm, wasm_exec.js and the silcrow-demo binary.
	root, dir string
	// err is why the wasm, the assets or the browser are missing; every
	// test that needs them fails with it.
	err error
	// assets serves the freshly built wasm to the in-process test servers.
	assets *server.Assets
	// browser is the context of the one browser of the run; tabs are its
	// children.
	browser context.Context
	// demo is the running demo subprocess; demoErr says why there is none.
	demo    *demoServer
	demoErr error
}

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	os.Exit(runSuite(m))
}

// runSuite builds and starts everything, runs the tests and tears it all
// down again. A failure to prepare does not stop the run: the tests that
// need the missing piece fail with the reason, the others still run.
func runSuite(m *testing.M) int {
	var err error
	if suite.root, err = moduleRoot(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	if suite.dir, err = os.MkdirTemp("", "silcrow-e2e-"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(suite.dir)

	wasmErr := wasmbuild.Build(suite.root, suite.dir)
	suite.err = wasmErr
	if suite.err == nil {
		suite.assets, suite.err = server.NewAssets(os.DirFS(suite.dir))
	}
	if suite.err == nil {
		var stop func()
		suite.browser, stop, suite.err = chrome.Start("e2e")
		if stop != nil {
			defer stop()
		}
	}

	demoBin := filepath.Join(suite.dir, "silcrow-demo")
	if wasmErr != nil {
		suite.demoErr = fmt.Errorf("no wasm to serve: %w", wasmErr)
	} else {
		suite.demoErr = buildDemo(suite.root, demoBin)
	}
	if suite.demoErr == nil {
		suite.demo, suite.demoErr = startDemo(demoBin, suite.dir, filepath.Join(suite.root, "web"))
	}
	defer func() {
		if suite.demo != nil {
			suite.demo.stop()
		}
	}()
	return m.Run()
}

// needSuite fails t unless the wasm, the assets and the browser are ready.
func needSuite(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs a browser and a wasm build; not run with -short")
	}
	if suite.err != nil {
		t.Fatalf("e2e harness: %v", suite.err)
	}
}

// needDemo fails t unless the demo server is running, and returns it.
func needDemo(t testing.TB) *demoServer {
	t.Helper()
	needSuite(t)
	if suite.demoErr != nil {
		t.Fatalf("e2e harness: demo server: %v", suite.demoErr)
	}
	d := suite.demo
	mark := d.out.Len()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("demo output during the test:\n%s", d.out.String()[mark:])
		}
	})
	return d
}

// moduleRoot is the directory of go.mod, one up from this package.
func moduleRoot() (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", errors.New("run the e2e tests from their package directory (go test ./e2e/): " + err.Error())
	}
	return root, nil
}
