//go:build js && wasm

package dom

import (
	"strconv"
	"sync"
	"sync/atomic"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/wire/frame"
)

// Navigate follows a navigate event from the server: path is fetched and
// shown in document.body as Silcrow.go(path) would, with trigger "ws".
// Commands written before it are applied first: the navigation reaches
// the DOM directly.
func Navigate(path string) {
	bridge.Flush()
	navigateTo(path, triggerWS)
}

// navigateTo navigates the body to path, a full-page GET that asks for
// HTML: what Silcrow.go without options, a navigate event and a
// silcrow-navigate header do.
func navigateTo(path, trigger string) {
	u, err := pageNavigationURL(path)
	if err != nil {
		warn("navigation refused: " + err.Error())
		return
	}
	start(&request{url: u, method: "GET", trigger: trigger, wantsHTML: true})
}

// request is one navigation as its source asked for it.
type request struct {
	url    bridge.URL
	method string
	// body is what fetch sends, undefined for none; jsonBody says it is
	// JSON text.
	body     js.Value
	jsonBody bool
	// target receives the response, document.body when it is undefined.
	target js.Value
	// targetSelector is the source element's s-target: a partial update,
	// which adds no history entry.
	targetSelector string
	trigger        string
	skipHistory    bool
	wantsHTML      bool
	// timeout is 30 s when zero.
	timeout clock.Duration
}

// navigation is one navigation in flight.
type navigation struct {
	*request
	// swapTarget is where the response goes: target, unless the server
	// retargeted it with silcrow-retarget.
	swapTarget js.Value
	abort      js.Value // its AbortController
	timedOut   atomic.Bool
}

// flights are the navigations in flight, per target: a newer one aborts
// an older GET of the same target, and the target shows the loading
// state until the last of them ends.
var (
	flightsMu sync.Mutex
	flights   []*navigation
)

// begin adds nav to the flights and returns the GETs of its target it
// supersedes.
func begin(nav *navigation) (superseded []*navigation) {
	flightsMu.Lock()
	defer flightsMu.Unlock()
	for _, f := range flights {
		if f.target.Equal(nav.target) && supersedes(f.method) {
			superseded = append(superseded, f)
		}
	}
	flights = append(flights, nav)
	return superseded
}

// end removes nav from the flights and reports whether another
// navigation of its target is still in flight.
func end(nav *navigation) (targetBusy bool) {
	flightsMu.Lock()
	defer flightsMu.Unlock()
	kept := flights[:0]
	for _, f := range flights {
		if f != nav {
			kept = append(kept, f)
			targetBusy = targetBusy || f.target.Equal(nav.target)
		}
	}
	clear(flights[len(kept):])
	flights = kept
	return targetBusy
}

// start does the synchronous part of a navigation, as Silcrow.js does
// before its first await: silcrow:navigate (a listener may cancel it),
// the abort of superseded GETs, the loading state and the timer. The
// rest runs on a goroutine of its own, so start may be called from a
// JavaScript callback.
func start(r *request) {
	if r.target.IsUndefined() {
		r.target = native().body.of(native().document)
		if r.target.IsNull() {
			warn("navigation to " + r.url.Href + " ignored: the document has no body")
			return
		}
	}
	if r.timeout == 0 {
		r.timeout = navigationTimeout
	}
	if !fire("silcrow:navigate", true, map[string]any{
		"url": r.url.Href, "method": r.method, "trigger": r.trigger, "target": r.target,
	}) {
		return
	}
	nav := &navigation{request: r, swapTarget: r.target, abort: native().abortController.New()}
	for _, old := range begin(nav) {
		old.abort.Call("abort")
	}
	setLoading(r.target, true)
	stopTimer := clock.AfterFunc(r.timeout, func() {
		nav.timedOut.Store(true)
		nav.abort.Call("abort")
	})
	go func() {
		defer func() {
			stopTimer()
			if !end(nav) {
				setLoading(nav.target, false)
			}
		}()
		if err := nav.run(); err != nil {
			nav.fail(err)
		}
	}()
	bridge.Wake()
}

