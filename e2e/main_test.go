package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

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

	wasmErr := buildWasm(suite.root, suite.dir)
	suite.err = wasmErr
	if suite.err == nil {
		suite.assets, suite.err = server.NewAssets(os.DirFS(suite.dir))
	}
	if suite.err == nil {
		var stop func()
		suite.browser, stop, suite.err = startBrowser()
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

// browserStarts is how many times the suite tries to start Chromium: in a
// busy container it now and then crashes while starting, which says nothing
// about Silcrow.
const browserStarts = 3

// startBrowser starts the one Chromium of the run, retrying a failed start.
func startBrowser() (context.Context, func(), error) {
	exe := os.Getenv("SILCROW_CHROME")
	if exe == "" {
		exe = "/usr/bin/chromium"
	}
	var err error
	for attempt := 1; attempt <= browserStarts; attempt++ {
		var ctx context.Context
		var stop func()
		if ctx, stop, err = startBrowserOnce(exe); err == nil {
			return ctx, stop, nil
		}
		fmt.Fprintf(os.Stderr, "e2e: browser start %d of %d failed: %v\n", attempt, browserStarts, err)
	}
	return nil, nil, err
}

// startBrowserOnce starts Chromium with exactly the flags the suite is
// specified with, and a fresh profile.
func startBrowserOnce(exe string) (context.Context, func(), error) {
	profile, err := os.MkdirTemp("", "silcrow-e2e-profile-")
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	// The first Do starts the browser and binds it to browserCtx, which has
	// no deadline: a timeout here would stop the browser with it.
	if err := chromedp.Do(browserCtx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting %s (set SILCROW_CHROME to use another browser): %w", exe, err)
	}
	return browserCtx, stop, nil
}
