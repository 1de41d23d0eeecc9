package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
)

var (
	fakeWasm   = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("silcrow runtime "), 512)...)
	fakeExecJS = bytes.Repeat([]byte("globalThis.Go = class { run() {} };\n"), 64)
)

func fakeAssetsFS() fstest.MapFS {
	return fstest.MapFS{
		"silcrow.wasm": {Data: fakeWasm},
		"wasm_exec.js": {Data: fakeExecJS},
	}
}

func newFakeAssets(t *testing.T) *Assets {
	t.Helper()
	a, err := NewAssets(fakeAssetsFS())
	if err != nil {
		t.Fatalf("NewAssets: %v", err)
	}
	<-a.BrotliReady()
	return a
}

// hashedPath is the URL the assets must use for content: the first 12 hex
// digits of its SHA-256, computed here independently of assets.go.
func hashedPath(base, ext string, content []byte) string {
	sum := sha256.Sum256(content)
	return "/_silcrow/" + base + "." + hex.EncodeToString(sum[:])[:12] + ext
}

func get(t *testing.T, h http.Handler, method, path, acceptEncoding string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	if acceptEncoding != "" {
		r.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func decode(t *testing.T, encoding string, body []byte) []byte {
	t.Helper()
	var rd io.Reader
	switch encoding {
	case "":
		return body
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		rd = zr
	case "br":
		rd = brotli.NewReader(bytes.NewReader(body))
	default:
		t.Fatalf("unexpected Content-Encoding %q", encoding)
	}
	out, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("decoding %s body: %v", encoding, err)
	}
	return out
}

func TestNewAssetsNamesTheProblemFile(t *testing.T) {
	tests := []struct {
		name     string
		fsys     fstest.MapFS
		want     string
		notExist bool
	}{
		{"no wasm", fstest.MapFS{"wasm_exec.js": {Data: fakeExecJS}}, "silcrow.wasm", true},
		{"no wasm_exec.js", fstest.MapFS{"silcrow.wasm": {Data: fakeWasm}}, "wasm_exec.js", true},
		{"empty directory", fstest.MapFS{}, "silcrow.wasm", true},
		{"wasm is not wasm", fstest.MapFS{"silcrow.wasm": {Data: []byte("version https://git-lfs")}, "wasm_exec.js": {Data: fakeExecJS}}, "not a WebAssembly module", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAssets(tt.fsys)
			if err == nil || a != nil {
				t.Fatalf("NewAssets = %v, %v; want an error", a, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %q", err, tt.want)
			}
			if got := errors.Is(err, fs.ErrNotExist); got != tt.notExist {
				t.Errorf("errors.Is(err, fs.ErrNotExist) = %v, want %v", got, tt.notExist)
			}
		})
	}
}

func TestAssetsTags(t *testing.T) {
	a := newFakeAssets(t)
	want := `<link rel="preload" href="` + hashedPath("silcrow", ".wasm", fakeWasm) + `" as="fetch" crossorigin>` + "\n" +
		`<script src="` + hashedPath("wasm_exec", ".js", fakeExecJS) + `"></script>` + "\n" +
		`<script src="` + hashedPath("silcrow", ".js", servedLoader) + `" data-wasm="` + hashedPath("silcrow", ".wasm", fakeWasm) + `"></script>`
	if got := string(a.Tags()); got != want {
		t.Errorf("Tags() =\n%s\nwant\n%s", got, want)
	}
}

func TestAssetsServeEachEncoding(t *testing.T) {
	a := newFakeAssets(t)
	const js = "text/javascript; charset=utf-8"
	files := []struct {
		path        string
		content     []byte
		contentType string
	}{
		{hashedPath("silcrow", ".wasm", fakeWasm), fakeWasm, "application/wasm"},
		{hashedPath("wasm_exec", ".js", fakeExecJS), fakeExecJS, js},
		{hashedPath("silcrow", ".js", servedLoader), servedLoader, js},
	}
	encodings := []struct {
		acceptEncoding string
		want           string
	}{
		{"", ""},
		{"gzip, deflate, br, zstd", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip;q=0", ""},
	}
	for _, f := range files {
		for _, e := range encodings {
			t.Run(f.path+" "+e.acceptEncoding, func(t *testing.T) {
				rec := get(t, a, "GET", f.path, e.acceptEncoding)
				if rec.Code != http.StatusOK {
					t.Fatalf("status = %d, want 200", rec.Code)
				}
				h := rec.Header()
				wantHeaders := map[string]string{
					"Content-Type":           f.contentType,
					"Cache-Control":          "public, max-age=31536000, immutable",
					"X-Content-Type-Options": "nosniff",
					"Vary":                   "Accept-Encoding",
					"Content-Encoding":       e.want,
				}
				for name, want := range wantHeaders {
					if got := h.Get(name); got != want {
						t.Errorf("%s = %q, want %q", name, got, want)
					}
				}
				etag := h.Get("ETag")
				if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 14 {
					t.Errorf("ETag = %q, want a quoted strong validator", etag)
				}
				if got := decode(t, e.want, rec.Body.Bytes()); !bytes.Equal(got, f.content) {
					t.Errorf("decoded body differs from the original (%d bytes, want %d)", len(got), len(f.content))
				}
				if e.want != "" && rec.Body.Len() >= len(f.content) {
					t.Errorf("%s body is %d bytes, not smaller than %d", e.want, rec.Body.Len(), len(f.content))
				}
			})
		}
	}
}

func TestAssetsETagDiffersPerEncodingAndRevalidates(t *testing.T) {
	a := newFakeAssets(t)
	path := hashedPath("silcrow", ".wasm", fakeWasm)
	etags := map[string]bool{}
	for _, ae := range []string{"", "gzip", "br"} {
		rec := get(t, a, "GET", path, ae)
		etag := rec.Header().Get("ETag")
		if etags[etag] {
			t.Errorf("Accept-Encoding %q reuses ETag %s of another encoding", ae, etag)
		}
		etags[etag] = true

		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("Accept-Encoding", ae)
		r.Header.Set("If-None-Match", etag)
		rec = httptest.NewRecorder()
		a.ServeHTTP(rec, r)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: %d with %d body bytes, want 304 and none", etag, rec.Code, rec.Body.Len())
		}
	}
}

func TestAssetsHEAD(t *testing.T) {
	a := newFakeAssets(t)
	rec := get(t, a, "HEAD", hashedPath("silcrow", ".wasm", fakeWasm), "")
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d body bytes, want 200 and none", rec.Code, rec.Body.Len())
	}
	if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(len(fakeWasm)); got != want {
		t.Errorf("Content-Length = %q, want %s", got, want)
	}
	if got := rec.Header().Get("Content-Type"); got != "application/wasm" {
		t.Errorf("Content-Type = %q", got)
	}
}

