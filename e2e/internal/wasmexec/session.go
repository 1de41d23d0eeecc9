package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/inspector"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/silcrow/silcrow/e2e/internal/chrome"
)

// setupTimeout bounds opening the tab and asking it to navigate.
const setupTimeout = time.Minute

// flushTimeout is how long a run that ends without the test binary's exit
// (timeout, signal, closed page) waits for the output queued before the end
// to be written.
const flushTimeout = 5 * time.Second

// runInTab opens url in a new tab of browser, copies the page's console to
// stdout and its uncaught exceptions to stderr, and returns the test
// binary's exit code once the hook reports it. It gives up after limit (0:
// never) and when interrupted is done.
func runInTab(browser, interrupted context.Context, url string, limit time.Duration, stdout, stderr io.Writer) (int, error) {
	s := &session{queue: make(chan line, 4096)}
	ctx, closeTab := chromedp.NewContext(browser, chromedp.WithListener(s.listen))
	defer closeTab()
	ended := make(chan outcome, 1)
	go s.write(stdout, stderr, ended)

	// The first Do creates the tab and binds it to ctx, which has no
	// deadline; the next one has its own.
	if err := chromedp.Do(ctx); err != nil {
		return 1, fmt.Errorf("opening a tab: %w", err)
	}
	setup, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	// The binding exists in every document the tab loads from now on. The
	// navigation is not waited for: the page's load says nothing about the
	// test binary, which reports its end through the binding.
	err := chromedp.Do(setup, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, runtime.AddBinding, runtime.AddBindingParams{Name: bindingName}); err != nil {
			return err
		}
		if profilePath != "" {
			if err := chrome.StartProfiler(ctx, t, 50); err != nil {
				return fmt.Errorf("starting the CPU profiler: %w", err)
			}
		}
		res, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: url})
		if err == nil && res.ErrorText != "" {
			err = errors.New(res.ErrorText)
		}
		return err
	}))
	if err != nil {
		return 1, fmt.Errorf("loading %s: %w", url, err)
	}

	var timeout <-chan time.Time
	if limit > 0 {
		timer := time.NewTimer(limit)
		defer timer.Stop()
		timeout = timer.C
	}
	detached, err := chromedp.Detached(ctx)
	if err != nil {
		return 1, err
	}
	var why error
	select {
	case o := <-ended:
		if profilePath != "" {
			if err := chromedp.Do(ctx, chromedp.Func(stopProfiler)); err != nil {
				fmt.Fprintf(stderr, "wasmexec: the CPU profile: %v\n", err)
				if o.code == 0 {
					o.code = 1
				}
			}
		}
		return o.code, o.err
	case <-timeout:
		why = fmt.Errorf("the test binary did not exit within %v (its -test.timeout and %v more)", limit, timeoutMargin)
	case <-interrupted.Done():
		why = errors.New("interrupted")
	case <-detached:
		why = errors.New("the browser closed the page before the test binary exited")
	}
	// Everything the page printed before the end is written first. end
	// waits when the queue is full, so it must not hold up the give-up.
	go s.end(why)
	select {
	case o := <-ended:
		return o.code, o.err
	case <-time.After(flushTimeout):
		return 1, fmt.Errorf("%w; the page's output did not drain within %v", why, flushTimeout)
	}
}

// session carries what a tab reports, in the order the browser sends it,
// from chromedp's reading goroutine to the writing one.
type session struct {
	mu         sync.Mutex
	done       bool // the end is queued; nothing after it is
	queue      chan line
	browserLog []string // the last maxBrowserLog entries, for a failed run
}

// maxBrowserLog is how many entries of the browser's log a session keeps.
const maxBrowserLog = 20

// line is a line of output, or the end of the run.
type line struct {
	text   string
	stderr bool
	end    *outcome
}

// outcome is how a run ended: the exit code, and for a run that did not end
// with the test binary's exit, why.
type outcome struct {
	code int
	err  error
}

// push queues l unless the end is queued. When the queue is full it waits
// for the writer, which holds up the tab's events but never the writer.
func (s *session) push(l line) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	if l.end != nil {
		s.done = true
	}
	s.queue <- l
}

// end ends the run with an error and exit code 1.
func (s *session) end(err error) {
	s.push(line{end: &outcome{code: 1, err: err}})
}