// response is what a navigation got: from the network, or from the cache
// (then without redirect and side effects).
type response struct {
	text, contentType string
	final             string // the URL the response came from
	push              string // silcrow-push, resolved
	redirected        bool
	effects           sideEffects
	toast             string // silcrow-toast
}

// run fetches (or takes from the cache) the response and applies it. An
// error it returns is reported by fail.
func (nav *navigation) run() error {
	res := response{final: nav.url.Href}
	if e, ok := cachedGet(nav.method, nav.url.Href); ok {
		res.text, res.contentType = e.text, e.contentType
	} else if err := nav.fetch(&res); err != nil {
		return err
	}
	if proceed, err := nav.route(&res); err != nil || !proceed {
		return err
	}
	push := pushesHistory(nav.method, nav.targetSelector, nav.skipHistory, nav.trigger)
	if push {
		// Back to this entry restores the scroll position it had.
		state := js.Global().Get("Object").Call("assign", map[string]any{}, native().history.Get("state"),
			map[string]any{"scrollY": native().window.Get("scrollY")})
		native().history.Call("replaceState", state, "", native().location.Get("href"))
	}
	content, isJSON, err := nav.content(&res)
	if err != nil {
		return err
	}
	swapped := false
	swap := func() {
		if swapped {
			return
		}
		swapped = true
		if err := nav.swap(content, isJSON); err != nil {
			nav.fail(err)
		}
	}
	id := deferSwap(swap)
	proceeding := fire("silcrow:before-swap", true, map[string]any{
		"url": res.final, "target": nav.swapTarget, "content": content, "isJSON": isJSON,
		"proceed": proceedFunc().Call("bind", nil, id),
	})
	if !proceeding {
		// The listener took over: it calls proceed when it is ready
		// (after a view transition's snapshot, say), and the navigation
		// ends here, as in Silcrow.js.
		return nil
	}
	forgetSwap(id)
	swap()
	res.effects.run(nav)
	if push {
		u := historyURL(res.push, res.final, nav.url.Href, res.redirected)
		native().history.Call("pushState", map[string]any{"silcrow": true, "url": u, "targetSelector": nil}, "", u)
		native().window.Call("scrollTo", 0, 0)
	}
	if nav.trigger == triggerPopstate {
		scrollY := 0
		if state := native().history.Get("state"); state.Type() == js.TypeObject {
			if y := state.Get("scrollY"); y.Type() == js.TypeNumber {
				scrollY = y.Int()
			}
		}
		native().window.Call("scrollTo", 0, scrollY)
	}
	setShown(locationKey())
	fire("silcrow:load", false, map[string]any{"url": res.final, "target": nav.swapTarget, "redirected": res.redirected})
	return nil
}

