package e2e

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// navRecorder records the navigator's document events in window.__nav,
// elements by id, errors as "name: message"; __of(name) filters them.
const navRecorder = `<script>
window.__nav = [];
for (const n of ["silcrow:navigate", "silcrow:before-swap", "silcrow:load", "silcrow:error", "silcrow:sse"]) {
  document.addEventListener(n, (e) => {
    const d = e.detail || {};
    window.__nav.push({name: n, url: d.url, method: d.method, trigger: d.trigger,
      target: d.target ? d.target.id || d.target.localName : null, redirected: d.redirected, isJSON: d.isJSON,
      error: d.error ? d.error.name + ": " + d.error.message : null, path: d.path,
      bubbles: e.bubbles, cancelable: e.cancelable});
  });
}
window.__of = (n) => window.__nav.filter((e) => e.name === n);
</script>
`

// requestLog records what the server received on a path.
type requestLog struct {
	mu   sync.Mutex
	reqs []loggedRequest
}

type loggedRequest struct {
	method, url, accept, contentType, body, target string
}

func (l *requestLog) add(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	l.mu.Lock()
	l.reqs = append(l.reqs, loggedRequest{r.Method, r.URL.String(), r.Header.Get("Accept"), r.Header.Get("Content-Type"), string(b), r.Header.Get("silcrow-target")})
	l.mu.Unlock()
}

func (l *requestLog) all() []loggedRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]loggedRequest(nil), l.reqs...)
}

func (l *requestLog) count() int { return len(l.all()) }

// fragment serves markup at pattern with the given headers, logging every
// request.
func (ts *testServer) fragment(pattern, markup string, headers map[string]string) *requestLog {
	log := &requestLog{}
	ts.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		io.WriteString(w, markup)
	})
	return log
}

// openNav opens a page with the navigation recorder and body; {{id}} in
// body is replaced by the page's id, which the test's paths use too.
func openNav(t *testing.T, ts *testServer, id, head, body string) *tab {
	t.Helper()
	path := "/page/" + id
	ts.page(path, navRecorder+head, strings.ReplaceAll(body, "{{id}}", id))
	tb := openTab(t, t.Name())
	tb.navigate(ts.URL(path))
	tb.waitFor("silcrow:ready", `__count("silcrow:ready") === 1`)
	return tb
}

// clickJS is a plain left click on the element with id, or one with the
// modifier key named by mod.
func clickJS(id, mod string) string {
	opts := `{bubbles: true, cancelable: true, button: 0}`
	if mod != "" {
		opts = `{bubbles: true, cancelable: true, button: 0, ` + mod + `: true}`
	}
	return `$id(` + js(id) + `).dispatchEvent(new MouseEvent("click", ` + opts + `))`
}

