package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/silcrow/silcrow/e2e/internal/chrome"
)

// guard bounds every step of a run. It only turns a hang into a failure:
// the page's own guard (scenarios.js) fires first and says what it saw.
const guard = 4 * time.Minute

// split wraps a scenario's call so that it also returns the time spent in
// the page's message handlers, and in our bridge's applier and reads,
// during the call, in µs per message received. performance.now() is
// clamped to 100 µs outside a cross-origin isolated page; the sums run
// over thousands of handler calls, whose clamping errors cancel out.
func split(call string) string {
	return `(async () => {
  const b = __bench, h = b.handlerMs, a = b.applyMs, rd = b.readMs, n = b.messages;
  const r = await ` + call + `;
  const us = (ms) => ms * 1000 / Math.max(b.messages - n, 1);
  return Object.assign(r, { handlerUs: us(b.handlerMs - h), applyUs: us(b.applyMs - a), readUs: us(b.readMs - rd) });
})()`
}

// probe runs in every document of a tab before the page's own scripts. It
// counts silcrow:live:connect events (both clients fire them), notes the
// time of the first, times the page's WebSocket message handlers and our
// bridge's imports, and keeps the memory of any WebAssembly instance the
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
  // Where a message's time goes: every WebSocket message handler of the
  // page is timed (both clients set onmessage), and so are our bridge's
  // two imports, silcrow.apply (the command applier) and silcrow.read
  // (the reads Go asks for). A call re-entered by page code would be
  // counted twice; S2 and S4 run no page code. What is left of a
  // message's cost is the browser's own: delivery, style, layout, paint.
  b.handlerMs = 0;
  b.messages = 0;
  b.applyMs = 0;
  b.readMs = 0;
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, "onmessage");
  Object.defineProperty(WebSocket.prototype, "onmessage", {
    configurable: true,
    enumerable: onmessage.enumerable,
    get() { return onmessage.get.call(this); },
    set(f) {
      onmessage.set.call(this, typeof f !== "function" ? f : function (e) {
        const t = performance.now();
        try { return f.call(this, e); } finally { b.handlerMs += performance.now() - t; b.messages++; }
      });
    },
  });
  const timeBridge = (imports) => {
    const m = imports && imports.silcrow;
    if (!m) return;
    for (const name of ["apply", "read"]) {
      const f = m[name];
      if (typeof f !== "function") continue;
      m[name] = (...args) => {
        const t = performance.now();
        try { return f(...args); } finally { b[name + "Ms"] += performance.now() - t; }
      };
    }
  };
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const orig = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      timeBridge(args[1]);
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
		// chromedp enables the Network domain in every tab. DevTools then
		// records every WebSocket frame and keeps a copy of every response
		// body, silcrow.wasm's 3.2 MB included: work that no visitor's
		// browser does, and which halved the reference's S2 rate.
		if _, err := cdp.Call(ctx, t, network.Disable, cdp.Empty{}); err != nil {
			return err
		}
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
