// Package e2e holds the browser tests of Silcrow for Go: headless Chromium,
// driven by github.com/chromedp/chromedp, against the real silcrow.wasm, the
// real demo server (cmd/silcrow-demo) and test servers built in-process with
// package server.
//
// Run them with
//
//	go test -count=1 -v ./e2e/
//
// TestMain builds silcrow.wasm and the demo once into a temporary directory,
// starts one browser for the whole run and the demo as a subprocess; every
// test opens tabs of its own. The browser is /usr/bin/chromium unless the
// environment variable SILCROW_CHROME names another one. With -short only
// the tests that need neither a browser nor a build run.
//
// Failing tests print the console messages, exceptions and log entries of
// their tabs; the pages set <body s-debug>, so the runtime's "[silcrow]"
// warnings are among them.
//
// Tests wait for behaviour by polling the page for a condition, with a
// deadline that only guards against a hang. Where a test proves that
// something does not happen (no reconnect, no script run), it watches for a
// short, stated period.
package e2e
