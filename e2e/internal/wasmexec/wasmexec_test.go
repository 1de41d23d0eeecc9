package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/silcrow/silcrow/server"
)

// fakeWasm passes NewAssets' check for a WebAssembly module.
var fakeWasm = []byte("\x00asm\x01\x00\x00\x00")

func testSite(t *testing.T, config pageConfig) *site {
	t.Helper()
	s, err := newSite(fakeWasm, []byte("// wasm_exec.js\n"), config)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The hook runs before wasm_exec.js and the loader, which come exactly as
// server.Assets.Tags gives them, and carries the test flags and the
// environment.
func TestPageHookBeforeTags(t *testing.T) {
	config := pageConfig{
		Title: "dom.test",
		Argv:  []string{"js", "-test.run=^TestX$", "-test.v=true", "</script><b>"},
		Env:   map[string]string{"GOTRACEBACK": "all"},
	}
	s := testSite(t, config)
	html := string(s.html)

	hook := strings.Index(html, "<script>(")
	tags := strings.Index(html, string(s.assets.Tags()))
	switch {
	case hook < 0:
		t.Fatalf("no hook script in the page:\n%s", html)
	case tags < 0:
		t.Fatalf("the page does not hold the tags of server.Assets verbatim:\n%s", html)
	case hook > tags:
		t.Fatalf("the hook comes after the loader's tags:\n%s", html)
	case !strings.Contains(html[hook:tags], "Object.defineProperty(window, \"Go\""):
		t.Fatalf("the script before the tags is not the hook:\n%s", html[hook:tags])
	case !strings.Contains(html[hook:tags], "O_CREAT"):
		t.Fatalf("the script before the tags lacks the in-memory file system:\n%s", html[hook:tags])
	}
	if n := strings.Count(html, "</script>"); n != 3 {
		t.Errorf("the page has %d </script>, want 3 (a flag must not end the hook's script)", n)
	}
	head := html[:strings.Index(html, "</head>")]
	if strings.Index(head, "<script") != hook {
		t.Errorf("a script comes before the hook:\n%s", head)
	}

	// The configuration is the argument of the hook, as JSON that
	// html/template escaped for a script.
	start := strings.Index(html, `{"argv":`)
	last := `"assets":"` + server.AssetsPrefix + `"}`
	end := strings.Index(html, last)
	if start < 0 || end < start {
		t.Fatalf("no configuration in the hook's call:\n%s", html[hook:tags])
	}
	var got struct {
		Argv    []string          `json:"argv"`
		Env     map[string]string `json:"env"`
		Binding string            `json:"binding"`
		Assets  string            `json:"assets"`
	}
	end += len(last)
	if err := json.Unmarshal([]byte(html[start:end]), &got); err != nil {
		t.Fatalf("the configuration %s: %v", html[start:end], err)
	}
	if strings.Join(got.Argv, " ") != strings.Join(config.Argv, " ") || got.Env["GOTRACEBACK"] != "all" || got.Binding != bindingName || got.Assets != server.AssetsPrefix {
		t.Errorf("the hook's configuration is %+v; want argv %q, GOTRACEBACK=all, binding %s and assets %s", got, config.Argv, bindingName, server.AssetsPrefix)
	}
}

// The page is at /, the assets under server.AssetsPrefix, and nothing else
// is served.
func TestServe(t *testing.T) {
	s := testSite(t, pageConfig{Argv: []string{"js"}})
	url, stop, err := serve(s)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("url = %s, want one on 127.0.0.1", url)
	}
	get := func(path string) (int, string) {
		t.Helper()
		res, err := http.Get(strings.TrimSuffix(url, "/") + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/"); code != 200 || body != string(s.html) {
		t.Errorf("GET / = %d, %.40q; want 200 and the page", code, body)
	}
	tags := string(s.assets.Tags())
	wasmPath := tags[strings.Index(tags, `data-wasm="`)+len(`data-wasm="`):]
	wasmPath = wasmPath[:strings.Index(wasmPath, `"`)]
	if !strings.HasPrefix(wasmPath, server.AssetsPrefix) {
		t.Fatalf("the wasm's path %s is not under %s", wasmPath, server.AssetsPrefix)
	}
	if code, body := get(wasmPath); code != 200 || body != string(fakeWasm) {
		t.Errorf("GET %s = %d, %q; want 200 and the test binary", wasmPath, code, body)
	}
	for _, path := range []string{"/favicon.ico", "/index.html", server.AssetsPrefix + "silcrow.wasm"} {
		if code, _ := get(path); code != 404 {
			t.Errorf("GET %s = %d, want 404", path, code)
		}
	}
}

func TestTestTimeout(t *testing.T) {
	cases := []struct {
		flags []string
		want  time.Duration
	}{
		{nil, defaultTimeout},
		{[]string{"-test.paniconexit0", "-test.v=true"}, defaultTimeout},
		{[]string{"-test.paniconexit0", "-test.timeout=3m0s", "-test.count=1"}, 3 * time.Minute},
		{[]string{"--test.timeout=90s"}, 90 * time.Second},
		{[]string{"-test.timeout", "2h"}, 2 * time.Hour},
		{[]string{"-test.timeout=0s"}, 0},
		{[]string{"-test.timeout=-1s"}, 0},
		{[]string{"-test.timeout=1m", "-test.timeout=5m"}, 5 * time.Minute},
		{[]string{"-test.timeout=soon"}, defaultTimeout},
		{[]string{"-test.timeout"}, defaultTimeout},
		{[]string{"-test.timeoutx=1s"}, defaultTimeout},
		{[]string{"-test.run=x", "--", "-test.timeout=1s"}, defaultTimeout},
	}
	for _, c := range cases {
		if got := testTimeout(c.flags); got != c.want {
			t.Errorf("testTimeout(%q) = %v, want %v", c.flags, got, c.want)
		}
	}
}

func TestTestEnv(t *testing.T) {
	env := map[string]string{"GOTRACEBACK": "all", "GODEBUG": "", "HOME": "/root", "SILCROW_CHROME": "/usr/bin/chromium"}
	got := testEnv(func(name string) string { return env[name] })
	if len(got) != 1 || got["GOTRACEBACK"] != "all" {
		t.Errorf("testEnv = %v, want only GOTRACEBACK=all", got)
	}
}

func TestReportOutcome(t *testing.T) {
	cases := []struct {
		payload string
		code    int
		err     string
	}{
		{`{"exit":0}`, 0, ""},
		{`{"exit":2}`, 2, ""},
		{`{"error":"silcrow:error: Error: boom"}`, 1, "could not run the test binary: silcrow:error: Error: boom"},
		{`{}`, 1, "says nothing"},
		{`not json`, 1, "not json"},
	}
	for _, c := range cases {
		o := reportOutcome(c.payload)
		if o.code != c.code || (c.err == "") != (o.err == nil) || (o.err != nil && !strings.Contains(o.err.Error(), c.err)) {
			t.Errorf("reportOutcome(%s) = %d, %v; want %d and an error containing %q", c.payload, o.code, o.err, c.code, c.err)
		}
	}
}

// Console arguments are joined as they are: a line of test output with a
// % in it is not a format.
func TestConsoleText(t *testing.T) {
	args := []*runtime.RemoteObject{
		{Type: runtime.RemoteObjectTypeString, Value: []byte(`"ok  \t100%% %s"`)},
		{Type: runtime.RemoteObjectTypeNumber, Value: []byte(`3`), Description: "3"},
		{Type: runtime.RemoteObjectTypeNumber, UnserializableValue: "NaN"},
		{Type: runtime.RemoteObjectTypeUndefined},
	}
	if got, want := consoleText(args), "ok  \t100%% %s 3 NaN undefined"; got != want {
		t.Errorf("consoleText = %q, want %q", got, want)
	}
}

// The writer keeps the order of what the tab reported and stops at the
// first end; nothing after it is written.
func TestSessionOrder(t *testing.T) {
	s := &session{queue: make(chan line, 16)}
	var stdout, stderr strings.Builder
	ended := make(chan outcome, 1)
	s.listen(&runtime.EventConsoleAPICalled{Args: []*runtime.RemoteObject{{Type: runtime.RemoteObjectTypeString, Value: []byte(`"=== RUN   TestA"`)}}})
	s.listen(&runtime.EventConsoleAPICalled{Args: []*runtime.RemoteObject{{Type: runtime.RemoteObjectTypeString, Value: []byte(`"--- PASS: TestA (0.00s)\nPASS"`)}}})
	s.listen(&runtime.EventBindingCalled{Name: "other", Payload: `{"exit":3}`})
	s.listen(&runtime.EventBindingCalled{Name: bindingName, Payload: `{"exit":0}`})
	s.listen(&runtime.EventConsoleAPICalled{Args: []*runtime.RemoteObject{{Type: runtime.RemoteObjectTypeString, Value: []byte(`"[silcrow] the runtime failed to start:"`)}}})
	s.listen(&runtime.EventExceptionThrown{ExceptionDetails: &runtime.ExceptionDetails{Text: "Uncaught"}})
	s.end(errors.New("too late"))
	s.write(&stdout, &stderr, ended)
	if o := <-ended; o.code != 0 || o.err != nil {
		t.Errorf("outcome = %d, %v; want 0 and no error", o.code, o.err)
	}
	if got, want := stdout.String(), "=== RUN   TestA\n--- PASS: TestA (0.00s)\nPASS\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr = %q, want nothing after the exit", stderr.String())
	}
}