// fetch sends the request and reads the response and its headers: the
// trigger events fire, silcrow-retarget moves the swap, silcrow-push
// names the history entry, and a cacheable answer is stored. A mutation
// clears the cache.
func (nav *navigation) fetch(res *response) error {
	accept := "application/json"
	if nav.wantsHTML {
		accept = "text/html"
	}
	headers := map[string]any{"silcrow-target": "true", "Accept": accept}
	if nav.jsonBody {
		headers["Content-Type"] = "application/json"
	}
	init := map[string]any{"method": nav.method, "headers": headers, "credentials": "same-origin", "signal": nav.abort.Get("signal")}
	if !nav.body.IsUndefined() {
		init["body"] = nav.body
	}
	var promise js.Value
	if err := catchJS(func() { promise = native().fetch.Invoke(nav.url.Href, init) }); err != nil {
		return err
	}
	r, err := await(promise)
	if err != nil {
		return err
	}
	if !r.Get("ok").Bool() {
		return errorf("HTTP " + strconv.Itoa(r.Get("status").Int()) + ": " + r.Get("statusText").String())
	}
	h := r.Get("headers")
	header := func(name string) string { return nullableString(h.Call("get", name)) }
	res.redirected = r.Get("redirected").Bool()
	if u := r.Get("url").String(); u != "" {
		res.final = u
	}
	fireTriggers(header("silcrow-trigger"))
	if sel := header("silcrow-retarget"); sel != "" {
		if el, ok := queryElement("silcrow-retarget", sel); ok {
			nav.swapTarget = el
		}
	}
	if p := header("silcrow-push"); p != "" {
		if u, err := pageNavigationURL(p); err != nil {
			warn("silcrow-push refused: " + err.Error())
		} else {
			res.push, res.final, res.redirected = u.Href, u.Href, true
		}
	}
	res.toast = header("silcrow-toast")
	res.effects = sideEffects{
		patch: header("silcrow-patch"), invalidate: header("silcrow-invalidate"),
		navigate: header("silcrow-navigate"), sse: header("silcrow-sse"), ws: header("silcrow-ws"),
	}
	text, err := await(r.Call("text"))
	if err != nil {
		return err
	}
	res.text, res.contentType = text.String(), header("Content-Type")
	if cacheable(nav.method, res.redirected, header("silcrow-cache")) {
		cachePut(nav.url.Href, res.text, res.contentType)
	}
	if nav.method != "GET" {
		cacheClear()
	}
	return nil
}

// route asks the onRoute handler, if there is one, whether to go on: it
// may answer false, or a promise of false, to take over the response.
func (nav *navigation) route(res *response) (bool, error) {
	h := handlers.route
	if h.Type() != js.TypeFunction {
		return true, nil
	}
	var answer js.Value
	err := catchJS(func() {
		answer = h.Invoke(map[string]any{
			"url": nav.url.Href, "finalUrl": res.final, "redirected": res.redirected, "method": nav.method,
			"trigger": nav.trigger, "response": res.text, "contentType": res.contentType, "target": nav.swapTarget,
		})
	})
	if err == nil && answer.Type() == js.TypeObject && answer.Get("then").Type() == js.TypeFunction {
		answer, err = await(answer)
	}
	if err != nil {
		return false, err
	}
	return !(answer.Type() == js.TypeBoolean && !answer.Bool()), nil
}

// content prepares what the swap puts in, after handing the toasts of a
// silcrow-toast header to onToast: for JSON, the parsed object, its
// _toasts handed to onToast first; for markup, the text, after the toasts
// of the silcrow_toasts cookie.
func (nav *navigation) content(res *response) (content js.Value, isJSON bool, err error) {
	if res.toast != "" && handlers.toast.Type() == js.TypeFunction {
		toasts, err := headerToasts(res.toast)
		if err != nil {
			warn("toasts dropped: " + err.Error())
		}
		showToasts(toasts)
	}
	if !isJSONContentType(res.contentType) {
		takeCookieToasts()
		return js.ValueOf(res.text), false, nil
	}
	data := []byte(res.text)
	if handlers.toast.Type() == js.TypeFunction {
		var toasts []toast
		toasts, data, err = takeJSONToasts(data)
		if _, syntax := err.(*frame.DecodeError); syntax {
			return js.Value{}, true, bridge.Wrap("the "+res.contentType+" response is not valid JSON", err)
		}
		if err != nil {
			warn("toasts dropped: " + err.Error())
		}
		showToasts(toasts)
	} else if _, err := frame.ParseValue(data); err != nil {
		return js.Value{}, true, bridge.Wrap("the "+res.contentType+" response is not valid JSON", err)
	}
	return js.Global().Get("JSON").Call("parse", string(data)), true, nil
}