func TestAssetsRefuseOtherMethods(t *testing.T) {
	a := newFakeAssets(t)
	rec := get(t, a, "POST", hashedPath("silcrow", ".wasm", fakeWasm), "")
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d Allow=%q, want 405 and GET, HEAD", rec.Code, rec.Header().Get("Allow"))
	}
}

func TestAssetsUnknownAndStaleNamesAre404(t *testing.T) {
	old := newFakeAssets(t)
	newWasm := append(append([]byte(nil), fakeWasm...), "v2"...)
	fsys := fakeAssetsFS()
	fsys["silcrow.wasm"] = &fstest.MapFile{Data: newWasm}
	a, err := NewAssets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if old.Tags() == a.Tags() {
		t.Fatal("changing the wasm did not change the tags")
	}
	current := hashedPath("silcrow", ".wasm", newWasm)
	if rec := get(t, a, "GET", current, ""); rec.Code != http.StatusOK {
		t.Fatalf("current wasm: %d, want 200", rec.Code)
	}
	for _, path := range []string{
		hashedPath("silcrow", ".wasm", fakeWasm), // the previous build
		"/_silcrow/silcrow.000000000000.wasm",
		"/_silcrow/silcrow.wasm",
		"/_silcrow/wasm_exec.js",
		"/_silcrow/",
		"/_silcrow/../silcrow.wasm",
		current + "/x",
		current + ".gz",
		strings.TrimPrefix(current, "/_silcrow"), // mounted behind StripPrefix
		"/static" + current,
	} {
		if rec := get(t, a, "GET", path, "br"); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}
}