// An uncaught exception before the exit ends the run with 1, after the
// output before it.
func TestSessionException(t *testing.T) {
	s := &session{queue: make(chan line, 16)}
	var stdout, stderr strings.Builder
	ended := make(chan outcome, 1)
	s.listen(&runtime.EventConsoleAPICalled{Args: []*runtime.RemoteObject{{Type: runtime.RemoteObjectTypeString, Value: []byte(`"=== RUN   TestA"`)}}})
	s.listen(&runtime.EventExceptionThrown{ExceptionDetails: &runtime.ExceptionDetails{
		Text: "Uncaught", URL: "http://127.0.0.1/x.js", LineNumber: 9, ColumnNumber: 2,
		Exception: &runtime.RemoteObject{Type: runtime.RemoteObjectTypeObject, Description: "Error: boom"},
	}})
	s.listen(&runtime.EventBindingCalled{Name: bindingName, Payload: `{"exit":0}`})
	s.write(&stdout, &stderr, ended)
	if o := <-ended; o.code != 1 || o.err == nil {
		t.Errorf("outcome = %d, %v; want 1 and an error", o.code, o.err)
	}
	if stdout.String() != "=== RUN   TestA\n" || !strings.Contains(stderr.String(), "Uncaught Error: boom") || !strings.Contains(stderr.String(), "x.js:10:3") {
		t.Errorf("stdout = %q, stderr = %q", stdout.String(), stderr.String())
	}
}