// swap puts content into the swap target: JSON is patched in (as the
// before-swap listener may have changed it), markup swapped in, a full
// page contributing its title and its body, or the element matching
// s-target.
func (nav *navigation) swap(content js.Value, isJSON bool) error {
	if isJSON {
		data := []byte(js.Global().Get("JSON").Call("stringify", content).String())
		bridge.Turn(func() { PatchNode(bridge.HandleOf(nav.swapTarget), data, PatchOptions{}) })
		return nil
	}
	return swapInto(nav.swapTarget, content.String(), frame.Inner, nav.targetSelector)
}

// fail reports a failed navigation: to the onError handler (a debug
// warning without one) and with silcrow:error. An abort is not a failure
// unless the timeout caused it; a newer navigation took over.
func (nav *navigation) fail(err error) {
	if r, ok := err.(*promiseRejection); ok && r.name == "AbortError" {
		if !nav.timedOut.Load() {
			return
		}
		err = &promiseRejection{name: "TimeoutError", message: "[silcrow] Request timed out after " + strconv.FormatInt(nav.timeout.Milliseconds(), 10) + "ms"}
	}
	name, msg := "", err.Error()
	if r, ok := err.(*promiseRejection); ok {
		name, msg = r.name, r.message
	}
	e := js.Global().Get("Error").New(msg)
	if name != "" {
		e.Set("name", name)
	}
	if h := handlers.error; h.Type() == js.TypeFunction {
		if err := catchJS(func() {
			h.Invoke(e, map[string]any{"url": nav.url.Href, "method": nav.method, "trigger": nav.trigger, "target": nav.swapTarget})
		}); err != nil {
			warn("the onError handler failed: " + err.Error())
		}
	} else {
		warn("navigation to " + nav.url.Href + " failed: " + err.Error())
	}
	fire("silcrow:error", false, map[string]any{"error": e, "url": nav.url.Href})
}

// The side effects of a response, carried out for the navigation.

func (nav *navigation) patch(target string, data []byte) {
	if el, ok := queryElement("silcrow-patch", target); ok {
		bridge.Turn(func() { PatchNode(bridge.HandleOf(el), data, PatchOptions{}) })
	}
}

func (nav *navigation) invalidate(selector string) {
	if el, ok := queryElement("silcrow-invalidate", selector); ok {
		bridge.Turn(func() { InvalidateNode(bridge.HandleOf(el)) })
	}
}

func (nav *navigation) navigate(path string) { navigateTo(path, triggerHeader) }

func (nav *navigation) sse(path string) {
	u, err := pageNavigationURL(path)
	if err != nil {
		warn("silcrow-sse refused: " + err.Error())
		return
	}
	fire("silcrow:sse", false, map[string]any{"path": u.Href, "target": nav.swapTarget})
	// As Silcrow.js does on silcrow:sse: the swap target subscribes to the
	// event stream, as Silcrow.live(target, "sse:" + path) would.
	if live := navigatorHooks.Live; live != nil {
		bridge.Turn(func() { live(bridge.HandleOf(nav.swapTarget), "sse:"+u.Href) })
	}
}

func (nav *navigation) ws(url string) {
	if live := navigatorHooks.Live; live != nil {
		bridge.Turn(func() { live(bridge.HandleOf(nav.swapTarget), url) })
	}
}

// fireTriggers fires the events a silcrow-trigger header names.
func fireTriggers(header string) {
	events, err := parseTriggers(header)
	if err != nil {
		warn(err.Error())
	}
	for _, e := range events {
		detail := js.Null()
		if e.detail != nil {
			detail = js.Global().Get("JSON").Call("parse", string(e.detail))
		}
		fire(e.name, false, detail)
	}
}

// queryElement is document.querySelector(selector) for the header or
// attribute named by what; an invalid selector, or one that matches
// nothing, is a debug warning.
func queryElement(what, selector string) (js.Value, bool) {
	var el js.Value
	if err := catchJS(func() { el = native().querySelector.on(native().document, selector) }); err != nil {
		warn(what + ": invalid selector " + frame.Quote(selector) + ": " + err.Error())
		return el, false
	}
	if el.IsNull() {
		warn(what + ": no element matches " + frame.Quote(selector))
		return el, false
	}
	return el, true
}