func TestAssetsServeIdentityWhenCompressionDoesNotHelp(t *testing.T) {
	// SHA-256 output chained is incompressible.
	noise := []byte("\x00asm")
	for block := sha256.Sum256(nil); len(noise) < 4096; block = sha256.Sum256(block[:]) {
		noise = append(noise, block[:]...)
	}
	fsys := fakeAssetsFS()
	fsys["silcrow.wasm"] = &fstest.MapFile{Data: noise}
	a, err := NewAssets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	<-a.BrotliReady()
	rec := get(t, a, "GET", hashedPath("silcrow", ".wasm", noise), "br, gzip")
	if rec.Header().Get("Content-Encoding") != "" || !bytes.Equal(rec.Body.Bytes(), noise) {
		t.Errorf("Content-Encoding %q, body equal %v; want identity", rec.Header().Get("Content-Encoding"), bytes.Equal(rec.Body.Bytes(), noise))
	}
	if s := a.WasmSizes(); s.Raw != len(noise) || s.Gzip <= s.Raw || s.Brotli <= s.Raw {
		t.Errorf("WasmSizes = %+v, want the raw size and both (larger) compressed sizes", s)
	}
}

func TestWasmSizes(t *testing.T) {
	a := newFakeAssets(t)
	path := hashedPath("silcrow", ".wasm", fakeWasm)
	want := Sizes{
		Raw:    len(fakeWasm),
		Gzip:   get(t, a, "GET", path, "gzip").Body.Len(),
		Brotli: get(t, a, "GET", path, "br").Body.Len(),
	}
	if got := a.WasmSizes(); got != want {
		t.Errorf("WasmSizes = %+v, want %+v (what is served)", got, want)
	}
	if want.Brotli >= want.Raw || want.Gzip >= want.Raw {
		t.Errorf("compressed sizes %+v are not smaller than raw", want)
	}
}

func TestChooseEncoding(t *testing.T) {
	tests := []struct {
		header         string
		haveBr, haveGz bool
		want           string
	}{
		{"", true, true, ""},
		{"gzip", true, true, "gzip"},
		{"br", true, true, "br"},
		{"gzip, deflate, br", true, true, "br"},
		{"deflate, gzip", true, true, "gzip"},
		{"gzip;q=1, br;q=0.5", true, true, "gzip"},
		{"br;q=0.5", true, true, "br"},
		{"br;q=0, gzip;q=0", true, true, ""},
		{"br;q=0, gzip", true, true, "gzip"},
		{"*", true, true, "br"},
		{"*;q=0.5, gzip", true, true, "gzip"},
		{"br;q=0, *", true, true, "gzip"},
		{"*;q=0", true, true, ""},
		{"identity, br;q=0.5", true, true, ""},
		{"identity;q=0.5, br;q=0.5", true, true, "br"},
		{"x-gzip", true, true, "gzip"},
		{"BR, GZIP", true, true, "br"},
		{"br;q=abc, gzip", true, true, "gzip"},
		{"br;q=1.5", true, true, ""},
		{"deflate, zstd", true, true, ""},
		{"gzip;q=0.001", true, true, "gzip"},
		{"br;q=0.9, gzip;q=0.9", true, true, "br"},
		{"br, gzip", false, true, "gzip"},
		{"br", false, true, ""},
		{"br, gzip", false, false, ""},
		{" gzip ; q=0.5 , br ; q=0.4 ", true, true, "gzip"},
	}
	for _, tt := range tests {
		if got := chooseEncoding(tt.header, tt.haveBr, tt.haveGz); got != tt.want {
			t.Errorf("chooseEncoding(%q, br=%v, gzip=%v) = %q, want %q", tt.header, tt.haveBr, tt.haveGz, got, tt.want)
		}
	}
}

