package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/silcrow/silcrow/e2e/internal/chrome"
)

// patience bounds every wait for behaviour. It only guards against a hang:
// tests poll for the condition and go on the moment it holds.
const patience = 20 * time.Second

// pollInterval is how often a wait asks the page again.
const pollInterval = 20 * time.Millisecond

// tab is one browser tab of a test, with everything its page logged.
type tab struct {
	t     testing.TB
	name  string
	ctx   context.Context
	close context.CancelFunc // closes the tab; the test's end does too
	log   *chrome.Console
}

// openTab opens a fresh tab (a new target) in the suite's browser. It is
// closed when the test ends. An uncaught exception, a console.error or a Go
// panic in the page fails the test; if the test failed, the tab's console
// is printed.
func openTab(t testing.TB, name string) *tab {
	t.Helper()
	needSuite(t)
	l := &chrome.Console{}
	ctx, cancel := chromedp.NewContext(suite.browser, chromedp.WithListener(l.Record))
	// The first Do creates the target and binds it to ctx, which has no
	// deadline; later actions get their own.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("opening tab %s: %v", name, err)
	}
	t.Cleanup(func() {
		cancel()
		if problems := l.Problems(); len(problems) > 0 && !t.Failed() {
			t.Errorf("tab %s: the page reported:\n  %s", name, strings.Join(problems, "\n  "))
		}
		if t.Failed() {
			t.Logf("console of tab %s:\n%s", name, l.String())
		}
	})
	return &tab{t: t, name: name, ctx: ctx, close: cancel, log: l}
}

// with returns the tab reporting to t, for use inside a subtest.
func (tb *tab) with(t testing.TB) *tab {
	c := *tb
	c.t = t
	return &c
}

// do runs actions on the tab, failing the test on error.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, patience)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("%s: %s: %v", tb.name, what, err)
	}
}

// navigate loads url in the tab and waits for its load event.
func (tb *tab) navigate(url string) {
	tb.t.Helper()
	tb.do("navigate to "+url, chromedp.Navigate(url))
}

// addScriptOnNewDocument makes src run in every document the tab loads from
// now on, before the page's own scripts.
func (tb *tab) addScriptOnNewDocument(src string) {
	tb.t.Helper()
	tb.do("add a script to new documents", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
}

// eval evaluates expr in the page and decodes its value into T; a promise
// is awaited.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := tryEval[T](tb, expr)
	if err != nil {
		tb.t.Fatalf("%s: evaluating %s: %v", tb.name, expr, err)
	}
	return v
}

// exec evaluates expr for its effect.
func (tb *tab) exec(expr string) {
	tb.t.Helper()
	eval[chromedp.Void](tb, expr)
}

// tryEval is eval that returns the error, for polling.
func tryEval[T any](tb *tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, patience)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// waitFor polls the page until expr is truthy, failing after patience.
func (tb *tab) waitFor(what, expr string) {
	tb.t.Helper()
	tb.waitWithin(patience, what, expr)
}

// waitWithin is waitFor with another deadline, for behaviour that is slow
// by design (reconnect backoff).
func (tb *tab) waitWithin(limit time.Duration, what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, err := tryEval[bool](tb, "!!("+expr+")")
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("still false")
			}
			tb.t.Fatalf("%s: waited %v for %s: %s: %v\npage body: %s", tb.name, limit, what, expr, err, tb.bodySnapshot())
		}
		time.Sleep(pollInterval)
	}
}

// holds checks that expr stays truthy for the whole period: the bounded
// wait of a test that proves something does not happen.
func (tb *tab) holds(period time.Duration, what, expr string) {
	tb.t.Helper()
	end := time.Now().Add(period)
	for {
		ok, err := tryEval[bool](tb, "!!("+expr+")")
		if err != nil || !ok {
			if err == nil {
				err = fmt.Errorf("became false")
			}
			tb.t.Fatalf("%s: %s: %s: %v\npage body: %s", tb.name, what, expr, err, tb.bodySnapshot())
		}
		if time.Now().After(end) {
			return
		}
		time.Sleep(pollInterval)
	}
}

// bodySnapshot is the start of the page's body markup, for failure messages.
func (tb *tab) bodySnapshot() string {
	s, err := tryEval[string](tb, `document.body ? document.body.outerHTML : "(no body)"`)
	if err != nil {
		return "(unavailable: " + err.Error() + ")"
	}
	const max = 3000
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// js returns v as a JavaScript literal (JSON is one; encoding/json also
// escapes U+2028 and U+2029, which older engines refuse in strings).
func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("e2e: %T is not a JavaScript literal: %v", v, err))
	}
	return string(b)
}