// fire dispatches a bubbling CustomEvent named name on document, with
// detail (a map becomes an object; elements, functions and Errors stay
// themselves), and reports whether no listener cancelled it. Navigation
// events go through syscall/js rather than the bridge: before-swap's
// detail carries a function, and error's the very Error that onError
// gets. Commands written before are applied first.
func fire(name string, cancelable bool, detail any) bool {
	bridge.Flush()
	ev := js.Global().Get("CustomEvent").New(name, map[string]any{"bubbles": true, "cancelable": cancelable, "detail": detail})
	return native().dispatchEvent.on(native().document, ev).Bool()
}

// setLoading marks el as waiting for a navigation, or no longer waiting:
// the silcrow-loading class and aria-busy, as in Silcrow.js.
func setLoading(el js.Value, loading bool) {
	classes := native().classList.of(el)
	if loading {
		native().setAttribute.on(el, "aria-busy", "true")
		native().tokenAdd.on(classes, "silcrow-loading")
		return
	}
	native().removeAttribute.on(el, "aria-busy")
	native().tokenRemove.on(classes, "silcrow-loading")
	if nullableString(native().getAttribute.on(el, "class")) == "" {
		// The class list was empty but for ours: leave no class="" behind.
		native().removeAttribute.on(el, "class")
	}
}

// pageNavigationURL is navigationURL for the page showing now, the
// browser resolving.
func pageNavigationURL(path string) (bridge.URL, error) {
	href := native().location.Get("href").String()
	page, err := bridge.ParseURL(href, href)
	if err != nil {
		return bridge.URL{}, err
	}
	return navigationURL(page, path, func(ref string) (bridge.URL, error) { return bridge.ParseURL(ref, href) })
}

// locationKey is the pathname and search of the page's URL: what a
// navigation fetched, fragment aside.
func locationKey() string {
	return native().location.Get("pathname").String() + native().location.Get("search").String()
}

// entryOf classifies a history entry by its state.
func entryOf(state js.Value) historyEntry {
	switch {
	case state.IsNull() || state.IsUndefined():
		return unmarkedEntry
	case state.Type() == js.TypeObject && state.Get("silcrow").Truthy():
		return silcrowEntry
	}
	return foreignEntry
}

// errorf is an error with a message of its own.
func errorf(msg string) error { return &promiseRejection{message: msg} }

// promiseRejection is the reason a promise was rejected with, or an
// Error the navigator makes: a name and a message.
type promiseRejection struct{ name, message string }

func (r *promiseRejection) Error() string {
	if r.name == "" {
		return r.message
	}
	return r.name + ": " + r.message
}

// await blocks the calling goroutine until promise settles and returns
// its value or its rejection. The callbacks only hand the outcome over
// through a buffered channel, so the JavaScript event loop never waits;
// await itself must not run on the goroutine of a js.FuncOf callback.
func await(promise js.Value) (js.Value, error) {
	type outcome struct {
		value js.Value
		err   error
	}
	done := make(chan outcome, 1)
	onFulfilled := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- outcome{value: firstArg(args)}
		return nil
	})
	onRejected := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- outcome{err: rejectionOf(firstArg(args))}
		return nil
	})
	defer onFulfilled.Release()
	defer onRejected.Release()
	promise.Call("then", onFulfilled, onRejected)
	o := <-done
	return o.value, o.err
}

func firstArg(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// rejectionOf turns a rejection reason, usually an Error or DOMException,
// into a *promiseRejection.
func rejectionOf(reason js.Value) error {
	if reason.Type() != js.TypeObject {
		return &promiseRejection{message: js.Global().Get("String").Invoke(reason).String()}
	}
	return &promiseRejection{
		name:    nullableString(reason.Get("name")),
		message: nullableString(reason.Get("message")),
	}
}