// loaderPrelude fakes the browser around loader.js: window, document with
// the loader's own <script>, console.error, Go, fetch and WebAssembly.
// Scenarios set wasmMode before calling load(): "stream" serves the wasm
// with the right type, "fallback" makes streaming fail, "fail" answers 404.
const loaderPrelude = `
"use strict";
const vm = require("node:vm");
const fs = require("node:fs");
const assert = require("node:assert/strict");
const source = fs.readFileSync(process.argv[2], "utf8");
const WASM_URL = "/_silcrow/silcrow.abc.wasm";
const log = { errors: [], events: [], fetches: [], streamImports: [], instantiateArgs: [], runs: [] };
let wasmMode = "stream";
let goRun = () => new Promise(() => {});
let currentScript = { getAttribute: (name) => (name === "data-wasm" ? WASM_URL : null) };
const instance = { fake: "instance" };
globalThis.window = globalThis;
const RealWebAssembly = globalThis.WebAssembly;
// The DOM interfaces whose prototype members the loader takes at start:
// every member reads as an accessor that does nothing, enough for the
// queue and the boot these scenarios test (the bridge itself is tested in
// the browser).
const domInterface = () => {
  const C = function () {};
  C.prototype = new Proxy({}, { getOwnPropertyDescriptor: () => ({ configurable: true, get() {}, set() {} }) });
  return C;
};
for (const name of ["Node", "Element", "Document", "DocumentFragment", "CharacterData", "HTMLTemplateElement", "EventTarget"]) {
  globalThis[name] = domInterface();
}
globalThis.CustomEvent = class { constructor(type, init) { this.type = type; this.bubbles = init.bubbles; this.detail = init.detail; } };
globalThis.document = {
  implementation: { createHTMLDocument: () => ({}) },
  get currentScript() { return currentScript; },
  dispatchEvent(event) { log.events.push(event); return true; },
};
console.error = (...args) => log.errors.push(args.map(String).join(" "));
globalThis.Go = class {
  constructor() { this.importObject = { go: { id: Math.random() } }; }
  run(inst) { log.runs.push({ inst, go: this }); return goRun(inst); }
};
globalThis.fetch = (url) => {
  log.fetches.push(url);
  const ok = wasmMode !== "fail";
  return Promise.resolve({ ok, status: ok ? 200 : 404, arrayBuffer: async () => new ArrayBuffer(8) });
};
globalThis.WebAssembly = {
  async instantiateStreaming(response, imports) {
    log.streamImports.push(imports);
    await response;
    if (wasmMode !== "stream") throw new TypeError("Incorrect response MIME type. Expected 'application/wasm'.");
    return { module: {}, instance };
  },
  async instantiate(bytes, imports) {
    log.instantiateArgs.push({ bytes, imports });
    return { module: {}, instance };
  },
};
const load = () => vm.runInThisContext(source, { filename: "loader.js" });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const scenario = async () => {
%s
};
scenario().then(
  () => process.stdout.write("PASS\n"),
  (err) => { process.stderr.write(String(err && err.stack || err) + "\n"); process.exit(1); },
);
`

func TestLoaderWithNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed to test loader.js and was not found: %v", err)
	}
	dir := t.TempDir()
	loaderPath := filepath.Join(dir, "loader.js")
	// What pages get: the loader without its comment lines.
	if err := os.WriteFile(loaderPath, servedLoader, 0o644); err != nil {
		t.Fatal(err)
	}
	scenarios := []struct {
		name string
		js   string
	}{
		{"calls before boot are queued in order", `
  load();
  const S = window.Silcrow;
  const chat = { id: "chat" };
  const payload = { event: "chat", data: { text: "hi" } };
  assert.equal(S.send(chat, payload), undefined);
  S.patch({ count: 1 }, "#stats", { silent: true });
  const update = S.stream("#stats");
  assert.equal(typeof update, "function");
  assert.equal(update({ count: 2 }), undefined);
  await settle(); // a stream patches when its microtask runs
  const fn = () => {};
  assert.equal(S.onToast(fn), S);
  assert.equal(S.onRoute(fn).onError(fn), S);
  assert.equal(S.cache.has("/x"), false);
  S.cache.clear();
  assert.deepEqual(S.__queue.map((c) => c.name), ["send", "patch", "patch", "onToast", "onRoute", "onError"]);
  assert.equal(S.__queue[0].args[0], chat);
  assert.deepEqual(S.__queue[0].args, [chat, payload]);
  assert.deepEqual(S.__queue[1].args, [{ count: 1 }, "#stats", { silent: true }]);
  assert.deepEqual(S.__queue[2].args, [{ count: 2 }, "#stats"]);
  assert.ok(Array.isArray(S.__queue[0].args));
`},
		{"every stub method queues under its own name", `
  load();
  const S = window.Silcrow;
  const names = ["patch", "invalidate", "send", "live", "disconnect", "reconnect", "go", "optimistic", "revert", "destroy"];
  for (const name of names) assert.equal(S[name]("a", 1), undefined, name);
  for (const name of ["onToast", "onRoute", "onError"]) assert.equal(S[name](() => {}), S, name);
  assert.deepEqual(S.__queue.map((c) => c.name), [...names, "onToast", "onRoute", "onError"]);
  assert.deepEqual(S.__queue[0].args, ["a", 1]);
`},
		{"boots with instantiateStreaming and runs the instance", `
  load();
  await settle();
  assert.deepEqual(log.fetches, [WASM_URL]);
  assert.equal(log.streamImports.length, 1);
  assert.equal(log.instantiateArgs.length, 0);
  assert.equal(log.runs.length, 1);
  assert.equal(log.runs[0].inst, instance);
  assert.equal(log.streamImports[0], log.runs[0].go.importObject);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.events, []);
`},
		{"falls back to arrayBuffer when streaming fails", `
  wasmMode = "fallback";
  load();
  await settle();
  assert.deepEqual(log.fetches, [WASM_URL, WASM_URL]);
  assert.equal(log.instantiateArgs.length, 1);
  assert.ok(log.instantiateArgs[0].bytes instanceof ArrayBuffer);
  assert.equal(log.instantiateArgs[0].imports, log.runs[0].go.importObject);
  assert.equal(log.runs.length, 1);
  assert.equal(log.runs[0].inst, instance);
  assert.deepEqual(log.errors, []);
`},
		{"a failed download is logged and fires silcrow:error", `
  wasmMode = "fail";
  load();
  window.Silcrow.send("#chat", "queued anyway");
  await settle();
  assert.equal(log.runs.length, 0);
  assert.equal(log.errors.length, 1);
  assert.ok(log.errors[0].startsWith("[silcrow] "), log.errors[0]);
  assert.match(log.errors[0], /HTTP 404/);
  assert.deepEqual(log.events.map((e) => e.type), ["silcrow:error"]);
  assert.equal(log.events[0].bubbles, true);
  assert.equal(log.events[0].detail.url, WASM_URL);
  assert.ok(log.events[0].detail.error instanceof Error);
  assert.equal(window.Silcrow.__queue.length, 1);
`},
		{"a missing data-wasm is reported without fetching", `
  currentScript = null;
  load();
  await settle();
  assert.deepEqual(log.fetches, []);
  assert.equal(log.errors.length, 1);
  assert.match(log.errors[0], /^\[silcrow\] .*data-wasm/);
  assert.deepEqual(log.events.map((e) => e.type), ["silcrow:error"]);
`},
		{"a missing wasm_exec.js is reported", `
  delete globalThis.Go;
  load();
  await settle();
  assert.deepEqual(log.fetches, []);
  assert.match(log.errors[0], /^\[silcrow\] .*wasm_exec\.js/);
  assert.deepEqual(log.events.map((e) => e.type), ["silcrow:error"]);
`},
		{"a runtime that exits is reported", `
  goRun = async () => {};
  load();
  await settle();
  assert.match(log.errors[0], /^\[silcrow\] .*exited/);
  assert.deepEqual(log.events.map((e) => e.type), ["silcrow:error"]);
`},
		{"a second include keeps the first Silcrow and boots once", `
  load();
  const S = window.Silcrow;
  S.send("#chat", "first");
  load();
  assert.equal(window.Silcrow, S);
  assert.equal(S.__queue.length, 1);
  await settle();
  assert.equal(log.runs.length, 1);
  assert.deepEqual(log.fetches, [WASM_URL]);
`},
		{"an existing window.Silcrow is not overwritten", `
  const mine = { mine: true };
  window.Silcrow = mine;
  load();
  await settle();
  assert.equal(window.Silcrow, mine);
  assert.deepEqual(Object.keys(mine), ["mine"]);
  assert.deepEqual(log.fetches, []);
`},
		{"calls before boot reach the runtime in order after it, through the same methods", `
  // The runtime's side of the bridge: silcrow_in hands out a buffer in
  // its memory, silcrow_call decodes one call (method number, then
  // tagged arguments).
  const mem = new RealWebAssembly.Memory({ initial: 1 });
  const calls = [];
  instance.exports = {
    mem,
    silcrow_in: () => 1024,
    silcrow_call: (n) => {
      const b = new Uint8Array(mem.buffer, 1024, n), v = new DataView(mem.buffer, 1024, n);
      let p = 0;
      const str = () => { const k = v.getUint32(p, true); p += 4; const s = new TextDecoder().decode(b.subarray(p, p + k)); p += k; return s; };
      const call = [b[p++]];
      while (p < n) {
        const tag = b[p++];
        call.push(tag === 0 ? undefined : tag === 1 ? str() : tag === 2 ? { node: v.getUint32((p += 4) - 4, true) } : tag === 3 ? JSON.parse(str()) : tag === 5 ? (p += 4, "held value") : "other: " + str());
      }
      calls.push(call);
      return 0;
    },
  };
  goRun = () => {
    const bridge = window.Silcrow.__bridge;
    delete window.Silcrow.__bridge;
    bridge.ready();
    return new Promise(() => {});
  };
  load();
  const S = window.Silcrow;
  const send = S.send;
  const stream = S.stream;
  const onToast = S.onToast;
  const update = S.stream("#stats");
  update({ n: 1 });
  send("#chat", "before");
  await settle();
  assert.equal("__queue" in S, false);
  send("#chat", "after");
  update({ n: 2 });
  update({ n: 3 });
  stream("#other")({ n: 4 });
  assert.equal(onToast(() => {}), S);
  await settle();
  // Method numbers: patch 1, send 3, onToast 11. A stream's calls within
  // one microtask coalesce into one patch, made when the microtask runs.
  assert.deepEqual(calls, [
    [3, "#chat", "before"],
    [1, { n: 1 }, "#stats"],
    [3, "#chat", "after"],
    [11, "held value"],
    [1, { n: 3 }, "#stats"],
    [1, { n: 4 }, "#other"],
  ]);
`},
	}
	for i, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			script := filepath.Join(dir, "scenario"+strconv.Itoa(i+1)+".js")
			if err := os.WriteFile(script, []byte(strings.Replace(loaderPrelude, "%s", sc.js, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, node, script, loaderPath).CombinedOutput()
			if err != nil || strings.TrimSpace(string(out)) != "PASS" {
				t.Errorf("node %s: %v\n%s", sc.name, err, out)
			}
		})
	}
}

