package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/silcrow/silcrow/e2e/internal/chrome"
)

// guard bounds every step of a run. It only turns a hang into a failure:
// the page's own guard (scenarios.js) fires first and says what it saw.
const guard = 4 * time.Minute

// probe runs in every document of a tab before the page's own scripts. It
// counts silcrow:live:connect events (both clients fire them), notes the
// time of the first, and keeps the memory of any WebAssembly instance the
// page creates, which is the Go runtime's linear memory: the loader hands
// the instance to go.run and keeps no reference we could read.
const probe = `(() => {
  const b = window.__bench = { connects: 0, firstConnect: undefined, firstPatch: undefined, wasmMemory: null, waiters: [] };
  // The boot page's server patches status to "live" on connect: note when
  // the page first shows it.
  const mo = new MutationObserver(() => {
    const el = document.getElementById("boot-status");
    if (el && el.textContent === "live") {
      b.firstPatch = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, characterData: true, subtree: true });
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
	log   *chrome.Console
}

// openTab opens a fresh tab with the probe installed.
func openTab(name string) (*tab, error) {
	l := &chrome.Console{}
	ctx, cancel := chromedp.NewContext(suite.browser, chromedp.WithListener(l.Record))
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
	if p := tb.log.Problems(); len(p) > 0 {
		return fmt.Errorf("%s: the page reported:\n  %s", tb.name, strings.Join(p, "\n  "))
	}
	return nil
}
