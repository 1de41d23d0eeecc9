package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// guard bounds every step of a run. It only turns a hang into a failure:
// the page's own guard (scenarios.js) fires first and says what it saw.
const guard = 4 * time.Minute

// browserStarts is how many times the harness tries to start Chromium,
// which now and then crashes while starting in a busy container.
const browserStarts = 3

// startBrowser starts the one Chromium of the run: SILCROW_CHROME or
// /usr/bin/chromium, with exactly the flags the browser tests use and a
// fresh profile.
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
		fmt.Fprintf(os.Stderr, "bench: browser start %d of %d failed: %v\n", attempt, browserStarts, err)
	}
	return nil, nil, err
}

func startBrowserOnce(exe string) (context.Context, func(), error) {
	profile, err := os.MkdirTemp("", "silcrow-bench-profile-")
	if err != nil {
		return nil, nil, err
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
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
	)
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

// probe runs in every document of a tab before the page's own scripts. It
// counts silcrow:live:connect events (both clients fire them), notes the
// time of the first, and keeps the memory of any WebAssembly instance the
// page creates, which is the Go runtime's linear memory: the loader hands
// the instance to go.run and keeps no reference we could read.
const probe = `(() => {
  const b = window.__bench = { connects: 0, firstConnect: undefined, wasmMemory: null, waiters: [] };
  document.addEventListener("silcrow:live:connect", () => {
    if (b.firstConnect === undefined) b.firstConnect = performance.now();
    b.connects++;
    b.waiters = b.waiters.filter((w) => !w());
  });
  b.connected = (n) => new Promise((resolve) => {
    const w = () => b.connects >= n && (resolve(b.firstConnect), true);
    if (!w()) b.waiters.push(w);
  });
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const orig = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return orig.apply(this, args).then((r) => {
        const inst = r instanceof WebAssembly.Instance ? r : r.instance;
        if (inst && inst.exports.mem instanceof WebAssembly.Memory) b.wasmMemory = inst.exports.mem;
        return r;
      });
    };
  }
})();`

// tab is one fresh browser tab, holding one scenario run.
type tab struct {
	name  string
	ctx   context.Context
	close context.CancelFunc
	log   *consoleLog
}

// openTab opens a fresh tab with the probe installed.
func openTab(name string) (*tab, error) {
	l := &consoleLog{}
	ctx, cancel := chromedp.NewContext(suite.browser, chromedp.WithListener(l.record))
	tb := &tab{name: name, ctx: ctx, close: cancel, log: l}
	// The first Do creates the target and binds it to ctx, which has no
	// deadline; later steps get their own.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, fmt.Errorf("opening tab %s: %w", name, err)
	}
	if err := tb.do("install the probe", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe})
		return err
	})); err != nil {
		cancel()
		return nil, err
	}
	return tb, nil
}

// do runs steps within the guard.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(tb.ctx, guard)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		return tb.fail(what, err)
	}
	return nil
}

// fail wraps err with the tab's name and everything its page reported.
func (tb *tab) fail(what string, err error) error {
	return fmt.Errorf("%s: %s: %w\nconsole of the tab:\n%s", tb.name, what, err, tb.log)
}

// eval evaluates expr in the page, awaits it if it is a promise, and
// decodes its value into T.
func eval[T any](tb *tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, guard)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return v, tb.fail("evaluating "+expr, err)
	}
	return v, nil
}

// heapUsed forces a garbage collection and returns the bytes of JavaScript
// heap in use afterwards.
func (tb *tab) heapUsed() (float64, error) {
	var used float64
	err := tb.do("measure the heap", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			return err
		}
		u, err := cdp.Call(ctx, t, runtime.GetHeapUsage, cdp.Empty{})
		used = u.UsedSize
		return err
	}))
	return used, err
}

// problems is an error listing the uncaught exceptions, console errors and
// Go panics of the page, or nil.
func (tb *tab) problems() error {
	if p := tb.log.problems(); len(p) > 0 {
		return fmt.Errorf("%s: the page reported:\n  %s", tb.name, strings.Join(p, "\n  "))
	}
	return nil
}

// consoleEntry is one thing the page reported.
type consoleEntry struct {
	kind string // "log", "warning", "error", "exception", "browser:<level>", …
	text string
}

// consoleLog records a tab's console; record runs on chromedp's reading
// goroutine and must be quick.
type consoleLog struct {
	mu      sync.Mutex
	entries []consoleEntry
}

func (l *consoleLog) record(ev any) {
	var e consoleEntry
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		args := make([]string, len(ev.Args))
		for i, a := range ev.Args {
			args[i] = remoteText(a)
		}
		e = consoleEntry{kind: string(ev.Type), text: strings.Join(args, " ")}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		e = consoleEntry{kind: "exception", text: fmt.Sprintf("%s (%s:%d:%d)", text, d.URL, d.LineNumber+1, d.ColumnNumber+1)}
	default:
		return
	}
	l.mu.Lock()
	l.entries = append(l.entries, e)
	l.mu.Unlock()
}

// remoteText renders one console argument as the console would.
func remoteText(o *runtime.RemoteObject) string {
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	if o.Description != "" {
		return o.Description
	}
	return string(o.Type)
}

// problems returns the exceptions, console errors and Go panics
// (wasm_exec.js prints the Go program's stderr with console.log).
func (l *consoleLog) problems() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.entries {
		if e.kind == "exception" || e.kind == "error" ||
			strings.HasPrefix(e.text, "panic: ") || strings.HasPrefix(e.text, "fatal error: ") {
			out = append(out, e.kind+": "+e.text)
		}
	}
	return out
}

func (l *consoleLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) == 0 {
		return "  (nothing)"
	}
	var b strings.Builder
	for _, e := range l.entries {
		fmt.Fprintf(&b, "  %-9s %s\n", e.kind, e.text)
	}
	return b.String()
}