func TestNavigation(t *testing.T) {
	ts := newTestServer(t)

	t.Run("Silcrow.go sends its method, JSON body and target, and skips history", func(t *testing.T) {
		id := newID()
		log := ts.fragment("/go/"+id, `<p id="done">updated</p>`, nil)
		tb := openNav(t, ts, id, "", `<div id="box">old</div>`)
		before := eval[int](tb, `history.length`)
		tb.exec(`Silcrow.go("/go/` + id + `", {method: "put", body: {a: 1}, target: "#box", skipHistory: true})`)
		tb.waitFor("the response in #box", `$id("box").querySelector("#done") !== null`)
		reqs := log.all()
		if len(reqs) != 1 || reqs[0].method != "PUT" || reqs[0].contentType != "application/json" || reqs[0].body != `{"a":1}` || reqs[0].target != "true" {
			t.Fatalf("the server got %+v; want one PUT of {\"a\":1} as application/json with silcrow-target", reqs)
		}
		nav := eval[[]map[string]any](tb, `__of("silcrow:navigate")`)
		if len(nav) != 1 || nav[0]["trigger"] != "api" || nav[0]["method"] != "PUT" || nav[0]["target"] != "box" || nav[0]["cancelable"] != true || nav[0]["bubbles"] != true {
			t.Errorf("silcrow:navigate = %v; want one, trigger go, method PUT, target #box, cancelable and bubbling", nav)
		}
		if after := eval[int](tb, `history.length`); after != before {
			t.Errorf("history.length went from %d to %d; skipHistory wants no entry", before, after)
		}

		tb.exec(`(() => { const f = new FormData(); f.append("name", "Zoë"); Silcrow.go("/go/` + id + `", {body: f, target: $id("box")}); })()`)
		tb.waitFor("the second request", `__of("silcrow:load").length === 2`)
		reqs = log.all()
		if r := reqs[len(reqs)-1]; r.method != "POST" || !strings.HasPrefix(r.contentType, "multipart/form-data") || !strings.Contains(r.body, "Zoë") {
			t.Errorf("a FormData body: the server got %+v; want a multipart POST", r)
		}
	})

	t.Run("a left click on s-action navigates, a modified click does not", func(t *testing.T) {
		id := newID()
		log := ts.fragment("/click/"+id, `<p id="clicked">clicked</p>`, nil)
		tb := openNav(t, ts, id, "", `<button id="b" s-action="/click/{{id}}" s-target="#box" s-html><span id="inner">go</span></button><div id="box"></div>`)
		for _, mod := range []string{"ctrlKey", "metaKey", "shiftKey", "altKey"} {
			tb.exec(clickJS("b", mod))
		}
		tb.exec(`$id("b").dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, button: 1}))`)
		tb.holds(300*time.Millisecond, "no navigation for modified or middle clicks", `__of("silcrow:navigate").length === 0`)
		if n := log.count(); n != 0 {
			t.Fatalf("modified clicks fetched %d times", n)
		}
		tb.exec(clickJS("inner", ""))
		tb.waitFor("the response in #box", `$id("box").querySelector("#clicked") !== null`)
		reqs := log.all()
		if len(reqs) != 1 || reqs[0].method != "GET" || reqs[0].accept != "text/html" {
			t.Errorf("the server got %+v; want one GET with Accept: text/html (s-html)", reqs)
		}
		if nav := eval[[]map[string]any](tb, `__of("silcrow:navigate")`); len(nav) != 1 || nav[0]["trigger"] != "click" || nav[0]["target"] != "box" {
			t.Errorf("silcrow:navigate = %v; want trigger click, target #box", nav)
		}
	})

	t.Run("forms: GET puts the fields in the query, POST sends FormData; method attributes", func(t *testing.T) {
		id := newID()
		log := ts.fragment("/form/"+id, `{"result":"ok"}`, map[string]string{"Content-Type": "application/json"})
		tb := openNav(t, ts, id, "", `<form id="fg" s-action="/form/{{id}}?x=1" method="get" s-target="#out"><input name="q" value="a b"><button id="sg">search</button></form>
<form id="fp" s-action="/form/{{id}}" s-target="#out"><input name="title" value="Hello"><button id="sp">save</button></form>
<button id="del" s-action="/form/{{id}}" DELETE s-target="#out">delete</button>
<div id="out"><span id="res" s-bind="result">-</span></div>`)
		tb.exec(`$id("sg").click()`)
		tb.waitFor("the GET", `__of("silcrow:load").length === 1`)
		tb.exec(`$id("res").textContent = "-"; $id("sp").click()`)
		tb.waitFor("the POST", `__of("silcrow:load").length === 2 && $id("res").textContent === "ok"`)
		tb.exec(clickJS("del", ""))
		tb.waitFor("the DELETE", `__of("silcrow:load").length === 3`)
		reqs := log.all()
		if len(reqs) != 3 {
			t.Fatalf("the server got %d requests, want 3: %+v", len(reqs), reqs)
		}
		if r := reqs[0]; r.method != "GET" || r.url != "/form/"+id+"?x=1&q=a+b" || r.accept != "application/json" {
			t.Errorf("form GET: %+v; want GET /form/%s?x=1&q=a+b asking for JSON", r, id)
		}
		if r := reqs[1]; r.method != "POST" || !strings.HasPrefix(r.contentType, "multipart/form-data") || !strings.Contains(r.body, "Hello") {
			t.Errorf("form POST: %+v; want multipart FormData", r)
		}
		if r := reqs[2]; r.method != "DELETE" {
			t.Errorf("DELETE attribute: %+v", r)
		}
	})

	t.Run("side effects run after the swap in order: patch, invalidate, navigate, ws", func(t *testing.T) {
		id := newID()
		ts.fragment("/fx/"+id, `<p id="swapped">swapped</p>`, map[string]string{
			"silcrow-patch":      `{"target":"#inv","data":{"n":2}}`,
			"silcrow-invalidate": "#inv",
			"silcrow-navigate":   "/next/" + id,
			"silcrow-sse":        "/events/" + id,
			"silcrow-ws":         "/ws/" + id,
		})
		tb := openNav(t, ts, id, `<script>
window.__order = [];
document.addEventListener("silcrow:patched", (e) => __order.push("patch " + e.target.id));
document.addEventListener("silcrow:navigate", (e) => {
  if (e.detail.trigger !== "header") return;
  __order.push("navigate swapped=" + !!$id("swapped") + " n=" + $id("first").textContent);
  e.preventDefault();
});
document.addEventListener("silcrow:sse", (e) => __order.push("sse"));
document.addEventListener("silcrow:live:connect", (e) => __order.push("ws"));
</script>`, `<div id="inv"><span id="first" s-bind="n">-</span></div><div id="box"></div><button id="b" s-action="/fx/{{id}}" s-target="#box">go</button>`)
		tb.exec(`Silcrow.patch({n: 1}, "#inv")`)
		tb.exec(`(() => { const s = document.createElement("span"); s.id = "late"; s.setAttribute("s-bind", "n"); s.textContent = "-"; $id("inv").append(s); })()`)
		tb.exec(`__order = []`)
		tb.exec(clickJS("b", ""))
		c := ts.stream(t, id, 1)
		tb.waitFor("the socket", `__order.includes("ws")`)
		got := eval[[]string](tb, `__order`)
		want := []string{"patch inv", "navigate swapped=true n=2", "sse", "ws"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("side effects in order %q, want %q", got, want)
		}
		if late := eval[string](tb, `$id("late").textContent`); late != "-" {
			t.Errorf("the header patch reached an element added after the last scan (%q): it ran after invalidate", late)
		}
		tb.exec(`Silcrow.patch({n: 3}, "#inv")`)
		tb.waitFor("invalidate made the next patch rescan", `$id("late").textContent === "3"`)
		sse := eval[[]map[string]any](tb, `__of("silcrow:sse")`)
		if len(sse) != 1 || sse[0]["path"] != ts.URL("/events/"+id) || sse[0]["target"] != "box" {
			t.Errorf("silcrow:sse = %v", sse)
		}
		c.send(t, wire.Patch(map[string]string{"n": "from ws"}, ""))
		tb.exec(`$id("box").insertAdjacentHTML("beforeend", '<b id="wsn" s-bind="n"></b>')`)
		c.send(t, wire.Invalidate(""))
		c.send(t, wire.Patch(map[string]string{"n": "bound"}, ""))
		tb.waitFor("the socket bound to the navigation's target", `$id("wsn").textContent === "bound"`)
	})

	t.Run("Back re-fetches the page and restores its scroll position", func(t *testing.T) {
		id := newID()
		ts.document("/second/"+id, pageHTML("Second", "", `<h1 id="second">second</h1>`))
		tb := openNav(t, ts, id, `<style>#tall { height: 5000px }</style>`, `<div id="tall"><h1 id="first">first</h1><a id="link" href="#" s-action="/second/{{id}}" s-html>next</a></div>`)
		if state := eval[bool](tb, `history.state && history.state.silcrow === true`); !state {
			t.Error("the first entry is not marked as the runtime's")
		}
		tb.exec(`window.scrollTo(0, 1234)`)
		tb.waitFor("the scroll", `window.scrollY === 1234`)
		tb.exec(`window.__same = true`)
		tb.exec(clickJS("link", ""))
		tb.waitFor("the second page", `$id("second") !== null && location.pathname === "/second/`+id+`"`)
		if y := eval[float64](tb, `window.scrollY`); y != 0 {
			t.Errorf("scrollY = %v after a full-page navigation, want 0", y)
		}
		if st := eval[map[string]any](tb, `history.state`); st["silcrow"] != true || st["url"] != ts.URL("/second/"+id) {
			t.Errorf("history.state = %v", st)
		}
		tb.exec(`history.back()`)
		tb.waitFor("the first page again, its scroll restored", `$id("first") !== null && window.scrollY === 1234`)
		if !eval[bool](tb, `window.__same === true`) {
			t.Error("Back reloaded the document")
		}
		if nav := eval[[]map[string]any](tb, `__of("silcrow:navigate")`); len(nav) != 2 || nav[1]["trigger"] != "popstate" {
			t.Errorf("silcrow:navigate = %v; want the click, then popstate", nav)
		}
	})

	t.Run("a newer GET aborts the older GET of its target, never a POST", func(t *testing.T) {
		id := newID()
		var aborted, finished atomic.Int32
		release := make(chan struct{})
		ts.mux.HandleFunc("/slow/"+id, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
				aborted.Add(1)
				return
			case <-release:
			}
			finished.Add(1)
			io.WriteString(w, `<p>`+r.Method+" "+r.URL.RawQuery+`</p>`)
		})
		tb := openNav(t, ts, id, "", `<div id="box"></div>`)
		tb.exec(`Silcrow.go("/slow/` + id + `?n=1", {target: "#box"})`)
		tb.waitFor("loading state", `$id("box").classList.contains("silcrow-loading") && $id("box").getAttribute("aria-busy") === "true"`)
		tb.exec(`Silcrow.go("/slow/` + id + `?n=2", {target: "#box"})`)
		deadline := time.Now().Add(patience)
		for aborted.Load() != 1 && time.Now().Before(deadline) {
			time.Sleep(pollInterval)
		}
		if aborted.Load() != 1 {
			t.Fatal("the first GET was not aborted")
		}
		tb.exec(`Silcrow.go("/slow/` + id + `?n=3", {method: "POST", target: "#box"})`)
		tb.exec(`Silcrow.go("/slow/` + id + `?n=4", {target: "#box"})`)
		time.Sleep(300 * time.Millisecond)
		close(release)
		tb.waitFor("the rest to finish", `!$id("box").classList.contains("silcrow-loading")`)
		if a, f := aborted.Load(), finished.Load(); a != 2 || f != 2 {
			t.Errorf("aborted %d, finished %d; want the GETs n=1 and n=2 aborted (by n=2 and the POST n=3), the POST and n=4 finished", a, f)
		}
		if errs := eval[int](tb, `__of("silcrow:error").length`); errs != 0 {
			t.Errorf("%d silcrow:error for superseded requests, want none", errs)
		}
	})

	t.Run("s-timeout aborts and reports a TimeoutError", func(t *testing.T) {
		id := newID()
		ts.mux.HandleFunc("/late/"+id, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
		})
		tb := openNav(t, ts, id, `<script>Silcrow.onError((err, ctx) => { window.__onError = err.name + " " + ctx.trigger + " " + ctx.target.id; });</script>`,
			`<button id="b" s-action="/late/{{id}}" s-timeout="200" s-target="#box">go</button><div id="box"></div>`)
		tb.exec(clickJS("b", ""))
		tb.waitWithin(2*time.Second, "silcrow:error", `__of("silcrow:error").length === 1`)
		if e := eval[string](tb, `__of("silcrow:error")[0].error`); !strings.HasPrefix(e, "TimeoutError: ") || !strings.Contains(e, "200ms") {
			t.Errorf("error = %q, want a TimeoutError after 200ms", e)
		}
		if got := eval[string](tb, `window.__onError`); got != "TimeoutError click box" {
			t.Errorf("onError got %q", got)
		}
		if eval[bool](tb, `$id("box").classList.contains("silcrow-loading")`) {
			t.Error("the loading state stayed after the timeout")
		}
	})

	t.Run("GET cache: hit, no-cache, busted by a mutation, preload", func(t *testing.T) {
		id := newID()
		cached := ts.fragment("/cached/"+id, `<p id="c">cached</p>`, nil)
		fresh := ts.fragment("/fresh/"+id, `<p id="f">fresh</p>`, map[string]string{"silcrow-cache": "no-cache"})
		mut := ts.fragment("/mut/"+id, `<p>done</p>`, nil)
		pre := ts.fragment("/pre/"+id, `<p id="p">preloaded</p>`, nil)
		tb := openNav(t, ts, id, "", `<div id="box"></div><button id="pl" s-preload s-action="/pre/{{id}}" s-target="#box">pre</button>`)
		goBox := func(path string) {
			n := eval[int](tb, `__of("silcrow:load").length`)
			tb.exec(`Silcrow.go(` + js(path) + `, {target: "#box"})`)
			tb.waitFor("load of "+path, `__of("silcrow:load").length === `+js(n+1))
		}
		goBox("/cached/" + id)
		goBox("/cached/" + id)
		if n := cached.count(); n != 1 {
			t.Errorf("a cached GET fetched %d times, want 1", n)
		}
		if !eval[bool](tb, `Silcrow.cache.has("/cached/`+id+`")`) {
			t.Error("Silcrow.cache.has is false for a cached page")
		}
		goBox("/fresh/" + id)
		goBox("/fresh/" + id)
		if n := fresh.count(); n != 2 || eval[bool](tb, `Silcrow.cache.has("/fresh/`+id+`")`) {
			t.Errorf("silcrow-cache: no-cache was cached (%d fetches)", n)
		}
		tb.exec(`Silcrow.go("/mut/` + id + `", {method: "POST", target: "#box"})`)
		tb.waitFor("the mutation", `__of("silcrow:load").length === 5`)
		if mut.count() != 1 || eval[bool](tb, `Silcrow.cache.has("/cached/`+id+`")`) {
			t.Error("a mutation did not clear the cache")
		}
		goBox("/cached/" + id)
		if n := cached.count(); n != 2 {
			t.Errorf("after the mutation, fetched %d times, want 2", n)
		}
		tb.exec(`Silcrow.cache.clear("/cached/` + id + `")`)
		if eval[bool](tb, `Silcrow.cache.has("/cached/`+id+`")`) {
			t.Error("Silcrow.cache.clear(path) left the page")
		}
		if eval[bool](tb, `Silcrow.cache.has("javascript:alert(1)")`) {
			t.Error("cache.has of a javascript: URL is true")
		}

		tb.exec(`$id("pl").dispatchEvent(new MouseEvent("mouseenter", {bubbles: false}))`)
		tb.waitFor("the preload in the cache", `Silcrow.cache.has("/pre/`+id+`")`)
		tb.exec(clickJS("pl", ""))
		tb.waitFor("the preloaded page", `$id("p") !== null`)
		if n := pre.count(); n != 1 {
			t.Errorf("preload then click fetched %d times, want 1", n)
		}
	})

	t.Run("silcrow:navigate and before-swap are cancelable; proceed swaps later", func(t *testing.T) {
		id := newID()
		log := ts.fragment("/vt/"+id, `<p id="vt">transitioned</p>`, nil)
		tb := openNav(t, ts, id, `<script>
document.addEventListener("silcrow:navigate", (e) => { if (e.detail.url.includes("cancel")) e.preventDefault(); });
document.addEventListener("silcrow:before-swap", (e) => {
  window.__content = e.detail.content; window.__isJSON = e.detail.isJSON;
  e.preventDefault();
  setTimeout(() => { window.__before = !!$id("vt"); e.detail.proceed(); e.detail.proceed(); }, 50);
});
</script>`, `<div id="box"></div>`)
		tb.exec(`Silcrow.go("/vt/` + id + `?cancel", {target: "#box"})`)
		tb.holds(200*time.Millisecond, "a cancelled navigation fetches nothing", `__of("silcrow:before-swap").length === 0`)
		if log.count() != 0 {
			t.Error("a cancelled silcrow:navigate fetched")
		}
		tb.exec(`Silcrow.go("/vt/` + id + `", {target: "#box"})`)
		tb.waitFor("the swap by proceed", `$id("vt") !== null`)
		if !eval[bool](tb, `window.__before === false && window.__isJSON === false && window.__content.includes("transitioned")`) {
			t.Error("before-swap's detail or timing is wrong")
		}
		if n := eval[int](tb, `$id("box").children.length`); n != 1 {
			t.Errorf("proceed twice swapped %d times", n)
		}
	})

	t.Run("onRoute returning false skips the swap", func(t *testing.T) {
		id := newID()
		ts.fragment("/route/"+id, `<p id="routed">x</p>`, nil)
		tb := openNav(t, ts, id, `<script>
const r = Silcrow.onRoute(async (ctx) => { window.__route = ctx.method + " " + ctx.trigger + " " + ctx.target.id + " " + ctx.response; return false; });
window.__chain = r === Silcrow;
</script>`, `<div id="box">kept</div>`)
		tb.exec(`Silcrow.go("/route/` + id + `", {target: "#box"})`)
		tb.waitFor("onRoute", `window.__route !== undefined`)
		tb.holds(200*time.Millisecond, "no swap", `$id("box").textContent === "kept" && !$id("box").classList.contains("silcrow-loading")`)
		if got := eval[string](tb, `window.__route`); got != `GET api box <p id="routed">x</p>` {
			t.Errorf("onRoute got %q", got)
		}
		if !eval[bool](tb, `window.__chain`) {
			t.Error("onRoute did not return window.Silcrow")
		}
	})

	t.Run("onError gets HTTP errors; silcrow:error fires", func(t *testing.T) {
		id := newID()
		ts.mux.HandleFunc("/broken/"+id, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusInternalServerError) })
		tb := openNav(t, ts, id, `<script>Silcrow.onError((err, ctx) => { window.__err = err.message + "|" + ctx.url + "|" + ctx.method; });</script>`, `<div id="box">kept</div>`)
		tb.exec(`Silcrow.go("/broken/` + id + `", {target: "#box"})`)
		tb.waitFor("onError", `window.__err !== undefined && __of("silcrow:error").length === 1`)
		if got := eval[string](tb, `window.__err`); got != "HTTP 500: Internal Server Error|"+ts.URL("/broken/"+id)+"|GET" {
			t.Errorf("onError got %q", got)
		}
		if got := eval[string](tb, `$id("box").textContent`); got != "kept" {
			t.Errorf("an error changed the target to %q", got)
		}
	})

	t.Run("toasts from a JSON response, the cookie and the silcrow-toast header", func(t *testing.T) {
		id := newID()
		ts.fragment("/toast/"+id, `{"_toasts":[{"message":"Saved","level":"success"}],"data":{"title":"Inbox"}}`, map[string]string{"Content-Type": "application/json"})
		ts.mux.HandleFunc("/cookie/"+id, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Set-Cookie", "silcrow_toasts=%5B%7B%22message%22%3A%22Bye%22%2C%22level%22%3A%22info%22%7D%5D; Path=/")
			io.WriteString(w, "<p>bye</p>")
		})
		ts.mux.Handle("/hdrtoast/"+id, server.HTML("<p>header</p>").Toast("Header", "warning"))
		tb := openNav(t, ts, id, `<script>
document.cookie = "silcrow_toasts=" + encodeURIComponent(JSON.stringify([{message: "Welcome", level: "info"}])) + "; path=/";
window.__toasts = [];
window.__chain = Silcrow.onToast((m, l) => __toasts.push(m + "/" + l)) === Silcrow;
</script>`, `<div id="box"><h1 id="t" s-bind="title">-</h1></div>`)
		tb.waitFor("the cookie's toast", `__toasts.length === 1`)
		tb.exec(`Silcrow.go("/toast/` + id + `", {target: "#box"})`)
		tb.waitFor("the JSON toast and the unwrapped data", `__toasts.length === 2 && $id("t").textContent === "Inbox"`)
		tb.exec(`Silcrow.go("/cookie/` + id + `", {target: "#box"})`)
		tb.waitFor("the toast of the cookie set by the response", `__toasts.length === 3`)
		tb.exec(`Silcrow.go("/hdrtoast/` + id + `", {target: "#box"})`)
		tb.waitFor("the toast of server.Response.Toast", `__toasts.length === 4`)
		if got := eval[[]string](tb, `__toasts`); strings.Join(got, ",") != "Welcome/info,Saved/success,Bye/info,Header/warning" {
			t.Errorf("toasts %q", got)
		}
		if eval[bool](tb, `document.cookie.includes("silcrow_toasts")`) {
			t.Error("the toast cookie was not cleared")
		}
		if !eval[bool](tb, `window.__chain`) {
			t.Error("onToast did not return window.Silcrow")
		}
	})

	t.Run("javascript: and cross-origin targets are refused with a warning", func(t *testing.T) {
		id := newID()
		tb := openNav(t, ts, id, "", `<button id="js" s-action="javascript:alert(1)">x</button><button id="far" s-action="https://example.com/">y</button>`)
		before := len(tb.log.SilcrowWarnings())
		tb.exec(clickJS("js", ""))
		tb.exec(clickJS("far", ""))
		tb.exec(`Silcrow.go("javascript:alert(2)")`)
		tb.exec(`Silcrow.go("//example.com/x")`)
		tb.holds(200*time.Millisecond, "no navigation", `__of("silcrow:navigate").length === 0`)
		if n := len(tb.log.SilcrowWarnings()) - before; n != 4 {
			t.Errorf("%d warnings for 4 refused navigations: %q", n, tb.log.SilcrowWarnings())
		}
	})

	t.Run("silcrow-trigger, silcrow-retarget and silcrow-push", func(t *testing.T) {
		id := newID()
		ts.fragment("/hdr/"+id, `<p id="rt">retargeted</p>`, map[string]string{
			"silcrow-trigger":  `{"saved":{"id":7},"refresh":null}`,
			"silcrow-retarget": "#other",
			"silcrow-push":     "/pushed/" + id,
		})
		ts.fragment("/named/"+id, `<p>x</p>`, map[string]string{"silcrow-trigger": "plain-event"})
		tb := openNav(t, ts, id, `<script>
window.__trig = [];
for (const n of ["saved", "refresh", "plain-event"]) document.addEventListener(n, (e) => __trig.push(n + "=" + JSON.stringify(e.detail)));
</script>`, `<div id="box"></div><div id="other"></div>`)
		tb.exec(`Silcrow.go("/hdr/` + id + `", {target: "#box"})`)
		tb.waitFor("the swap into #other", `$id("other").querySelector("#rt") !== null`)
		if got := eval[string](tb, `location.pathname`); got != "/pushed/"+id {
			t.Errorf("location after silcrow-push: %s", got)
		}
		load := eval[[]map[string]any](tb, `__of("silcrow:load")`)
		if len(load) != 1 || load[0]["redirected"] != true || load[0]["target"] != "other" || load[0]["url"] != ts.URL("/pushed/"+id) {
			t.Errorf("silcrow:load = %v", load)
		}
		tb.exec(`Silcrow.go("/named/` + id + `", {target: "#box"})`)
		tb.waitFor("the named trigger", `__trig.length === 3`)
		if got := eval[[]string](tb, `__trig`); strings.Join(got, ",") != `saved={"id":7},refresh=null,plain-event=null` {
			t.Errorf("trigger events %q", got)
		}
	})

	t.Run("bad input is dropped with a warning and navigation keeps working", func(t *testing.T) {
		id := newID()
		ts.fragment("/bad/"+id, `<p id="ok">ok</p>`, map[string]string{
			"silcrow-trigger": `{"saved":`, "silcrow-patch": `{"target":`, "silcrow-retarget": "#(",
		})
		tb := openNav(t, ts, id, "", `<button id="sel" s-action="/bad/{{id}}" s-target="#(">x</button>
<button id="to" s-action="/bad/{{id}}" s-timeout="soon" s-target="#box">y</button><div id="box"></div>`)
		before := len(tb.log.SilcrowWarnings())
		tb.exec(clickJS("sel", ""))
		tb.holds(100*time.Millisecond, "an invalid s-target navigates nowhere", `__of("silcrow:navigate").length === 0`)
		tb.exec(clickJS("to", ""))
		tb.waitFor("the swap despite bad s-timeout and headers", `$id("ok") !== null`)
		if n := len(tb.log.SilcrowWarnings()) - before; n != 5 {
			t.Errorf("%d warnings, want 5 (s-target, s-timeout, trigger, retarget, patch): %q", n, tb.log.SilcrowWarnings()[before:])
		}
	})
}
