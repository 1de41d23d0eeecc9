// Package chrome is the headless-Chromium harness shared by the browser
// tests (e2e) and the browser benchmarks (e2e/bench): it starts the one
// Chromium of a run with exactly the flags the project specifies, and
// records what each tab's page reports.
package chrome

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// starts is how many times Start tries: in a busy container Chromium now
// and then crashes while starting, which says nothing about Silcrow.
const starts = 3

// Start starts Chromium (SILCROW_CHROME, else /usr/bin/chromium) with a
// fresh profile and returns its context and a stop function; label names
// the caller in retry messages.
func Start(label string) (context.Context, func(), error) {
	exe := os.Getenv("SILCROW_CHROME")
	if exe == "" {
		exe = "/usr/bin/chromium"
	}
	var err error
	for attempt := 1; attempt <= starts; attempt++ {
		var ctx context.Context
		var stop func()
		if ctx, stop, err = startOnce(exe, label); err == nil {
			return ctx, stop, nil
		}
		fmt.Fprintf(os.Stderr, "%s: browser start %d of %d failed: %v\n", label, attempt, starts, err)
	}
	return nil, nil, err
}

func startOnce(exe, label string) (context.Context, func(), error) {
	profile, err := os.MkdirTemp("", "silcrow-"+label+"-profile-")
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

// Entry is one thing a page reported: a console call, an uncaught
// exception or a browser log entry.
type Entry struct {
	Kind string // "log", "warning", "error", "exception", "browser:<level>", …
	Text string
}

// Console records a tab's console; pass Record to chromedp.WithListener.
type Console struct {
	mu      sync.Mutex
	entries []Entry
}

// Record takes one CDP event; it runs on chromedp's reading goroutine and
// is quick.
func (l *Console) Record(ev any) {
	var e Entry
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		args := make([]string, len(ev.Args))
		for i, a := range ev.Args {
			args[i] = remoteText(a)
		}
		e = Entry{Kind: string(ev.Type), Text: strings.Join(args, " ")}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		e = Entry{Kind: "exception", Text: fmt.Sprintf("%s (%s:%d:%d)", text, d.URL, d.LineNumber+1, d.ColumnNumber+1)}
	case *cdplog.EventEntryAdded:
		en := ev.Entry
		e = Entry{Kind: "browser:" + string(en.Level), Text: en.Text + " " + en.URL}
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

// SilcrowWarnings returns the runtime's debug warnings so far.
func (l *Console) SilcrowWarnings() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.entries {
		if e.Kind == "warning" && strings.HasPrefix(e.Text, "[silcrow]") {
			out = append(out, e.Text)
		}
	}
	return out
}

// Problems returns the uncaught exceptions, console errors and Go panics
// (wasm_exec.js prints the Go program's stderr with console.log).
func (l *Console) Problems() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.entries {
		if e.Kind == "exception" || e.Kind == "error" ||
			strings.HasPrefix(e.Text, "panic: ") || strings.HasPrefix(e.Text, "fatal error: ") {
			out = append(out, e.Kind+": "+e.Text)
		}
	}
	return out
}

// String lists every entry, one per line, for failure messages.
func (l *Console) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) == 0 {
		return "  (nothing)"
	}
	var b strings.Builder
	for _, e := range l.entries {
		fmt.Fprintf(&b, "  %-9s %s\n", e.Kind, e.Text)
	}
	return b.String()
}