func TestGzipIsServedWhileBrotliIsStillBeingComputed(t *testing.T) {
	a, err := NewAssets(fakeAssetsFS())
	if err != nil {
		t.Fatal(err)
	}
	path := hashedPath("silcrow", ".wasm", fakeWasm)
	select {
	case <-a.BrotliReady():
		// Too fast to observe the window on this machine; the answer after
		// it is checked below either way.
	default:
		rec := get(t, a, "GET", path, "br, gzip")
		if enc := rec.Header().Get("Content-Encoding"); enc != "gzip" {
			t.Fatalf("before brotli is ready, br+gzip client got %q, want gzip", enc)
		}
	}
	<-a.BrotliReady()
	if enc := get(t, a, "GET", path, "br, gzip").Header().Get("Content-Encoding"); enc != "br" {
		t.Fatalf("after brotli is ready, got %q, want br", enc)
	}
}

func TestServedLoaderKeepsEveryLineOfCode(t *testing.T) {
	isCode := func(line string) bool {
		trimmed := strings.TrimSpace(line)
		return trimmed != "" && !strings.HasPrefix(trimmed, "//")
	}
	var code []string
	for _, line := range strings.Split(string(loaderJS), "\n") {
		if isCode(line) {
			code = append(code, line)
		}
	}
	served := strings.Split(strings.TrimSuffix(string(servedLoader), "\n"), "\n")
	if strings.Join(served, "\n") != strings.Join(code, "\n") {
		t.Errorf("the served loader is not loader.js's lines of code in order (%d lines served, %d of code)", len(served), len(code))
	}
	if len(servedLoader) >= len(loaderJS) {
		t.Errorf("the served loader is %d bytes, loader.js %d: nothing was stripped", len(servedLoader), len(loaderJS))
	}
}