// listen takes one event of the tab; it runs on chromedp's reading
// goroutine. Only the first end counts: after the test binary's exit, the
// loader logs and reports its end as a failure, which is not the test's.
func (s *session) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		s.push(line{text: consoleText(ev.Args)})
	case *runtime.EventExceptionThrown:
		s.push(line{text: "wasmexec: " + exceptionText(ev.ExceptionDetails), stderr: true})
		s.end(errors.New("the page threw an uncaught exception before the test binary exited"))
	case *runtime.EventBindingCalled:
		if ev.Name == bindingName {
			s.push(line{end: reportOutcome(ev.Payload)})
		}
	case *inspector.EventTargetCrashed:
		s.end(errors.New("the page crashed before the test binary exited"))
	case *cdplog.EventEntryAdded:
		// Tests provoke network errors and the like on purpose, so the
		// browser's log is only shown when the run itself fails.
		if e := ev.Entry; e != nil {
			s.logBrowser(fmt.Sprintf("%s %s: %s %s", e.Level, e.Source, e.Text, e.URL))
		}
	}
}

func (s *session) logBrowser(entry string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.browserLog) == maxBrowserLog {
		s.browserLog = s.browserLog[1:]
	}
	s.browserLog = append(s.browserLog, entry)
}

// reportOutcome decodes what the hook reports (hook.js).
func reportOutcome(payload string) *outcome {
	var r struct {
		Exit  *int    `json:"exit"`
		Error *string `json:"error"`
	}
	switch err := json.Unmarshal([]byte(payload), &r); {
	case err != nil:
		return &outcome{code: 1, err: fmt.Errorf("the page's report %q: %w", payload, err)}
	case r.Exit != nil:
		return &outcome{code: *r.Exit}
	case r.Error != nil:
		return &outcome{code: 1, err: fmt.Errorf("the page could not run the test binary: %s", *r.Error)}
	}
	return &outcome{code: 1, err: fmt.Errorf("the page's report %q says nothing", payload)}
}

// write writes the queued lines until the end, and sends the end on ended.
func (s *session) write(stdout, stderr io.Writer, ended chan<- outcome) {
	out := bufio.NewWriter(stdout)
	for l := range s.queue {
		switch {
		case l.end != nil:
			_ = out.Flush()
			if l.end.err != nil {
				s.mu.Lock()
				entries := s.browserLog
				s.mu.Unlock()
				if len(entries) > 0 {
					_, _ = io.WriteString(stderr, "wasmexec: the browser's log before the end:\n\t"+strings.Join(entries, "\n\t")+"\n")
				}
			}
			ended <- *l.end
			return
		case l.stderr:
			_ = out.Flush()
			_, _ = io.WriteString(stderr, l.text+"\n")
		default:
			_, _ = out.WriteString(l.text + "\n")
			// Hold lines back only while more are waiting.
			if len(s.queue) == 0 {
				_ = out.Flush()
			}
		}
	}
}

// consoleText is a console call's arguments joined by spaces: a string as
// it is (no format directives: a line of test output may hold a %), and
// any other value as the protocol describes it.
func consoleText(args []*runtime.RemoteObject) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = valueText(a)
	}
	return strings.Join(parts, " ")
}

func valueText(o *runtime.RemoteObject) string {
	if o == nil {
		return "null"
	}
	if o.Type == runtime.RemoteObjectTypeString {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
	}
	switch {
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case o.Description != "":
		return o.Description
	case len(o.Value) > 0:
		return string(o.Value)
	}
	return string(o.Type)
}

// exceptionText is an uncaught exception with its stack when the browser
// gives one, and where it was thrown.
func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	text := d.Text
	if d.Exception != nil {
		text += " " + valueText(d.Exception)
	}
	return fmt.Sprintf("%s\n\tat %s:%d:%d", text, d.URL, d.LineNumber+1, d.ColumnNumber+1)
}

// profilePath is SILCROW_WASMEXEC_PROFILE: when set, the tab runs under
// the DevTools CPU profiler, sampling every 50 µs from before the page
// loads until the test binary exits, and the profile is written there in
// the .cpuprofile format that Chromium's DevTools opens. A binary built
// by go test -c keeps its function names, so its profile names Go's
// functions as well as the loader's (go test strips the binaries it runs
// itself).
var profilePath = os.Getenv("SILCROW_WASMEXEC_PROFILE")

func stopProfiler(ctx context.Context, t *chromedp.Target) error {
	p, err := chrome.StopProfiler(ctx, t)
	if err != nil {
		return err
	}
	return chrome.WriteProfile(profilePath, p)
}
