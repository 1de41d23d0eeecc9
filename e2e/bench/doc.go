// Package bench holds the browser benchmarks of Silcrow for Go
// (S1–S7): headless Chromium driven by github.com/chromedp/chromedp, the
// real silcrow.wasm, and a benchmark WebSocket server built with package
// server in the same process. Every scenario runs against silcrow.wasm and
// against reference.js, a page of plain JavaScript that applies the same
// wire messages with the most direct DOM calls and no checks, back to back
// in one invocation; what we compare over time is the ratio of the two.
//
// Run them with
//
//	go test -run '^$' -bench . -benchtime=1x -timeout 15m ./e2e/bench/
//
// A plain go test of this package runs only its unit tests: TestMain builds
// the wasm and starts the browser only when -bench is given. Each
// scenario makes one warm-up run and SILCROW_BENCH_RUNS (default 3)
// measured runs per client, each in a fresh tab, timed inside the page
// with performance.now() (scenarios.js). The table of every scenario is
// printed at the end; BENCHMARKS.md at the repository root explains the
// scenarios and records the latest numbers. The browser is
// /usr/bin/chromium unless SILCROW_CHROME names another one.
package bench
